"""Rewards: the catalog, claiming a reward for points, cancelling a claim, and redeeming its voucher."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from loyalty.audit import record_audit
from loyalty.club import Club
from loyalty.codes import new_code, normalize_code
from loyalty.config import ClubConfig
from loyalty.errors import (
    ClaimLimitReached,
    MemberBlocked,
    MemberNotFound,
    OutOfStock,
    RewardNotFound,
    RewardUnavailable,
    VoucherAlreadyUsed,
    VoucherCancelled,
    VoucherExpired,
    VoucherNotFound,
)
from loyalty.ledger import post_entry
from loyalty.sql import insert_ignoring_conflicts, locked
from models import Member, Reward, Voucher


@dataclass(frozen=True)
class ClaimResult:
    voucher_id: int
    code: str
    reward_id: int
    cost: int
    expires_at: datetime
    balance: int
    replayed: bool


@dataclass(frozen=True)
class CancelResult:
    voucher_id: int
    refunded: int
    balance: int


@dataclass(frozen=True)
class RedeemResult:
    voucher_id: int
    code: str
    member_id: int
    reward_id: int
    title: dict[str, str]


def is_available(reward: Reward, now: datetime) -> bool:
    """Active, inside its validity window, and in stock."""
    return (
        reward.active
        and (reward.valid_from is None or reward.valid_from <= now)
        and (reward.valid_until is None or now < reward.valid_until)
        and (reward.stock is None or reward.stock > 0)
    )


async def catalog(session: AsyncSession, now: datetime) -> list[Reward]:
    """Rewards a member can claim now, cheapest first."""
    rewards = await session.scalars(select(Reward).where(Reward.active.is_(True)).order_by(Reward.cost, Reward.id))
    return [reward for reward in rewards if is_available(reward, now)]


async def seed_rewards(club: Club) -> int:
    """Insert the config's seed catalog once by key; rewards edited in the bot later are left alone."""
    now = club.clock()

    def seed(connection: Connection) -> int:
        added = 0
        for seed in club.config.rewards:
            added += connection.execute(
                insert_ignoring_conflicts(connection.dialect.name, Reward).values(
                    key=seed.key,
                    title=seed.title.model_dump(),
                    cost=seed.cost,
                    stock=seed.stock,
                    per_member_limit=seed.per_member_limit,
                    voucher_days=seed.valid_days,
                    active=True,
                    created_at=now,
                )
            ).rowcount
        return added

    return await club.db.write(seed)


async def claim_reward(club: Club, *, member_id: int, reward_id: int, idempotency_key: str) -> ClaimResult:
    """Spend points on a reward and issue its voucher, atomically.

    Debit, stock and per-member limit move together or not at all; racing claims can never overdraw the
    balance or the stock. The same idempotency key twice issues one voucher.
    """
    now = club.clock()
    return await club.db.write(
        lambda connection: _claim(connection, club.config, member_id, reward_id, idempotency_key, now)
    )


def _claim(
    connection: Connection, config: ClubConfig, member_id: int, reward_id: int, key: str, now: datetime
) -> ClaimResult:
    key = f"claim:{key}"
    # Lock first: after waiting for a twin claim with the same key, the lookup below sees its voucher.
    status = connection.execute(locked(select(Member.status).where(Member.id == member_id))).scalar()
    if status is None or status == "deleted":
        raise MemberNotFound(member_id=member_id)
    if status != "active":
        raise MemberBlocked(member_id=member_id)
    earlier = connection.execute(select(Voucher).where(Voucher.idempotency_key == key)).first()
    if earlier is not None:
        current = connection.execute(select(Member.balance).where(Member.id == earlier.member_id)).scalar_one()
        return ClaimResult(
            earlier.id,
            earlier.code,
            earlier.reward_id,
            earlier.cost,
            earlier.expires_at,
            current,
            replayed=True,
        )
    reward = connection.execute(select(Reward).where(Reward.id == reward_id)).first()
    if reward is None:
        raise RewardNotFound(reward_id=reward_id)
    if (
        not reward.active
        or (reward.valid_from is not None and now < reward.valid_from)
        or (reward.valid_until is not None and now >= reward.valid_until)
    ):
        raise RewardUnavailable(reward_id=reward_id)
    if reward.per_member_limit is not None:
        taken = connection.execute(
            select(func.count()).where(
                Voucher.member_id == member_id,
                Voucher.reward_id == reward_id,
                Voucher.status.in_(("issued", "used")),
            )
        ).scalar_one()
        if taken >= reward.per_member_limit:
            raise ClaimLimitReached(reward_id=reward_id)
    if reward.stock is not None:
        taken_stock = connection.execute(
            update(Reward).where(Reward.id == reward_id, Reward.stock > 0).values(stock=Reward.stock - 1)
        ).rowcount
        if not taken_stock:
            raise OutOfStock(reward_id=reward_id)
    balance = post_entry(
        connection,
        member_id=member_id,
        delta=-reward.cost,
        kind="claim",
        key=key,
        reference=f"reward:{reward_id}",
        now=now,
        touch=True,
    )
    assert balance is not None  # the voucher lookup above already caught a repeated key
    code = new_code()
    expires_at = now + timedelta(days=reward.voucher_days)
    voucher_id = connection.execute(
        insert(Voucher)
        .values(
            code=code,
            member_id=member_id,
            reward_id=reward_id,
            cost=reward.cost,
            status="issued",
            expires_at=expires_at,
            idempotency_key=key,
            created_at=now,
        )
        .returning(Voucher.id)
    ).scalar_one()
    return ClaimResult(voucher_id, code, reward_id, reward.cost, expires_at, balance, replayed=False)


