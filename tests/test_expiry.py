from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import partial

from loyalty.adjustments import adjust_balance
from loyalty.club import Club
from loyalty.expiry import add_months, expire_points, expiring_points
from loyalty.ledger import get_balance, ledger_sum
from loyalty.purchases import PurchaseRequest, record_purchase
from loyalty.rewards import cancel_claim, claim_reward
from tests.conftest import FakeClock
from tests.helpers import add_reward, new_member


def test_add_months_clamps_to_month_end() -> None:
    assert add_months(datetime(2026, 1, 31, tzinfo=UTC), 1) == datetime(2026, 2, 28, tzinfo=UTC)
    assert add_months(datetime(2027, 12, 15, tzinfo=UTC), 14) == datetime(2029, 2, 15, tzinfo=UTC)


async def _balance(club: Club, member_id: int) -> int:
    async with club.db.sessions() as session:
        balance = await get_balance(session, member_id)
        assert balance == await ledger_sum(session, member_id)
    return balance


async def test_fifo_lots_with_partial_spend(club: Club, clock: FakeClock) -> None:
    member = await new_member(club)  # 50 signup points, expiring in 12 months
    clock.advance(days=30)
    await record_purchase(club, PurchaseRequest(member_id=member.member_id, amount=1_000_000))  # +100
    reward = await add_reward(club, cost=120)
    await claim_reward(club, member_id=member.member_id, reward_id=reward, idempotency_key="spend")  # 30 left
    clock.advance(days=365 - 30 + 1)  # the signup lot has expired, the purchase lot has not
    assert (await expire_points(club)).points == 0  # the claim consumed the older lot first
    clock.advance(days=30)
    run = await expire_points(club)
    assert (run.members, run.points) == (1, 30)
    assert await _balance(club, member.member_id) == 0
    assert (await expire_points(club)).points == 0  # twice is harmless


async def test_refund_restores_points_that_can_expire_again(club: Club, clock: FakeClock) -> None:
    member = await new_member(club)
    reward = await add_reward(club, cost=50)
    claim = await claim_reward(club, member_id=member.member_id, reward_id=reward, idempotency_key="c")
    await cancel_claim(club, member_id=member.member_id, voucher_id=claim.voucher_id)
    clock.advance(days=366)
    assert (await expire_points(club)).points == 50
    assert await _balance(club, member.member_id) == 0


async def test_non_expiring_debit_after_expiry_and_reminder(club: Club, clock: FakeClock) -> None:
    member = await new_member(club)
    await adjust_balance(club, member_id=member.member_id, delta=-20, reason="r", actor="x", idempotency_key="d")
    clock.advance(days=355)
    due = partial(expiring_points, member_id=member.member_id, now=clock())
    soon = await club.db.read(partial(due, within=timedelta(days=14)))
    later = await club.db.read(partial(due, within=timedelta(days=5)))
    assert (soon, later) == (30, 0)
    clock.advance(days=11)
    assert (await expire_points(club)).points == 30
    assert await _balance(club, member.member_id) == 0
