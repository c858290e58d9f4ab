from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from loyalty.adjustments import adjust_balance
from loyalty.club import Club
from loyalty.errors import (
    ClaimLimitReached,
    InsufficientPoints,
    OutOfStock,
    RewardNotFound,
    RewardUnavailable,
    VoucherAlreadyUsed,
    VoucherCancelled,
    VoucherExpired,
    VoucherNotFound,
)
from loyalty.ledger import get_balance, ledger_sum
from loyalty.rewards import cancel_claim, catalog, claim_reward, member_vouchers, redeem_voucher, seed_rewards
from models import Reward, Voucher
from tests.conftest import FakeClock
from tests.helpers import add_reward, new_member


async def _rich_member(club: Club, points: int) -> int:
    member = await new_member(club)
    await adjust_balance(
        club, member_id=member.member_id, delta=points, reason="test", actor="test", idempotency_key=f"rich{points}"
    )
    return member.member_id


async def test_seed_catalog_once(club: Club) -> None:
    assert await seed_rewards(club) == 2
    assert await seed_rewards(club) == 0
    async with club.db.sessions() as session:
        titles = [reward.title["en"] for reward in await catalog(session, club.clock())]
    assert titles == ["A free coffee", "10% off your next purchase"]


async def test_claim_redeem_and_second_redeem_refused(club: Club) -> None:
    member = await new_member(club)
    reward_id = await add_reward(club, cost=40)
    claim = await claim_reward(club, member_id=member.member_id, reward_id=reward_id, idempotency_key="k1")
    assert claim.balance == 10 and len(claim.code) == 8 and not set(claim.code) & set("0O1I")
    assert (await claim_reward(club, member_id=member.member_id, reward_id=reward_id, idempotency_key="k1")).replayed
    redeemed = await redeem_voucher(club, code=claim.code.lower(), actor="staff:telegram:1")
    assert redeemed.member_id == member.member_id and redeemed.title["en"] == "Gift"
    with pytest.raises(VoucherAlreadyUsed):
        await redeem_voucher(club, code=claim.code, actor="staff:telegram:1")
    with pytest.raises(VoucherNotFound):
        await redeem_voucher(club, code="ZZZZ2222", actor="staff:telegram:1")
    async with club.db.sessions() as session:
        assert await get_balance(session, member.member_id) == 10 == await ledger_sum(session, member.member_id)


async def test_cancel_refunds_once_and_returns_stock(club: Club) -> None:
    member_id = await _rich_member(club, 100)
    reward_id = await add_reward(club, cost=60, stock=1)
    claim = await claim_reward(club, member_id=member_id, reward_id=reward_id, idempotency_key="c")
    assert claim.balance == 90
    cancelled = await cancel_claim(club, member_id=member_id, voucher_id=claim.voucher_id)
    assert (cancelled.refunded, cancelled.balance) == (60, 150)
    with pytest.raises(VoucherCancelled):
        await cancel_claim(club, member_id=member_id, voucher_id=claim.voucher_id)
    with pytest.raises(VoucherCancelled):
        await redeem_voucher(club, code=claim.code, actor="staff")
    async with club.db.sessions() as session:
        assert await session.scalar(select(Reward.stock).where(Reward.id == reward_id)) == 1
        assert await ledger_sum(session, member_id) == 150


async def test_someone_elses_voucher_cannot_be_cancelled(club: Club) -> None:
    owner, other = await _rich_member(club, 100), await new_member(club)
    reward_id = await add_reward(club)
    claim = await claim_reward(club, member_id=owner, reward_id=reward_id, idempotency_key="x")
    with pytest.raises(VoucherNotFound):
        await cancel_claim(club, member_id=other.member_id, voucher_id=claim.voucher_id)


async def test_expired_voucher(club: Club, clock: FakeClock) -> None:
    member_id = await _rich_member(club, 100)
    reward_id = await add_reward(club, voucher_days=7)
    claim = await claim_reward(club, member_id=member_id, reward_id=reward_id, idempotency_key="e")
    clock.advance(days=8)
    with pytest.raises(VoucherExpired):
        await redeem_voucher(club, code=claim.code, actor="staff")
    with pytest.raises(VoucherExpired):
        await cancel_claim(club, member_id=member_id, voucher_id=claim.voucher_id)
    async with club.db.sessions() as session:
        assert await member_vouchers(session, member_id, clock()) == []


async def test_claim_refusals_write_nothing(club: Club, clock: FakeClock) -> None:
    member_id = await _rich_member(club, 30)  # 80 points
    expensive = await add_reward(club, cost=81)
    limited = await add_reward(club, cost=10, per_member_limit=1)
    sold_out = await add_reward(club, cost=10, stock=0)
    paused = await add_reward(club, cost=10, active=False)
    later = await add_reward(club, cost=10, valid_from=clock() + timedelta(days=1))
    cases = [
        (expensive, InsufficientPoints),
        (sold_out, OutOfStock),
        (paused, RewardUnavailable),
        (later, RewardUnavailable),
        (123_456, RewardNotFound),
    ]
    for reward_id, error in cases:
        with pytest.raises(error):
            await claim_reward(club, member_id=member_id, reward_id=reward_id, idempotency_key=f"r{reward_id}")
    await claim_reward(club, member_id=member_id, reward_id=limited, idempotency_key="l1")
    with pytest.raises(ClaimLimitReached):
        await claim_reward(club, member_id=member_id, reward_id=limited, idempotency_key="l2")
    async with club.db.sessions() as session:
        assert await get_balance(session, member_id) == 70 == await ledger_sum(session, member_id)
        assert len((await session.scalars(select(Voucher))).all()) == 1
