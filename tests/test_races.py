"""Races: many concurrent writes on one member, one receipt or one reward, on SQLite and on PostgreSQL.

Every test fires its calls together with `asyncio.gather`, so on SQLite they land in the writer's queue at once
(and are committed in groups), and on PostgreSQL they run as concurrent transactions on separate connections.
Outcomes are checked against the rows read back afterwards, never only against the return values.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any, TypeVar

from sqlalchemy import func, select

from loyalty.club import Club
from loyalty.errors import InsufficientPoints, LoyaltyError, OutOfStock
from loyalty.ledger import get_balance, ledger_sum
from loyalty.purchases import PurchaseRequest, PurchaseResult, record_purchase
from loyalty.rewards import ClaimResult, claim_reward
from models import LedgerEntry, Member, Purchase, Reward, Voucher
from tests.helpers import add_reward, new_member

T = TypeVar("T")


async def _race(calls: list[Awaitable[T]]) -> tuple[list[T], list[BaseException]]:
    """Run the calls at once; what they returned, and what they raised."""
    outcomes = await asyncio.gather(*calls, return_exceptions=True)
    done = [outcome for outcome in outcomes if not isinstance(outcome, BaseException)]
    failed = [outcome for outcome in outcomes if isinstance(outcome, BaseException)]
    return done, failed


async def _count(club: Club, model: type[Any], *where: Any) -> int:
    async with club.db.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


async def _balances(club: Club, member_id: int) -> tuple[int, int]:
    async with club.db.sessions() as session:
        return await get_balance(session, member_id), await ledger_sum(session, member_id)


async def test_concurrent_claims_cannot_overdraw(club: Club) -> None:
    member = await new_member(club)
    assert member.balance == club.config.earn.signup_bonus > 0
    reward_id = await add_reward(club, cost=member.balance)  # the balance covers exactly one claim

    done, failed = await _race(
        [
            claim_reward(club, member_id=member.member_id, reward_id=reward_id, idempotency_key=f"claim-{i}")
            for i in range(50)
        ]
    )
    assert len(done) == 1, failed[:3]
    assert all(isinstance(exc, InsufficientPoints) for exc in failed), {type(exc) for exc in failed}
    assert len(failed) == 49
    claim: ClaimResult = done[0]
    assert claim.balance == 0 and not claim.replayed
    assert await _count(club, Voucher, Voucher.member_id == member.member_id) == 1
    assert await _count(club, LedgerEntry, LedgerEntry.member_id == member.member_id, LedgerEntry.kind == "claim") == 1
    async with club.db.sessions() as session:
        voucher = (await session.scalars(select(Voucher).where(Voucher.member_id == member.member_id))).one()
        lowest = await session.scalar(select(func.min(Member.balance)))
    assert (voucher.id, voucher.code, voucher.cost) == (claim.voucher_id, claim.code, member.balance)
    assert voucher.reward_id == reward_id
    assert await _balances(club, member.member_id) == (0, 0)
    assert lowest is not None and lowest >= 0


async def test_same_receipt_concurrently_records_once(club: Club) -> None:
    member = await new_member(club)
    request = PurchaseRequest(member_id=member.member_id, amount=1_234_567, source="till", receipt="R-777")

    results, failed = await _race([record_purchase(club, request) for _ in range(20)])
    assert not failed, failed[:3]
    assert len({result.purchase_id for result in results}) == 1
    assert sum(result.replayed for result in results) == 19
    fresh = next(result for result in results if not result.replayed)
    assert fresh.points == 123
    assert all(result.balance == member.balance + 123 for result in results)
    async with club.db.sessions() as session:
        purchases = (await session.scalars(select(Purchase).where(Purchase.member_id == member.member_id))).all()
        entries = (
            await session.scalars(
                select(LedgerEntry).where(LedgerEntry.member_id == member.member_id, LedgerEntry.kind == "purchase")
            )
        ).all()
    assert [(p.id, p.amount, p.receipt, p.points) for p in purchases] == [(fresh.purchase_id, 1_234_567, "R-777", 123)]
    assert len(entries) == 1
    assert (entries[0].delta, entries[0].reference) == (123, f"purchase:{fresh.purchase_id}")
    assert await _balances(club, member.member_id) == (member.balance + 123,) * 2


async def test_same_claim_key_concurrently_issues_one_voucher(club: Club) -> None:
    member = await new_member(club)
    reward_id = await add_reward(club, cost=10, stock=5)

    done, failed = await _race(
        [
            claim_reward(club, member_id=member.member_id, reward_id=reward_id, idempotency_key="same-key")
            for _ in range(20)
        ]
    )
    assert not failed, failed[:3]
    assert len({claim.voucher_id for claim in done}) == 1
    assert sum(claim.replayed for claim in done) == 19
    assert await _count(club, Voucher, Voucher.member_id == member.member_id) == 1
    async with club.db.sessions() as session:
        stock = await session.scalar(select(Reward.stock).where(Reward.id == reward_id))
    assert stock == 4
    assert await _balances(club, member.member_id) == (member.balance - 10,) * 2


async def test_concurrent_claims_cannot_oversell_stock(club: Club) -> None:
    members = [await new_member(club) for _ in range(50)]
    cost = club.config.earn.signup_bonus  # every member can afford exactly one
    reward_id = await add_reward(club, cost=cost, stock=3)

    done, failed = await _race(
        [
            claim_reward(club, member_id=member.member_id, reward_id=reward_id, idempotency_key=f"stock-{i}")
            for i, member in enumerate(members)
        ]
    )
    assert len(done) == 3, failed[:3]
    assert len(failed) == 47 and all(isinstance(exc, OutOfStock) for exc in failed), {type(e) for e in failed}
    winners = {claim.voucher_id for claim in done}
    async with club.db.sessions() as session:
        vouchers = (await session.scalars(select(Voucher).where(Voucher.reward_id == reward_id))).all()
        stock = await session.scalar(select(Reward.stock).where(Reward.id == reward_id))
        claims = await session.scalar(select(func.count()).where(LedgerEntry.kind == "claim"))
        mismatched = await session.scalar(
            select(func.count())
            .select_from(Member)
            .where(
                Member.balance
                != select(func.coalesce(func.sum(LedgerEntry.delta), 0))
                .where(LedgerEntry.member_id == Member.id)
                .scalar_subquery()
            )
        )
        paid = set((await session.scalars(select(Member.id).where(Member.balance == 0))).all())
    assert {voucher.id for voucher in vouchers} == winners and len(vouchers) == 3
    assert stock == 0
    assert claims == 3
    assert mismatched == 0
    assert paid == {voucher.member_id for voucher in vouchers}


async def test_purchases_and_claims_interleaved(club: Club) -> None:
    member = await new_member(club)
    cost = 300
    reward_id = await add_reward(club, cost=cost)
    amount = 2_000_000  # 200 points at silver, 250 at gold: the 25th purchase crosses gold's 50,000,000 spend
    calls: list[Awaitable[PurchaseResult | ClaimResult]] = []
    for i in range(30):
        calls.append(
            record_purchase(club, PurchaseRequest(member_id=member.member_id, amount=amount, receipt=f"mix-{i}"))
        )
        calls.append(claim_reward(club, member_id=member.member_id, reward_id=reward_id, idempotency_key=f"mix-{i}"))

    results, failed = await _race(calls)
    unexpected = [exc for exc in failed if not isinstance(exc, LoyaltyError)]
    assert not unexpected, unexpected[:3]
    assert all(isinstance(exc, InsufficientPoints) for exc in failed), {type(exc) for exc in failed}
    purchases = [result for result in results if isinstance(result, PurchaseResult)]
    claims = [result for result in results if isinstance(result, ClaimResult)]
    assert len(purchases) == 30 and not any(result.replayed for result in purchases)
    assert len(claims) + len(failed) == 30 and not any(claim.replayed for claim in claims)
    assert all(result.balance >= 0 for result in results)

    earned = sum(result.points for result in purchases)
    async with club.db.sessions() as session:
        recorded = await session.scalar(select(func.sum(Purchase.points)).where(Purchase.member_id == member.member_id))
        vouchers = await session.scalar(select(func.count()).where(Voucher.member_id == member.member_id))
        kinds = await session.execute(
            select(LedgerEntry.kind, func.count())
            .where(LedgerEntry.member_id == member.member_id)
            .group_by(LedgerEntry.kind)
        )
        by_kind = {kind: count for kind, count in kinds.all()}
        tier = await session.scalar(select(Member.tier).where(Member.id == member.member_id))
    assert recorded == earned
    assert vouchers == len(claims)
    assert by_kind == {"signup": 1, "purchase": 30, **({"claim": len(claims)} if claims else {})}
    assert tier == "gold"
    balance, total = await _balances(club, member.member_id)
    assert balance == total == member.balance + earned - cost * len(claims)
    assert balance >= 0
