"""Privacy through the real bot: "delete my data" leaves no trace of the person's name, phone number or
messenger account in any column of any table, while the anonymous ledger still adds up; and each role's
exports show only what that role may see (cashiers none, admins masked phone numbers, the owner all)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from sqlalchemy import func, insert, select

from bot.fakebotapi.state import BotMessage
from loyalty.imports import import_members, read_members_csv
from models import AuditEntry, Base, LedgerEntry, LinkAttempt, LinkCode, Member, Notice, SignupDraft
from tests.bot.conftest import ADMIN, CASHIER
from tests.conftest import FakeClock
from tests.harness import OWNER, Harness, member_of

USER = 501
NAME = "Zohreh Qasemzadeh"
PHONE = "+989121112233"
NATIONAL = "9121112233"  # in every spelling of the phone: +98 912…, 0912…, 98912…
ACCOUNT = f"telegram:{USER}"


async def _rows(harness: Harness) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table, by table name."""
    async with harness.club.db.sessions() as session:
        return {
            table.name: [dict(row._mapping) for row in await session.execute(select(table))]
            for table in Base.metadata.sorted_tables
        }


def _traces(rows: dict[str, list[dict[str, Any]]]) -> list[str]:
    """Where the person still appears: any text (JSON included) with their name, phone or account, and any
    messenger id column holding their user id."""
    found = []
    for table, table_rows in rows.items():
        for row in table_rows:
            for column, value in row.items():
                text = json.dumps(value, ensure_ascii=False) if isinstance(value, dict | list) else str(value)
                if any(needle in text for needle in (NAME, NATIONAL, ACCOUNT)):
                    found.append(f"{table}.{column} = {text}")
                elif column in ("user_id", "chat_id") and value == USER:
                    found.append(f"{table}.{column} = {value}")
    return found


async def _leave_traces_everywhere(shop: Harness) -> None:
    """The member's life in the club, touching every table that can hold something about them."""
    plan = read_members_csv(io.StringIO(f"phone,name,balance\n0{NATIONAL},{NAME},120\n"), shop.club.config)
    await import_members(shop.club, plan.rows)  # the shop's old list: an `import:<phone>` ledger key
    user = shop.user(USER, first_name="Zohreh", last_name="Qasemzadeh", language_code="en")
    await user.send("/link WRONG234")  # a wrong code before joining: counted against the account
    await user.send("/start")
    await user.press("English")
    await user.send_contact(PHONE.removeprefix("+"))
    await user.send(NAME)
    await user.send("1991-08-14")
    await user.press_reply("✅ Yes, send me offers")
    await user.send("/link")  # a code for the other messenger
    await user.send("/support")
    await user.send(f"This is {NAME}, please call me on 0{NATIONAL}")
    admin = shop.user(ADMIN)
    await admin.press(shop.dispatcher["translator"].text("fa", "btn-reply"))  # tickets come in the club's language
    await admin.send(f"Dear {NAME}, we will call {PHONE} today")
    await admin.send(f"/adjust 1001 +5 goodwill for {NAME} ({PHONE})")
    await admin.send("/block 1001")
    await admin.send("/unblock 1001")
    await shop.user(CASHIER).send("/purchase 1001 250000 R-1")
    member = await member_of(shop, USER)
    now = shop.club.clock()
    # Begun joining on Bale with the same phone, and a notice still owed: rows addressed to the person.
    draft = {"platform": "bale", "user_id": 77, "chat_id": 77, "phone": PHONE, "name": NAME, "updated_at": now}
    notice = {"member_id": member.id, "kind": "winback", "key": "winback:x", "args": {"days": 30}, "created_at": now}
    await shop.club.db.write(
        lambda c: (c.execute(insert(SignupDraft).values(draft)), c.execute(insert(Notice), notice))
    )


async def test_delete_my_data_leaves_no_trace_of_the_person_anywhere(shop: Harness) -> None:
    await _leave_traces_everywhere(shop)
    member = await member_of(shop, USER)
    assert member.name == NAME and member.phone == PHONE and member.birthday_year == 1991
    before = _traces(await _rows(shop))
    for table in ("members", "identities", "support_tickets", "ticket_replies", "ledger_entries", "audit_log"):
        assert any(trace.startswith(f"{table}.") for trace in before), table  # the scan does see them

    user = shop.user(USER)
    await user.send("/settings")
    await user.press("🗑 Delete my data")
    await user.press("Yes, delete my data")
    assert "Your data has been deleted" in (user.last.text or "")

    rows = await _rows(shop)
    assert _traces(rows) == []
    erased = next(row for row in rows["members"] if row["id"] == member.id)
    assert erased["status"] == "deleted" and erased["birthday_month"] is None and not erased["marketing_consent"]
    async with shop.club.db.sessions() as session:
        for model in (LinkCode, LinkAttempt, SignupDraft):
            assert await session.scalar(select(func.count()).select_from(model)) == 0, model
        adjust = await session.scalar(select(AuditEntry.details).where(AuditEntry.action == "balance.adjust"))
        owed = await session.scalar(select(Notice.status).where(Notice.key == "winback:x"))
        ledger = await session.scalar(select(func.sum(LedgerEntry.delta)).where(LedgerEntry.member_id == member.id))
        balance = await session.scalar(select(Member.balance).where(Member.id == member.id))
    assert adjust == {"delta": 5, "before": 120, "after": 125}  # ids and numbers kept, the reason gone
    assert owed == "skipped"
    assert ledger == balance == 120 + 5 + 25  # the anonymous ledger still adds up

    await user.send("/card")  # the account is a stranger now; joining again makes a new member
    assert "Send /start" in (user.last.text or "")


def _csv(message: BotMessage) -> tuple[list[str], list[dict[str, str]], str]:
    assert message.file is not None
    text = message.file.data.decode("utf-8-sig")
    reader = csv.DictReader(io.StringIO(text))
    return list(reader.fieldnames or []), list(reader), text


async def test_exports_show_each_role_only_what_it_may_see(shop: Harness, clock: FakeClock) -> None:
    user = shop.user(USER, first_name="Zohreh", last_name=None, language_code="en")
    await user.send("/start")
    await user.press("English")
    await user.send_contact(PHONE.removeprefix("+"))
    await user.send(NAME)
    await user.press_reply(user.reply_keyboard[0]["text"])  # skip the birthday
    await user.press_reply("No, thanks")
    clock.advance(minutes=1)

    cashier = shop.user(CASHIER)
    await cashier.send("/export members")
    assert cashier.last.text == "Sorry, your role does not allow this command." and cashier.last.file is None
    await cashier.send("/export ledger week")
    assert cashier.last.file is None

    admin = shop.user(ADMIN)
    await admin.send("/export")
    await admin.press("👥 Members")  # the button takes the same road as the command
    header, rows, text = _csv(admin.last)
    assert "phone" not in header and rows[0]["phone_masked"] == "'+98912***2233" and rows[0]["name"] == NAME
    assert NATIONAL not in text
    assert "Phone numbers are masked" in (admin.last.text or "")
    await admin.send("/export ledger week")
    header, rows, text = _csv(admin.last)
    assert header == ["entry_id", "member_number", "delta", "kind", "reference", "created_at"] and len(rows) == 1
    assert NAME not in text and NATIONAL not in text

    owner = shop.user(OWNER, first_name="Owner", language_code="en")
    await owner.send("/export members")
    header, rows, _ = _csv(owner.last)
    assert "phone" in header and rows[0]["phone"] == PHONE
    assert "masked" not in (owner.last.text or "")
