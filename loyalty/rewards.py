"""Rewards: the catalog, claiming a reward for points, cancelling a claim, and redeeming its voucher."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, bindparam, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from loyalty.audit import record_audit
from loyalty.club import Club
from loyalty.codes import new_code, normalize_code
from loyalty.config import ClubConfig
from loyalty.errors import (
    ClaimLimitReached,
    LoyaltyError,
    MemberBlocked,
    MemberNotFound,
    OutOfStock,
    RewardNotFound,
    RewardUnavailable,
    VoucherAlreadyUsed,
    VoucherAttemptsExceeded,
    VoucherCancelled,
    VoucherExpired,
    VoucherNotFound,
)
from loyalty.ledger import post_entry
from loyalty.sql import Prebuilt, execute, insert_ignoring_conflicts, locked
from loyalty.wrong_codes import record_wrong_code, too_many_wrong_codes
from models import Member, Reward, Voucher
from models.base import UTCDateTime


@dataclass(frozen=True)
class ClaimResult:
    voucher_id: int
    code: str
    reward_id: int
    cost: int
    expires_at: datetime
    balance: int
    title: dict[str, str]  # the reward's title by language
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


_MEMBER_STATUS = Prebuilt(locked(select(Member.status).where(Member.id == bindparam("m_id"))))
_CLAIM_BY_KEY = Prebuilt(
    select(Voucher.id, Voucher.code, Voucher.reward_id, Voucher.cost, Voucher.expires_at, Member.balance, Reward.title)
    .join(Member, Member.id == Voucher.member_id)
    .join(Reward, Reward.id == Voucher.reward_id)
    .where(Voucher.idempotency_key == bindparam("v_key"))
)
_REWARD = Prebuilt(
    select(
        Reward.cost,
        Reward.stock,
        Reward.per_member_limit,
        Reward.voucher_days,
        Reward.active,
        Reward.valid_from,
        Reward.valid_until,
        Reward.title,
    ).where(Reward.id == bindparam("r_id"))
)
_TAKEN = Prebuilt(
    select(func.count()).where(
        Voucher.member_id == bindparam("m_id"),
        Voucher.reward_id == bindparam("r_id"),
        Voucher.status.in_(("issued", "used")),
    )
)
_TAKE_STOCK = Prebuilt(
    update(Reward).where(Reward.id == bindparam("r_id"), Reward.stock > 0).values(stock=Reward.stock - 1)
)
_RETURN_STOCK = Prebuilt(
    update(Reward).where(Reward.id == bindparam("r_id"), Reward.stock.is_not(None)).values(stock=Reward.stock + 1)
)
_ISSUE = Prebuilt(insert(Voucher).returning(Voucher.id))


def _claim(
    connection: Connection, config: ClubConfig, member_id: int, reward_id: int, key: str, now: datetime
) -> ClaimResult:
    key = f"claim:{key}"
    # Lock first: after waiting for a twin claim with the same key, the lookup below sees its voucher.
    status = execute(connection, _MEMBER_STATUS, {"m_id": member_id}).scalar()
    if status is None or status == "deleted":
        raise MemberNotFound(member_id=member_id)
    if status != "active":
        raise MemberBlocked(member_id=member_id)
    earlier = execute(connection, _CLAIM_BY_KEY, {"v_key": key}).first()
    if earlier is not None:
        voucher_id, code, earlier_reward_id, cost, expires_at, balance, title = earlier
        return ClaimResult(voucher_id, code, earlier_reward_id, cost, expires_at, balance, title, replayed=True)
    cost, voucher_days, title = _take_reward(connection, member_id, reward_id, now)
    balance = post_entry(
        connection,
        member_id=member_id,
        delta=-cost,
        kind="claim",
        key=key,
        reference=f"reward:{reward_id}",
        now=now,
        touch=True,
    )
    assert balance is not None  # the voucher lookup above already caught a repeated key
    code, expires_at = new_code(), now + timedelta(days=voucher_days)
    voucher = {
        "code": code,
        "member_id": member_id,
        "reward_id": reward_id,
        "cost": cost,
        "status": "issued",
        "expires_at": expires_at,
        "idempotency_key": key,
        "created_at": now,
    }
    voucher_id = execute(connection, _ISSUE, voucher).scalar_one()
    return ClaimResult(voucher_id, code, reward_id, cost, expires_at, balance, title, replayed=False)


def _take_reward(
    connection: Connection, member_id: int, reward_id: int, now: datetime
) -> tuple[int, int, dict[str, str]]:
    """Check that the member may claim the reward now and take one from its stock; its cost, voucher days and
    title."""
    reward = execute(connection, _REWARD, {"r_id": reward_id}).first()
    if reward is None:
        raise RewardNotFound(reward_id=reward_id)
    cost, stock, per_member_limit, voucher_days, active, valid_from, valid_until, title = reward
    if not active or (valid_from is not None and now < valid_from) or (valid_until is not None and now >= valid_until):
        raise RewardUnavailable(reward_id=reward_id)
    if per_member_limit is not None:
        taken = execute(connection, _TAKEN, {"m_id": member_id, "r_id": reward_id}).scalar_one()
        if taken >= per_member_limit:
            raise ClaimLimitReached(reward_id=reward_id)
    if stock is not None and not execute(connection, _TAKE_STOCK, {"r_id": reward_id}).rowcount:
        raise OutOfStock(reward_id=reward_id)
    return int(cost), int(voucher_days), title


async def cancel_claim(club: Club, *, member_id: int, voucher_id: int) -> CancelResult:
    """Cancel an unused voucher of this member and return its points (once; stock goes back too)."""
    now = club.clock()
    return await club.db.write(lambda connection: _cancel(connection, member_id, voucher_id, now))


_NOW = bindparam("v_now", type_=UTCDateTime())
_CANCEL = Prebuilt(
    update(Voucher)
    .where(
        Voucher.id == bindparam("v_id"),
        Voucher.member_id == bindparam("m_id"),
        Voucher.status == "issued",
        Voucher.expires_at > _NOW,
    )
    .values(status="cancelled", cancelled_at=_NOW)
    .returning(Voucher.cost, Voucher.reward_id)
)


def _cancel(connection: Connection, member_id: int, voucher_id: int, now: datetime) -> CancelResult:
    voucher = execute(connection, _CANCEL, {"v_id": voucher_id, "m_id": member_id, "v_now": now}).first()
    if voucher is None:
        _explain_unusable(
            connection, select(Voucher).where(Voucher.id == voucher_id, Voucher.member_id == member_id), now
        )
    assert voucher is not None
    cost, reward_id = voucher
    execute(connection, _RETURN_STOCK, {"r_id": reward_id})
    balance = post_entry(
        connection,
        member_id=member_id,
        delta=cost,
        kind="claim_cancel",
        key=f"claim_cancel:{voucher_id}",
        reference=f"voucher:{voucher_id}",
        now=now,
    )
    assert balance is not None  # the status flip above happens once per voucher
    return CancelResult(voucher_id=voucher_id, refunded=cost, balance=balance)


async def redeem_voucher(club: Club, *, code: str, actor: str, account: tuple[str, int] | None = None) -> RedeemResult:
    """Mark a voucher used at the till. Used, cancelled, expired and unknown codes raise distinct errors.

    With `account` (the cashier's messenger and user id), unknown codes count against it (loyalty.wrong_codes):
    after too many, every code is refused with VoucherAttemptsExceeded until the window passes, so vouchers
    cannot be found by guessing. API clients are limited by their own request rate instead.
    """
    now = club.clock()
    normalized = normalize_code(code)
    if account is None:
        return await club.db.write(lambda connection: _redeem(connection, normalized, actor, now))
    outcome = await club.db.write(lambda connection: _redeem_counted(connection, normalized, actor, account, now))
    if isinstance(outcome, LoyaltyError):
        raise outcome
    return outcome


def _redeem_counted(
    connection: Connection, code: str, actor: str, account: tuple[str, int], now: datetime
) -> RedeemResult | LoyaltyError:
    # Refusals are returned, not raised, so the wrong code recorded here commits with them.
    platform, user_id = account
    if too_many_wrong_codes(connection, platform=platform, user_id=user_id, now=now):
        return VoucherAttemptsExceeded()
    try:
        return _redeem(connection, code, actor, now)
    except VoucherNotFound as unknown:
        record_wrong_code(connection, platform=platform, user_id=user_id, now=now)
        return unknown


_REDEEM = Prebuilt(
    update(Voucher)
    .where(Voucher.code == bindparam("v_code"), Voucher.status == "issued", Voucher.expires_at > _NOW)
    .values(status="used", used_at=_NOW, used_by=bindparam("v_actor"))
    .returning(Voucher.id, Voucher.member_id, Voucher.reward_id)
)
_REWARD_TITLE = Prebuilt(select(Reward.title).where(Reward.id == bindparam("r_id")))


def _redeem(connection: Connection, code: str, actor: str, now: datetime) -> RedeemResult:
    voucher = execute(connection, _REDEEM, {"v_code": code, "v_now": now, "v_actor": actor}).first()
    if voucher is None:
        _explain_unusable(connection, select(Voucher).where(Voucher.code == code), now)
    assert voucher is not None
    voucher_id, member_id, reward_id = voucher
    title = execute(connection, _REWARD_TITLE, {"r_id": reward_id}).scalar_one()
    record_audit(
        connection,
        actor=actor,
        action="voucher.redeem",
        member_id=member_id,
        now=now,
        details={"voucher_id": voucher_id, "reward_id": reward_id},
    )
    return RedeemResult(voucher_id, code, member_id, reward_id, title)


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
