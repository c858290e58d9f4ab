"""Faults on the till's path, through the real bot: the messenger failing while the member is told of a
purchase (5xx, a stalled request, 429), and the database locked by another connection while a cashier records
one. Whatever fails, the purchase is recorded once, the cashier sees its confirmation (or a clear "try again"
with nothing written), a retried receipt credits nothing more, and the member's news arrives exactly once."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest
from sqlalchemy import ColumnElement, func, select

from bot.fakebotapi import FakeBotAPI
from bot.fakebotapi.records import ApiCall
from bot.notifier import Notifier
from models import Base, LedgerEntry, Notice, Purchase
from scheduler.outbox import Outbox
from tests.bot.conftest import CASHIER
from tests.bot.test_signup import sign_up
from tests.harness import OWNER, Harness, member_of
from tests.helpers import locked_throughout, short_busy_timeout, write_lock

CUSTOMER = 201
PURCHASE = "/purchase 1001 250000 R-1"  # 25 points on top of the 50-point signup bonus
NEWS = "You earned 25 points"
BUSY = "⏳ The club is very busy right now and this was not saved. Please send it again in a moment."


def _after_reply_to_cashier(api: FakeBotAPI, arm: Callable[[], None]) -> None:
    """Call `arm` once, right after the bot's next message to the cashier: the member's news is the next send."""
    armed = False

    def listener(call: ApiCall) -> None:
        nonlocal armed
        if not armed and call.method == "sendMessage" and str(call.params.get("chat_id")) == str(CASHIER):
            armed = True
            arm()

    api.listeners.append(listener)


async def _count(harness: Harness, model: type[Base], *where: ColumnElement[bool]) -> int:
    async with harness.club.db.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


async def _notices(harness: Harness) -> list[tuple[str, str, str]]:
    async with harness.club.db.sessions() as session:
        rows = await session.execute(select(Notice.kind, Notice.key, Notice.status).order_by(Notice.id))
    return [(str(kind), str(key), str(status)) for kind, key, status in rows]


async def _deliver_owed(harness: Harness) -> None:
    await Outbox(harness.club, harness.dispatcher["notifier"], harness.dispatcher["translator"]).run()


def _news(harness: Harness) -> list[str]:
    return [text for text in harness.user(CUSTOMER).texts() if NEWS in text]


async def _recorded_once(harness: Harness) -> None:
    """One purchase, one purchase entry, and the balance that follows from them."""
    assert await _count(harness, Purchase) == 1
    assert await _count(harness, LedgerEntry, LedgerEntry.kind == "purchase") == 1
    assert (await member_of(harness, CUSTOMER)).balance == 50 + 25


@pytest.mark.parametrize(
    "fault",
    ["server_error", "timeout", "long_429"],
)
async def test_a_failing_messenger_never_loses_or_repeats_the_purchase_or_its_news(shop: Harness, fault: str) -> None:
    await sign_up(shop, CUSTOMER)
    cashier = shop.user(CASHIER)
    notifier: Notifier = shop.dispatcher["notifier"]
    if fault == "server_error":
        _after_reply_to_cashier(shop.api, lambda: shop.api.fail_next("sendMessage", status=502))
    elif fault == "long_429":  # longer than is worth holding the till's update for
        _after_reply_to_cashier(shop.api, lambda: shop.api.fail_next("sendMessage", status=429, retry_after=30))
    else:  # the messenger accepts the request and never answers within the bot's send timeout
        notifier.send_timeout = 1
        _after_reply_to_cashier(shop.api, lambda: shop.api.method_latency.update(sendMessage=4.0))

    await cashier.send(PURCHASE)
    shop.api.method_latency.clear()

    assert "+25 points" in (cashier.last.text or "")  # the cashier saw the confirmation
    await _recorded_once(shop)
    assert _news(shop) == []  # not told yet...
    assert await _notices(shop) == [("purchase", "purchase:1", "pending")]  # ...but owed, durably

    await cashier.send(PURCHASE)  # the cashier tries the same receipt again
    assert "already recorded" in (cashier.last.text or "")
    await _recorded_once(shop)
    assert len(await _notices(shop)) == 1

    await _deliver_owed(shop)
    await _deliver_owed(shop)  # a second run sends nothing twice
    assert _news(shop) == ["🛍 Thank you for your purchase of 250,000 Rial! You earned 25 points. Balance: 75."]
    assert await _notices(shop) == [("purchase", "purchase:1", "sent")]


async def test_a_short_429_is_waited_out_once_and_the_member_hears_at_once(shop: Harness) -> None:
    await sign_up(shop, CUSTOMER)
    cashier = shop.user(CASHIER)
    _after_reply_to_cashier(shop.api, lambda: shop.api.fail_next("sendMessage", status=429, retry_after=1))
    await cashier.send(PURCHASE)
    assert "+25 points" in (cashier.last.text or "")
    await _recorded_once(shop)
    assert len(_news(shop)) == 1
    to_member = [call for call in shop.api.calls_to("sendMessage") if str(call.params.get("chat_id")) == str(CUSTOMER)]
    assert [call.error.status if call.error else 200 for call in to_member][-2:] == [429, 200]
    assert await _notices(shop) == []  # nothing owed: it arrived


async def test_a_failing_messenger_for_the_cashier_still_tells_the_member(shop: Harness) -> None:
    await sign_up(shop, CUSTOMER)
    cashier = shop.user(CASHIER)
    shop.api.fail_next("sendMessage", status=500)  # the confirmation to the cashier fails
    await cashier.send(PURCHASE)
    await _recorded_once(shop)
    assert len(_news(shop)) == 1  # the member heard of the committed purchase all the same
    await cashier.send(PURCHASE)  # the cashier, unsure, tries again: it is the same purchase
    assert "already recorded" in (cashier.last.text or "")
    await _recorded_once(shop)
    assert len(_news(shop)) == 1


# --- the database locked by another connection -------------------------------------------------------------


async def test_a_write_lock_held_briefly_is_waited_for_and_the_purchase_goes_through(shop: Harness) -> None:
    await sign_up(shop, CUSTOMER)
    holder = write_lock(await short_busy_timeout(shop.club))
    asyncio.get_running_loop().call_later(0.3, holder.execute, "COMMIT")  # well inside the busy timeout
    await shop.user(CASHIER).send(PURCHASE)
    holder.close()
    assert "+25 points" in (shop.user(CASHIER).last.text or "")
    await _recorded_once(shop)
    assert len(_news(shop)) == 1


async def test_a_write_lock_held_too_long_gets_a_clear_answer_and_writes_nothing(shop: Harness) -> None:
    await sign_up(shop, CUSTOMER)
    cashier = shop.user(CASHIER)
    async with locked_throughout(shop.club):
        await cashier.send(PURCHASE)
    assert cashier.last.text == BUSY
    assert await _count(shop, Purchase) == 0
    assert (await member_of(shop, CUSTOMER)).balance == 50
    assert _news(shop) == []

    await cashier.send(PURCHASE)  # once the lock is gone, the same request goes through, once
    assert "+25 points" in (cashier.last.text or "")
    await cashier.send(PURCHASE)
    assert "already recorded" in (cashier.last.text or "")
    await _recorded_once(shop)
    assert len(_news(shop)) == 1


async def test_the_busy_answer_is_in_the_cashiers_language(shop: Harness) -> None:
    await sign_up(shop, CUSTOMER)
    translator = shop.dispatcher["translator"]
    owner = shop.user(OWNER, first_name="Owner", language_code="fa")  # the owner reads Persian
    async with locked_throughout(shop.club):
        await owner.send(PURCHASE)
    assert owner.last.text == translator.text("fa", "error-database-busy")
    assert await _count(shop, Purchase) == 0
