"""After joining: card with a decodable QR, balance, history pages, rewards and vouchers, invite, settings,
support and data deletion, all through the real bot."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from sqlalchemy import func, insert, select

from loyalty.contacts import mark_unreachable
from loyalty.members import card_payload
from loyalty.purchases import PurchaseRequest, record_purchase
from models import Identity, LedgerEntry, Member, Staff, SupportTicket, Voucher
from tests.bot.test_signup import sign_up
from tests.harness import BOT_USERNAME, Harness, member_of
from tests.helpers import add_reward


def _decode_qr(png: bytes) -> str:
    """Read a QR code back from the PNG the bot sent (a real decoder: OpenCV's)."""
    image = cv2.imdecode(np.frombuffer(png, dtype=np.uint8), cv2.IMREAD_GRAYSCALE)
    text, _, _ = cv2.QRCodeDetector().detectAndDecode(image)
    return str(text)


async def test_card_shows_number_tier_balance_progress_and_a_scannable_qr(harness: Harness) -> None:
    await sign_up(harness, 701)
    user = harness.user(701)
    await user.send("/card")
    card = user.last
    assert card.kind == "photo" and card.file is not None
    caption = card.text or ""
    assert "1001" in caption and "Silver" in caption and "more to reach" in caption
    assert _decode_qr(card.file.data) == card_payload((await member_of(harness, 701)).id)


async def _buy(harness: Harness, user_id: int, amount: int, receipt: str) -> None:
    member = await member_of(harness, user_id)
    await record_purchase(harness.club, PurchaseRequest(member_id=member.id, amount=amount, receipt=receipt))


async def test_balance_and_paginated_history(harness: Harness) -> None:
    await sign_up(harness, 702)
    for n in range(12):
        await _buy(harness, 702, 1_000_000 + n, f"r{n}")
    user = harness.user(702)
    member = await member_of(harness, 702)
    await user.send("/balance")
    assert f"{member.balance:,}" in (user.last.text or "")
    await user.send("/history")
    first = user.last
    assert "page 1 of 2" in (first.text or "") and first.buttons == ["Older ▶️"]
    assert (first.text or "").count("Purchase") == 8
    await user.press("Older ▶️")
    assert "page 2 of 2" in (user.last.text or "") and "Welcome gift" in (user.last.text or "")
    assert user.last.message_id == first.message_id  # edited in place
    await user.press("◀️ Newer")
    assert "page 1 of 2" in (user.last.text or "")


async def test_history_in_persian_uses_jalali_dates_and_persian_digits(harness: Harness) -> None:
    user = harness.user(703, language_code="fa")
    await user.send("/start")
    await user.press("فارسی")
    await user.send_contact("989121110703")
    await user.press_reply(user.reply_keyboard[0]["text"])
    await user.press_reply(user.reply_keyboard[0]["text"])
    await user.press_reply(user.reply_keyboard[0]["text"])
    await user.send("/history")
    text = user.last.text or ""
    assert "۱۴۰۴/۱۲/۱۹" in text  # 2026-03-10 09:30 UTC is 19 Esfand 1404 in Tehran
    assert not any(ch in text for ch in "0123456789")


async def test_claim_and_cancel_a_reward(harness: Harness) -> None:
    await sign_up(harness, 704)
    await _buy(harness, 704, 5_000_000, "big")
    reward_id = await add_reward(harness.club, cost=40, title={"fa": "قهوه", "en": "Coffee", "tr": "Kahve"})
    user = harness.user(704)
    before = (await member_of(harness, 704)).balance
    await user.send("/rewards")
    assert "Coffee" in (user.last.text or "")
    await user.press("Coffee · 40")
    assert "Claim" in (user.last.text or "")
    confirm = user.last
    await user.press("✅ Claim it", confirm, wait=False)
    await user.press("✅ Claim it", confirm)  # a double tap claims once
    async with harness.club.db.sessions() as session:
        vouchers = list(await session.scalars(select(Voucher)))
    assert len(vouchers) == 1 and vouchers[0].reward_id == reward_id
    code = vouchers[0].code
    photo = user.last
    assert photo.kind == "photo" and photo.file is not None and _decode_qr(photo.file.data) == code
    assert (await member_of(harness, 704)).balance == before - 40

    await user.send("/rewards")
    await user.press("🎟 My vouchers")
    assert code in (user.last.text or "")
    await user.press(f"❌ Cancel {code}")
    assert (await member_of(harness, 704)).balance == before
    async with harness.club.db.sessions() as session:
        refunds = await session.scalar(select(func.count()).where(LedgerEntry.kind == "claim_cancel"))
    assert refunds == 1


async def test_claim_without_enough_points_explains_and_changes_nothing(harness: Harness) -> None:
    await sign_up(harness, 705)
    await add_reward(harness.club, cost=10_000, title={"fa": "دوچرخه", "en": "Bike", "tr": "Bisiklet"})
    user = harness.user(705)
    before = (await member_of(harness, 705)).balance
    await user.send("/rewards")
    await user.press("Bike · 10,000")
    answer = await user.press("✅ Claim it")
    assert answer is not None and answer.text == "Not enough points for that."
    assert (await member_of(harness, 705)).balance == before


async def test_invite_link_uses_the_bot_username_and_the_members_code(harness: Harness) -> None:
    await sign_up(harness, 706)
    member = await member_of(harness, 706)
    user = harness.user(706)
    await user.send("/invite")
    assert f"https://t.me/{BOT_USERNAME}?start=ref_{member.referral_code}" in (user.last.text or "")
    assert user.last.buttons == ["📤 Share my link"]


async def test_settings_marketing_birthday_and_language(harness: Harness) -> None:
    await sign_up(harness, 707)
    user = harness.user(707)
    await user.send("/settings")
    await user.press("🔔 Send me offers")
    assert (await member_of(harness, 707)).marketing_consent
    await user.press("🎂 Add my birthday")
    await user.send("2001-13-01")
    assert "does not exist" in (user.last.text or "")
    await user.send("2001-12-01")
    member = await member_of(harness, 707)
    assert (member.birthday_month, member.birthday_day, member.birthday_year) == (12, 1, 2001)
    await user.send("/language")
    await user.press("Türkçe")
    member = await member_of(harness, 707)
    assert (member.language, member.calendar) == ("tr", "gregorian")


async def test_support_message_becomes_a_ticket_and_reaches_the_owner(harness: Harness) -> None:
    owner = harness.user(9001, first_name="Owner")
    await harness.club.db.write(
        lambda c: c.execute(
            insert(Staff).values(platform="telegram", user_id=9001, role="admin", created_at=harness.club.clock())
        )
    )
    await sign_up(harness, 708)
    user = harness.user(708)
    await user.send("/support")
    await user.send("The card reader <b>broke</b> & I lost points")
    async with harness.club.db.sessions() as session:
        ticket = await session.scalar(select(SupportTicket))
    assert ticket is not None and ticket.text == "The card reader <b>broke</b> & I lost points"
    assert "ticket #1" in (user.last.text or "")
    assert "The card reader <b>broke</b> & I lost points" in (owner.last.text or "")


async def test_delete_my_data_erases_personal_fields_and_keeps_the_ledger(harness: Harness) -> None:
    await sign_up(harness, 709)
    member = await member_of(harness, 709)
    user = harness.user(709)
    await user.send("/settings")
    await user.press("🗑 Delete my data")
    await user.press("Yes, delete my data")
    async with harness.club.db.sessions() as session:
        erased = await session.get(Member, member.id)
        entries = await session.scalar(select(func.count()).where(LedgerEntry.member_id == member.id))
        identities = await session.scalar(select(func.count()).select_from(Identity))
    assert erased is not None and (erased.name, erased.phone, erased.status) == (None, None, "deleted")
    assert entries == 1 and identities == 0
    await user.send("/card")
    assert "Send /start" in (user.last.text or "")


async def test_a_failing_handler_apologises_in_the_users_language(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    await sign_up(harness, 710)

    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("database on fire")

    monkeypatch.setattr("handlers.customer.invite.referral_stats", broken)
    user = harness.user(710)
    await user.send("/invite")
    assert user.last.text == "Sorry, something went wrong on our side. Please try again in a moment."
    await user.send("/balance")  # the bot carries on
    assert "points" in (user.last.text or "")


async def test_forged_callback_data_changes_nothing(harness: Harness) -> None:
    await sign_up(harness, 711)
    await sign_up(harness, 712)
    await _buy(harness, 711, 5_000_000, "a")
    await add_reward(harness.club, cost=40)
    owner = harness.user(711)
    await owner.send("/rewards")
    await owner.press("Gift · 40")
    await owner.press("✅ Claim it")
    async with harness.club.db.sessions() as session:
        voucher = await session.scalar(select(Voucher))
    assert voucher is not None
    intruder = harness.user(712)
    before = (await member_of(harness, 712)).balance
    for data in (f"vcancel:{voucher.id}", "claim:999:abc", "rw:-1", "hist:x", "zzz", "erase", "erase:1"):
        await intruder.send("/rewards")
        message = intruder.last
        message.reply_markup = {"inline_keyboard": [[{"text": "forged", "callback_data": data}]]}
        await intruder.press("forged", message)
    async with harness.club.db.sessions() as session:
        still = await session.get(Voucher, voucher.id)
        intruder_member = await session.get(Member, (await member_of(harness, 712)).id)
    assert still is not None and still.status == "issued"
    assert intruder_member is not None and intruder_member.balance == before and intruder_member.status == "active"


async def test_a_command_in_the_middle_of_a_support_message_does_what_it_says(harness: Harness) -> None:
    await sign_up(harness, 712_1)
    user = harness.user(712_1)
    await user.send("/support")
    await user.send("/balance")
    assert "points" in (user.last.text or "")
    await user.send("My points are missing")
    async with harness.club.db.sessions() as session:
        texts = list(await session.scalars(select(SupportTicket.text)))
    assert texts == ["My points are missing"]


async def test_writing_again_makes_an_unreachable_account_reachable(harness: Harness) -> None:
    # Bale sends no "unblocked" update: a member whose account was marked after a refused send is reachable
    # again as soon as they write to the bot.
    await sign_up(harness, 713)
    await mark_unreachable(harness.club, "telegram", 713)
    await harness.user(713).send("/balance")
    async with harness.club.db.sessions() as session:
        blocked_at = await session.scalar(select(Identity.blocked_bot_at).where(Identity.user_id == 713))
    assert blocked_at is None
