"""Guessing voucher codes at the till: a cashier's account that types too many unknown codes must wait, even
with a right code; other cashiers carry on, and the wait ends when the window passes."""

from __future__ import annotations

from sqlalchemy import select

from loyalty.rewards import claim_reward
from loyalty.staff import set_staff
from loyalty.wrong_codes import MAX_WRONG, WINDOW
from models import Voucher
from tests.bot.conftest import ADMIN, CASHIER
from tests.bot.test_signup import sign_up
from tests.conftest import FakeClock
from tests.harness import Harness, member_of
from tests.helpers import add_reward

NOT_FOUND = "No such voucher."
TOO_MANY = "Too many unknown voucher codes from this account. Please try again in 10 minutes."
OTHER_CASHIER = 9004


async def _voucher(shop: Harness, user_id: int) -> Voucher:
    await sign_up(shop, user_id)
    member = await member_of(shop, user_id)
    reward_id = await add_reward(shop.club, cost=40)
    await claim_reward(shop.club, member_id=member.id, reward_id=reward_id, idempotency_key="guessing")
    async with shop.club.db.sessions() as session:
        voucher = await session.scalar(select(Voucher).where(Voucher.member_id == member.id))
    assert voucher is not None
    return voucher


async def _status(shop: Harness, voucher_id: int) -> str:
    async with shop.club.db.sessions() as session:
        return str(await session.scalar(select(Voucher.status).where(Voucher.id == voucher_id)))


async def test_too_many_unknown_codes_make_that_cashier_wait_even_for_a_right_code(
    shop: Harness, clock: FakeClock
) -> None:
    voucher = await _voucher(shop, 301)
    await set_staff(shop.club, platform="telegram", user_id=OTHER_CASHIER, role="cashier", name="Di", actor="test")
    cashier, other = shop.user(CASHIER), shop.user(OTHER_CASHIER, first_name="Staff", language_code="en")

    for n in range(MAX_WRONG):
        await cashier.send(f"/redeem WRONG{n:03d}")
        assert cashier.last.text == NOT_FOUND
    await cashier.send(f"/redeem {voucher.code}")  # right, but this account is guessing: refused
    assert cashier.last.text == TOO_MANY
    await cashier.send("/redeem")  # step by step is the same door
    await cashier.send(voucher.code)
    assert cashier.last.text == TOO_MANY
    assert await _status(shop, voucher.id) == "issued"

    await other.send("/redeem WRONG999")  # another cashier is not held up by the first one's guesses
    assert other.last.text == NOT_FOUND
    await shop.user(ADMIN).send("/redeem WRONG998")
    assert shop.user(ADMIN).last.text == NOT_FOUND

    clock.advance(seconds=WINDOW.total_seconds() + 1)  # the oldest wrong codes leave the window
    await cashier.send(f"/redeem {voucher.code}")
    assert "redeemed for member 1001" in (cashier.last.text or "")
    assert await _status(shop, voucher.id) == "used"


async def test_used_and_refused_codes_are_not_counted_as_guesses(shop: Harness) -> None:
    voucher = await _voucher(shop, 302)
    cashier = shop.user(CASHIER)
    await cashier.send(f"/redeem {voucher.code}")
    for _ in range(MAX_WRONG + 1):  # a real code, already used: a mistake at the till, not a guess
        await cashier.send(f"/redeem {voucher.code}")
        assert cashier.last.text == "This voucher has already been used."
    await cashier.send("/redeem WRONG000")
    assert cashier.last.text == NOT_FOUND
