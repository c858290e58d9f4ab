"""Telegram and Bale in one process: one Dispatcher, two bots, one club; /link; Bale's Markdown."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from functools import partial

import pytest
from sqlalchemy import select

from bot.fakebotapi import FakeUser
from handlers.staff.purchase import announce
from loyalty.accounts import account_of
from loyalty.club import Club
from loyalty.purchases import PurchaseRequest, record_purchase
from models import Member
from tests.harness import MultiHarness, run_bots


@pytest.fixture
async def both(bot_club: Club) -> AsyncIterator[MultiHarness]:
    async with run_bots(bot_club) as running:
        yield running


async def join(user: FakeUser, phone: str) -> None:
    await user.send("/start")
    await user.press("English")
    await user.send_contact(phone)
    await user.press_reply(user.reply_keyboard[0]["text"])  # the name the messenger knows
    await user.press_reply(user.reply_keyboard[0]["text"])  # skip the birthday
    await user.press_reply(user.reply_keyboard[1]["text"])  # no marketing


async def members(club: Club) -> list[Member]:
    async with club.db.sessions() as session:
        return list(await session.scalars(select(Member).order_by(Member.id)))


async def test_same_user_id_on_both_messengers_is_two_people(both: MultiHarness) -> None:
    await join(both.user("telegram", 42, "Tina"), "989120000042")
    await join(both.user("bale", 42, "Bahar"), "989120000043")
    tina, bahar = await members(both.club)
    assert (tina.name, bahar.name) == ("Tina", "Bahar")
    on_telegram = (await both.club.db.read(partial(account_of, platform="telegram", user_id=42))).member
    on_bale = (await both.club.db.read(partial(account_of, platform="bale", user_id=42))).member
    assert on_telegram is not None and on_bale is not None and on_telegram.id != on_bale.id


async def test_link_puts_the_bale_account_on_the_telegram_membership(both: MultiHarness) -> None:
    telegram = both.user("telegram", 7, "Sara")
    await join(telegram, "989121110007")
    await telegram.send("/link")
    text = telegram.last.text or ""
    assert "Bale" in text
    code = re.search(r"/link ([A-Z0-9]{8})", text)
    assert code is not None

    bale = both.user("bale", 7001, "Sara")
    await bale.send("/link WRONG234")
    assert "wrong, expired or already used" in (bale.last.text or "")
    await bale.send(f"/link {code[1]}")
    assert "membership no. 1001" in (bale.last.text or "")
    assert bale.last.parse_mode is None and "*1001*" in (bale.last.raw or "")  # Bale Markdown, not HTML

    [member] = await members(both.club)  # nothing new: one membership, two accounts
    result = await record_purchase(both.club, PurchaseRequest(member_id=member.id, amount=500_000))
    await announce(both.dispatcher["notifier"], both.club, result)
    for user in (telegram, bale):
        await user.send("/balance")
        assert f"{result.balance}" in (user.last.text or "")
    other = both.user("bale", 7002)
    await other.send(f"/link {code[1]}")  # single use
    assert "wrong, expired or already used" in (other.last.text or "")


async def test_bale_gets_markdown_with_user_text_escaped(both: MultiHarness) -> None:
    bale = both.user("bale", 55, "Sara_*[x]`")
    await join(bale, "989121110055")
    await bale.send("/start")
    welcome = bale.last
    assert welcome.text == "Welcome back, Sara_*[x]`! What would you like to do?"
    assert welcome.parse_mode is None and "<" not in (welcome.raw or "")
    await bale.send("/invite")
    assert "https://ble.ir/bashgah_test_bale_bot?start=ref_" in (bale.last.text or "")
    sends = both.apis["bale"].calls_to("sendMessage")
    assert sends and all("parse_mode" not in call.params for call in sends)
    assert all("link_preview_options" not in call.params for call in sends)


async def test_the_bale_fake_refuses_what_bale_would_show_broken(both: MultiHarness) -> None:
    bale = both.user("bale", 56)
    await bale.send("/help")  # opens the chat
    api_bot = both.apis["bale"].bot()
    try:
        for text, kwargs in (("<b>hi</b>", {}), ("*unclosed", {"parse_mode": None}), ("hi", {"parse_mode": "HTML"})):
            with pytest.raises(Exception, match="Bad Request"):
                await api_bot.send_message(56, text, **kwargs)
        with pytest.raises(Exception, match="secret_token"):
            await api_bot.set_webhook("https://club.example/hook", secret_token="abcdefghijklmnop")
    finally:
        await api_bot.session.close()
