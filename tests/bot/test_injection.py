"""Markup and SQL injection in what people type: a member's name, a support message, a reward title and a
campaign text are stored as typed, executed as nothing, and shown literally wherever the bot displays them
(the fake server parses every message as Telegram would with parse_mode HTML, so an unescaped tag would vanish
into formatting here). CSV exports keep formula-looking cells inert for spreadsheets."""

from __future__ import annotations

import csv
import io

from sqlalchemy import func, select

from bot.fakebotapi.state import BotMessage
from loyalty.members import JoinRequest, join
from loyalty.purchases import PurchaseRequest, record_purchase
from models import Member, Reward, SupportTicket, Voucher
from scheduler.outbox import Outbox
from tests.bot.conftest import ADMIN, CASHIER
from tests.conftest import FakeClock
from tests.harness import OWNER, Harness, member_of
from tests.helpers import add_reward

EVIL_NAME = '<b>Eve</b><a href="x">&amp;</a>\'); DROP TABLE members;--'  # 55 of the 64 characters allowed
EVIL_TEXT = "Hi <i>shop</i> <a href='tg://user?id=1'>me</a> &amp; '); DROP TABLE members;-- & <b>"
EVIL_TITLE = '<b>Free</b> <a href="x">&amp;</a> \'; DROP TABLE rewards;--'
CUSTOMER = 401


def _shows(message: BotMessage, literal: str) -> None:
    """The message was sent as HTML and the reader sees `literal` character for character."""
    assert message.parse_mode == "HTML", message
    assert literal in (message.text or ""), message.text


async def _join_typing_the_name(shop: Harness) -> None:
    user = shop.user(CUSTOMER, first_name="Eve", last_name=None, language_code="en")
    await user.send("/start")
    await user.press("English")
    await user.send_contact(f"98912{CUSTOMER:07d}")
    await user.send(EVIL_NAME)  # typed instead of the suggested name
    await user.press_reply(user.reply_keyboard[0]["text"])  # skip the birthday
    await user.press_reply("✅ Yes, send me offers")


async def test_a_name_with_markup_and_sql_is_stored_and_shown_literally(shop: Harness) -> None:
    await _join_typing_the_name(shop)
    member = await member_of(shop, CUSTOMER)
    assert member.name == EVIL_NAME
    async with shop.club.db.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Member)) == 1  # the table is still there

    user, cashier = shop.user(CUSTOMER), shop.user(CASHIER)
    await user.send("/start")
    _shows(user.last, f"Welcome back, {EVIL_NAME}!")
    await cashier.send("/member 1001")
    _shows(cashier.last, f"Member 1001: {EVIL_NAME}")
    await cashier.send("/purchase")
    await cashier.send("1001")
    _shows(cashier.last, EVIL_NAME)
    await cashier.send("250000")
    _shows(cashier.last, f"({EVIL_NAME})")

    await user.send("/support")
    await user.send(EVIL_TEXT)
    async with shop.club.db.sessions() as session:
        assert await session.scalar(select(SupportTicket.text)) == EVIL_TEXT
    note = shop.user(ADMIN).last  # the ticket forwarded to the staff who answer support
    _shows(note, f"({EVIL_NAME}):\n{EVIL_TEXT}")


async def test_a_reward_title_with_markup_is_shown_literally_from_catalog_to_till(shop: Harness) -> None:
    await _join_typing_the_name(shop)
    member = await member_of(shop, CUSTOMER)
    await record_purchase(shop.club, PurchaseRequest(member_id=member.id, amount=5_000_000, receipt="big"))
    await add_reward(shop.club, cost=40, title={"fa": EVIL_TITLE, "en": EVIL_TITLE, "tr": EVIL_TITLE})
    user, cashier = shop.user(CUSTOMER), shop.user(CASHIER)
    await user.send("/rewards")
    _shows(user.last, f"• {EVIL_TITLE}: 40 points")
    await user.press(f"{EVIL_TITLE} · 40")  # a button label is plain text: nothing to escape
    _shows(user.last, f"Claim {EVIL_TITLE} for 40 points?")
    await user.press("✅ Claim it")
    assert user.last.kind == "photo"  # the voucher's QR code, after the message naming the reward
    _shows(user.messages[-2], f"{EVIL_TITLE} is yours!")
    async with shop.club.db.sessions() as session:
        code = await session.scalar(select(Voucher.code).where(Voucher.member_id == member.id))
        assert await session.scalar(select(func.count()).select_from(Reward)) == 1
    await cashier.send(f"/redeem {code}")
    _shows(cashier.last, f"Give: {EVIL_TITLE}")
    _shows(user.last, f"({EVIL_TITLE}) was used")


async def test_a_campaign_text_with_markup_is_previewed_listed_and_delivered_literally(shop: Harness) -> None:
    await _join_typing_the_name(shop)
    admin = shop.user(ADMIN)
    await admin.send("/campaign")
    await admin.send(EVIL_TEXT)
    await admin.press("Everyone who accepted offers")
    _shows(admin.messages[-2], EVIL_TEXT)  # the preview, as members will see it
    await admin.press("🚀 Send now")
    await Outbox(shop.club, shop.dispatcher["notifier"], shop.dispatcher["translator"]).run()
    delivered = shop.user(CUSTOMER).last
    _shows(delivered, EVIL_TEXT)
    assert delivered.text == EVIL_TEXT
    await admin.send("/campaigns")
    _shows(admin.last, f"“{EVIL_TEXT[:40]}”")


def _csv(message: BotMessage) -> list[dict[str, str]]:
    assert message.file is not None
    return list(csv.DictReader(io.StringIO(message.file.data.decode("utf-8-sig"))))


FORMULAS = ['=HYPERLINK("http://evil.example","Click")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)*cmd|' /C calc'!A0"]


async def test_formula_looking_names_and_reasons_stay_text_in_csv_exports(shop: Harness, clock: FakeClock) -> None:
    for n, name in enumerate(FORMULAS):
        user_id = 450 + n
        request = JoinRequest(
            platform="telegram",
            user_id=user_id,
            chat_id=user_id,
            phone=f"+98912{user_id:07d}",
            language="en",
            calendar="gregorian",
            name=name,
        )
        await join(shop.club, request)
    admin = shop.user(ADMIN)
    await admin.send('/adjust 1001 +5 =HYPERLINK("http://evil.example")')
    assert "Balance 55" in (admin.last.text or "")
    clock.advance(minutes=1)  # a period's export ends now: the entries above are before it
    await admin.send("/export members")
    assert [row["name"] for row in _csv(admin.last)] == [f"'{name}" for name in FORMULAS]
    await admin.send("/export ledger week")
    adjust = [row for row in _csv(admin.last) if row["kind"] == "adjust"]
    assert [row["reference"] for row in adjust] == ['\'=HYPERLINK("http://evil.example")']
    owner = shop.user(OWNER, first_name="Owner", language_code="en")
    await owner.send("/export members")
    assert [row["name"] for row in _csv(owner.last)] == [f"'{name}" for name in FORMULAS]
