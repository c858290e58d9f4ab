"""`/stats` and `/export` through the real bot: numbers from the ledger, a real PNG, CSVs that round-trip."""

from __future__ import annotations

import csv
import io
from datetime import datetime

import cv2
import numpy as np
import pytest
from sqlalchemy import select

from bot.fakebotapi import BotMessage
from handlers.staff import export as export_handlers
from loyalty import exports
from loyalty.club import Club
from loyalty.members import JoinRequest, join, member_number
from loyalty.purchases import PurchaseRequest, record_purchase
from loyalty.rewards import cancel_claim, claim_reward
from models import LedgerEntry, Member
from tests.bot.conftest import ADMIN, CASHIER
from tests.bot.test_signup import sign_up
from tests.conftest import FakeClock
from tests.harness import OWNER, Harness
from tests.helpers import add_reward

PERSIAN_NAME = "سارا «احمدی»، تهران"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


async def _club_activity(club: Club, clock: FakeClock) -> list[int]:
    """Three members over ten days: purchases in two tiers, a claim kept and a claim cancelled."""
    names = [PERSIAN_NAME, '=HYPERLINK("http://x")', "Ayşe Yılmaz"]
    members = []
    for index, name in enumerate(names):
        request = JoinRequest("telegram", 500 + index, 500 + index, f"+98912000050{index}", "fa", "jalali", name=name)
        members.append((await join(club, request)).member_id)
        clock.advance(days=2)
    for amount in (1_000_000, 60_000_000, 300_000):
        await record_purchase(club, PurchaseRequest(member_id=members[0], amount=amount))
        clock.advance(hours=5)
    await record_purchase(club, PurchaseRequest(member_id=members[1], amount=2_000_000))
    reward = await add_reward(club, cost=40)
    await claim_reward(club, member_id=members[1], reward_id=reward, idempotency_key="keep")
    undone = await claim_reward(club, member_id=members[1], reward_id=reward, idempotency_key="undo")
    await cancel_claim(club, member_id=members[1], voucher_id=undone.voucher_id)
    clock.advance(hours=1)
    return members


async def _entries(club: Club, since: datetime | None = None) -> list[LedgerEntry]:
    async with club.db.sessions() as session:
        query = select(LedgerEntry).order_by(LedgerEntry.id)
        if since is not None:
            query = query.where(LedgerEntry.created_at >= since)
        return list((await session.scalars(query)).all())


def _png(message: BotMessage) -> np.ndarray:
    assert message.kind == "photo" and message.file is not None
    data = message.file.data
    assert data.startswith(PNG_MAGIC)
    image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    assert image is not None
    return image


def _csv(message: BotMessage) -> list[dict[str, str]]:
    assert message.kind == "document" and message.file is not None
    assert message.file.data.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads it as UTF-8
    return list(csv.DictReader(io.StringIO(message.file.data.decode("utf-8-sig"), newline="")))


async def test_stats_numbers_equal_the_ledger_and_the_chart_is_a_png(shop: Harness, clock: FakeClock) -> None:
    start = clock()
    await _club_activity(shop.club, clock)
    admin = shop.user(ADMIN)
    await admin.send("/stats")
    assert admin.last.buttons == ["This week", "This month", "Last 30 days", "This year"]
    await admin.press("Last 30 days")
    text, chart = admin.messages[-2], admin.messages[-1]

    entries = await _entries(shop.club, since=start)
    issued = sum(e.delta for e in entries if e.delta > 0 and e.kind != "claim_cancel")
    redeemed = -sum(e.delta for e in entries if e.kind in ("claim", "claim_cancel"))
    outstanding = sum(e.delta for e in await _entries(shop.club))
    body = text.text or ""
    assert "Last 30 days" in body and "Members: 3 · new in the period: 3" in body
    assert f"Points issued: {issued:,} · redeemed: {redeemed} ({redeemed / issued * 100:.1f}%)" in body
    assert f"Outstanding: {outstanding:,} points = {outstanding * 500:,} Rial" in body
    assert "Purchases: 4 · 63,300,000 Rial · buyers: 2 · bought again: 50%" in body
    assert "• Silver: 3 purchases, average 21,000,000 Rial" in body and "• Gold: 1 purchases" in body
    assert text.buttons  # the periods stay under the numbers, to switch
    height, width, _ = _png(chart).shape
    assert (width, height) == (800, 900)


