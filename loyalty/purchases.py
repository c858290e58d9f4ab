"""Recording purchases: points by tier, idempotent on receipt or key, tier upgrades and referral payouts."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from sqlalchemy import Connection, bindparam, or_, select, update

from loyalty.club import Club
from loyalty.config import ClubConfig
from loyalty.errors import MemberBlocked, MemberNotFound, ReceiptConflict
from loyalty.expiry import earned_expiry
from loyalty.ledger import post_entry
from loyalty.referrals import ReferralPayout, complete_referral
from loyalty.sql import Prebuilt, execute, insert_ignoring_conflicts, locked
from loyalty.tiers import TierChange, tier_for_spend, tier_rank, window_spend_in
from models import Member, Purchase, Referral


@dataclass(frozen=True)
class PurchaseRequest:
    member_id: int
    amount: int
    source: str = "bot"
    receipt: str | None = None
    idempotency_key: str | None = None  # e.g. the chat update that asked; a retried update credits once
    created_by: str | None = None


@dataclass(frozen=True)
class PurchaseResult:
    purchase_id: int
    member_id: int
    amount: int
    points: int
    balance: int
    tier: str
    replayed: bool  # True: this request was already recorded; nothing new was credited
    tier_change: TierChange | None = None
    referral: ReferralPayout | None = None


def points_for(config: ClubConfig, amount: int, multiplier_percent: int) -> int:
    """Points for an amount: floor(amount / amount_per_point) × multiplier, rounded down."""
    return (amount // config.earn.amount_per_point) * multiplier_percent // 100


def purchase_key(request: PurchaseRequest) -> str:
    if request.receipt:
        return f"purchase:{request.source}:receipt:{request.receipt}"
    if request.idempotency_key:
        return f"purchase:{request.source}:key:{request.idempotency_key}"
    return f"purchase:{request.source}:once:{uuid.uuid4().hex}"


async def record_purchase(club: Club, request: PurchaseRequest) -> PurchaseResult:
    """Record a purchase and credit its points in one transaction.

    The same receipt (per source) or idempotency key twice credits once; the repeat gets the first result back
    with `replayed=True`. A receipt already used for another member or amount raises ReceiptConflict.
    Upgrades the member's tier at once when the rolling-window spend qualifies, and completes a pending
    referral on the friend's first qualifying purchase.
    """
    if request.amount <= 0:
        raise ValueError("amount must be positive")
    now = club.clock()
    key = purchase_key(request)
    return await club.db.write(lambda connection: _record(connection, club.config, request, key, now))


def record_purchase_in(
    connection: Connection, config: ClubConfig, request: PurchaseRequest, now: datetime
) -> PurchaseResult:
    """`record_purchase` inside a caller's unit of work (e.g. one that also takes points off the bill)."""
    if request.amount <= 0:
        raise ValueError("amount must be positive")
    return _record(connection, config, request, purchase_key(request), now)


_PENDING_REFERRAL = select(Referral.id).where(Referral.friend_id == Member.id, Referral.status == "pending").exists()
_MEMBER = Prebuilt(
    locked(
        select(Member.tier, Member.status, _PENDING_REFERRAL.label("referred")).where(Member.id == bindparam("m_id")),
        Member,
    )
)
_TOUCH = Prebuilt(update(Member).where(Member.id == bindparam("m_id")).values(last_activity_at=bindparam("m_now")))
_SET_TIER = Prebuilt(update(Member).where(Member.id == bindparam("m_id")).values(tier=bindparam("m_tier")))
_BALANCE = Prebuilt(select(Member.balance).where(Member.id == bindparam("m_id")))


@cache
def _insert_purchase(dialect: str) -> Prebuilt:
    return Prebuilt(insert_ignoring_conflicts(dialect, Purchase).returning(Purchase.id))


def _record(
    connection: Connection, config: ClubConfig, request: PurchaseRequest, key: str, now: datetime
) -> PurchaseResult:
    member_id, tier_key, referred = _earning_member(connection, request.member_id)
    tier = config.tier(tier_key)
    points = points_for(config, request.amount, tier.multiplier_percent)
    row = {
        "member_id": member_id,
        "amount": request.amount,
        "points": points,
        "source": request.source,
        "receipt": request.receipt,
        "tier": tier.key,
        "idempotency_key": key,
        "created_by": request.created_by,
        "created_at": now,
    }
    purchase_id = execute(connection, _insert_purchase(connection.dialect.name), row).scalar()
    if purchase_id is None:
        return _replay(connection, request, key)
    balance = None
    if points:
        balance = post_entry(
            connection,
            member_id=member_id,
            delta=points,
            kind="purchase",
            key=key,
            reference=f"purchase:{purchase_id}",
            created_by=request.created_by,
            now=now,
            expires_at=earned_expiry(config, now),
            touch=True,
        )
    else:
        execute(connection, _TOUCH, {"m_id": member_id, "m_now": now})
    change = _upgrade(connection, config, member_id, tier_key, now)
    referral = None
    if referred:
        referral = complete_referral(connection, config, member_id, purchase_id, request.amount, now)
    if balance is None or referral is not None:
        balance = execute(connection, _BALANCE, {"m_id": member_id}).scalar_one()
    return PurchaseResult(
        purchase_id=purchase_id,
        member_id=member_id,
        amount=request.amount,
        points=points,
        balance=balance,
        tier=change.new if change else tier_key,
        replayed=False,
        tier_change=change,
        referral=referral,
    )


def _earning_member(connection: Connection, member_id: int) -> tuple[int, str, bool]:
    """Lock an active member's row; its id, tier and whether a referral waits for its first purchase."""
    member = execute(connection, _MEMBER, {"m_id": member_id}).first()
    if member is None:
        raise MemberNotFound(member_id=member_id)
    tier_key, status, referred = member
    if status == "deleted":
        raise MemberNotFound(member_id=member_id)
    if status != "active":
        raise MemberBlocked(member_id=member_id)
    return member_id, tier_key, referred


def _upgrade(
    connection: Connection, config: ClubConfig, member_id: int, tier_key: str, now: datetime
) -> TierChange | None:
    rank = tier_rank(config, tier_key)
    if rank == len(config.tiers) - 1:
        return None  # already at the top: skip the spend query on the hot path
    qualified = tier_for_spend(config, window_spend_in(connection, config, member_id, now))
    if tier_rank(config, qualified.key) <= rank:
        return None
    execute(connection, _SET_TIER, {"m_id": member_id, "m_tier": qualified.key})
    return TierChange(member_id=member_id, old=tier_key, new=qualified.key)


def _replay(connection: Connection, request: PurchaseRequest, key: str) -> PurchaseResult:
    conditions = [Purchase.idempotency_key == key]
    if request.receipt:
        conditions.append((Purchase.source == request.source) & (Purchase.receipt == request.receipt))
    earlier = connection.execute(select(Purchase).where(or_(*conditions))).first()
    if earlier is None:
        raise ReceiptConflict(receipt=request.receipt)  # the conflicting row vanished: cannot happen in a tx
    if earlier.member_id != request.member_id or earlier.amount != request.amount:
        raise ReceiptConflict(receipt=request.receipt)
    member = connection.execute(select(Member.balance, Member.tier).where(Member.id == earlier.member_id)).one()
    return PurchaseResult(
        purchase_id=earlier.id,
        member_id=earlier.member_id,
        amount=earlier.amount,
        points=earlier.points,
        balance=member.balance,
        tier=member.tier,
        replayed=True,
    )