async def cancel_claim(club: Club, *, member_id: int, voucher_id: int) -> CancelResult:
    """Cancel an unused voucher of this member and return its points (once; stock goes back too)."""
    now = club.clock()
    return await club.db.write(lambda connection: _cancel(connection, member_id, voucher_id, now))


def _cancel(connection: Connection, member_id: int, voucher_id: int, now: datetime) -> CancelResult:
    voucher = connection.execute(
        update(Voucher)
        .where(
            Voucher.id == voucher_id,
            Voucher.member_id == member_id,
            Voucher.status == "issued",
            Voucher.expires_at > now,
        )
        .values(status="cancelled", cancelled_at=now)
        .returning(Voucher.id, Voucher.cost, Voucher.reward_id)
    ).first()
    if voucher is None:
        _explain_unusable(
            connection, select(Voucher).where(Voucher.id == voucher_id, Voucher.member_id == member_id), now
        )
    assert voucher is not None
    connection.execute(
        update(Reward).where(Reward.id == voucher.reward_id, Reward.stock.is_not(None)).values(stock=Reward.stock + 1)
    )
    balance = post_entry(
        connection,
        member_id=member_id,
        delta=voucher.cost,
        kind="claim_cancel",
        key=f"claim_cancel:{voucher.id}",
        reference=f"voucher:{voucher.id}",
        now=now,
    )
    assert balance is not None  # the status flip above happens once per voucher
    return CancelResult(voucher_id=voucher.id, refunded=voucher.cost, balance=balance)


async def redeem_voucher(club: Club, *, code: str, actor: str) -> RedeemResult:
    """Mark a voucher used at the till. Used, cancelled, expired and unknown codes raise distinct errors."""
    now = club.clock()
    return await club.db.write(lambda connection: _redeem(connection, normalize_code(code), actor, now))


def _redeem(connection: Connection, code: str, actor: str, now: datetime) -> RedeemResult:
    voucher = connection.execute(
        update(Voucher)
        .where(Voucher.code == code, Voucher.status == "issued", Voucher.expires_at > now)
        .values(status="used", used_at=now, used_by=actor)
        .returning(Voucher.id, Voucher.member_id, Voucher.reward_id)
    ).first()
    if voucher is None:
        _explain_unusable(connection, select(Voucher).where(Voucher.code == code), now)
    assert voucher is not None
    title = connection.execute(select(Reward.title).where(Reward.id == voucher.reward_id)).scalar_one()
    record_audit(
        connection,
        actor=actor,
        action="voucher.redeem",
        member_id=voucher.member_id,
        now=now,
        details={"voucher_id": voucher.id, "reward_id": voucher.reward_id},
    )
    return RedeemResult(voucher.id, code, voucher.member_id, voucher.reward_id, title)


def _explain_unusable(connection: Connection, lookup: object, now: datetime) -> None:
    voucher = connection.execute(lookup).first()  # type: ignore[call-overload]
    if voucher is None:
        raise VoucherNotFound()
    if voucher.status == "used":
        raise VoucherAlreadyUsed(used_at=voucher.used_at)
    if voucher.status == "cancelled":
        raise VoucherCancelled()
    raise VoucherExpired(expires_at=voucher.expires_at)


async def member_vouchers(session: AsyncSession, member_id: int, now: datetime) -> list[Voucher]:
    """The member's open (issued, unexpired) vouchers, soonest to expire first."""
    rows = await session.scalars(
        select(Voucher)
        .where(Voucher.member_id == member_id, Voucher.status == "issued", Voucher.expires_at > now)
        .order_by(Voucher.expires_at)
    )
    return list(rows)