async def test_stats_in_persian_uses_the_jalali_month_and_persian_digits(shop: Harness, clock: FakeClock) -> None:
    await _club_activity(shop.club, clock)
    owner = shop.user(OWNER, first_name="Owner", language_code="fa")
    await owner.send("/stats ماه")  # typed, in Persian
    body = owner.messages[-2].text or ""
    # The clock is 1404/12/19 (10 March 2026) and more: the Jalali month began on 1 Esfand.
    assert body.startswith("📊 این ماه (۱۴۰۴/۱۲/۰۱ تا ۱۴۰۴/۱۲/")
    assert "اعضا: ۳" in body and "٪" in body
    _png(owner.last)
    await owner.send("/stats ۹۰ روز")
    assert "۹۰ روز گذشته" in (owner.messages[-2].text or "")
    await owner.send("/stats fortnight")
    assert owner.last.text == "روش استفاده: /stats · /stats هفته|ماه|سال · /stats ۹۰ (۹۰ روز گذشته)"


async def test_export_members_round_trips_with_persian_text_and_bom(shop: Harness, clock: FakeClock) -> None:
    members = await _club_activity(shop.club, clock)
    await sign_up(shop, 777)  # one who joined through the chat, too
    admin = shop.user(ADMIN)
    await admin.send("/export members")
    rows = _csv(admin.last)
    assert admin.last.file is not None and admin.last.file.filename == "members-2026-03-17.csv"
    assert list(rows[0]) == list(exports.MASKED_MEMBER_COLUMNS)  # an admin's export: phones masked
    async with shop.club.db.sessions() as session:
        stored = (await session.scalars(select(Member).order_by(Member.id))).all()
    assert [row["member_number"] for row in rows] == [str(member_number(m.id)) for m in stored]
    first = rows[0]
    assert first["name"] == PERSIAN_NAME and first["phone_masked"] == "'+98912***0500" and first["tier"] == "gold"
    assert first["balance"] == str(stored[0].balance) and first["status"] == "active"
    assert first["joined"] == "2026-03-10 13:00:00"  # Tehran time
    assert rows[1]["name"] == '\'=HYPERLINK("http://x")'  # a formula stays text in a spreadsheet
    assert rows[2]["name"] == "Ayşe Yılmaz" and rows[3]["marketing_consent"] == "no"
    assert len(members) == 3 and len(rows) == 4


async def test_export_ledger_for_a_period_round_trips(shop: Harness, clock: FakeClock) -> None:
    await _club_activity(shop.club, clock)
    admin = shop.user(ADMIN)
    await admin.send("/export")
    await admin.press("📒 Ledger: Last 30 days")
    rows = _csv(admin.last)
    entries = await _entries(shop.club)
    assert [int(row["entry_id"]) for row in rows] == [e.id for e in entries]
    assert [int(row["delta"]) for row in rows] == [e.delta for e in entries]
    assert [row["kind"] for row in rows] == [e.kind for e in entries]
    assert rows[0]["member_number"] == str(member_number(entries[0].member_id))
    assert rows[0]["created_at"] == "2026-03-10 13:00:00"
    assert "Ledger, Last 30 days" in (admin.last.text or "")
    clock.advance(days=40)
    await admin.send("/export ledger week")
    assert _csv(admin.last) == [] and "0 entries" in (admin.last.text or "")
    await admin.send("/export ledger forever")
    assert (admin.last.text or "").startswith("Use: /export members")


async def test_large_export_shows_progress_and_is_sent_in_parts(
    shop: Harness, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _club_activity(shop.club, clock)
    monkeypatch.setattr(exports, "BATCH", 2)
    monkeypatch.setattr(exports, "PROGRESS_EVERY", 2)
    monkeypatch.setattr(exports, "ROWS_PER_FILE", 4)
    monkeypatch.setattr(export_handlers, "PROGRESS_SECONDS", 0.0)
    admin = shop.user(ADMIN)
    before = len(admin.messages)
    await admin.send("/export ledger year")
    sent = admin.messages[before:]
    progress, documents = sent[0], sent[1:]
    assert progress.text == f"✅ Done: {len(await _entries(shop.club))} rows."
    assert [snapshot.text for snapshot in progress.history][:2] == [
        "⏳ Preparing the file… 2 rows so far.",
        "⏳ Preparing the file… 4 rows so far.",
    ]
    parts = [_csv(document) for document in documents]
    assert [len(part) for part in parts] == [4, 4, 2]
    names = [document.file.filename for document in documents if document.file]
    assert names == ["ledger-year-2026-03-17.csv", "ledger-year-2026-03-17-2.csv", "ledger-year-2026-03-17-3.csv"]
    assert [int(row["entry_id"]) for part in parts for row in part] == [e.id for e in await _entries(shop.club)]


@pytest.mark.parametrize("command", ["/stats", "/stats month", "/export members", "/export ledger"])
async def test_stats_and_exports_are_refused_to_customers_and_cashiers(shop: Harness, command: str) -> None:
    await sign_up(shop, 778)
    customer, cashier = shop.user(778), shop.user(CASHIER)
    await customer.send(command)
    assert customer.last.text == "Sorry, this command is for the shop's staff only."
    await cashier.send(command)
    assert cashier.last.text == "Sorry, your role does not allow this command."
    assert all(message.kind == "text" for message in customer.messages + cashier.messages)
