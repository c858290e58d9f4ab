"""Referrals: a friend joins with a member's link; both are paid once on the friend's first qualifying purchase."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import Connection, case, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from loyalty.codes import normalize_code
from loyalty.config import ClubConfig
from loyalty.expiry import earned_expiry
from loyalty.ledger import post_entry
from models import LedgerEntry, Member, Referral

# "Per month" is a rolling 30 days: the same rule whichever calendar the shop lives in.
CAP_WINDOW = timedelta(days=30)


class AttachOutcome(StrEnum):
    ATTACHED = "attached"
    NONE = "none"
    UNKNOWN_CODE = "unknown_code"
    SELF = "self"
    EXISTING_MEMBER = "existing_member"
    CAP_REACHED = "cap_reached"


@dataclass(frozen=True)
class ReferralPayout:
    """Paid when a friend's first qualifying purchase completes a referral."""

    referral_id: int
    referrer_id: int
    friend_id: int
    referrer_bonus: int
    friend_bonus: int


@dataclass(frozen=True)
class ReferralStats:
    joined: int
    qualified: int
    points_earned: int


def attach_referral(
    connection: Connection, config: ClubConfig, friend_id: int, code: str, now: datetime, *, new_member: bool
) -> tuple[AttachOutcome, int | None]:
    """Record that `friend_id` was invited by the owner of `code`, inside the joining transaction.

    Refused (with the reason) for an unknown code, the member's own code, a member who was already in the
    club before following the link, and a referrer who reached the monthly cap.
    """
    referrer = connection.execute(
        select(Member.id, Member.status).where(Member.referral_code == normalize_code(code))
    ).first()
    if referrer is None or referrer.status != "active":
        return AttachOutcome.UNKNOWN_CODE, None
    if referrer.id == friend_id:
        return AttachOutcome.SELF, None
    if not new_member:
        return AttachOutcome.EXISTING_MEMBER, None
    cap = config.referral.max_rewarded_per_month
    if cap:
        recent = connection.execute(
            select(func.count()).where(Referral.referrer_id == referrer.id, Referral.created_at >= now - CAP_WINDOW)
        ).scalar()
        if (recent or 0) >= cap:
            return AttachOutcome.CAP_REACHED, None
    connection.execute(
        insert(Referral).values(referrer_id=referrer.id, friend_id=friend_id, status="pending", created_at=now)
    )
    return AttachOutcome.ATTACHED, int(referrer.id)


def complete_referral(
    connection: Connection, config: ClubConfig, friend_id: int, purchase_id: int, amount: int, now: datetime
) -> ReferralPayout | None:
    """Pay both sides if this purchase is the friend's first qualifying one; later calls pay nothing."""
    if amount < config.referral.min_first_purchase:
        return None
    # The status flip is the gate: of two racing purchases only one moves the row from pending.
    referral = connection.execute(
        update(Referral)
        .where(Referral.friend_id == friend_id, Referral.status == "pending")
        .values(status="rewarded", qualified_at=now, purchase_id=purchase_id)
        .returning(Referral.id, Referral.referrer_id)
    ).first()
    if referral is None:
        return None
    expires_at = earned_expiry(config, now)
    rules = config.referral
    friend_paid = referrer_paid = 0
    if rules.friend_bonus:
        post_entry(
            connection,
            member_id=friend_id,
            delta=rules.friend_bonus,
            kind="referral",
            key=f"referral:{referral.id}:friend",
            reference=f"referral:{referral.id}",
            now=now,
            expires_at=expires_at,
        )
        friend_paid = rules.friend_bonus
    referrer_active = (
        connection.execute(select(Member.status).where(Member.id == referral.referrer_id)).scalar() == "active"
    )
    if rules.referrer_bonus and referrer_active:
        post_entry(
            connection,
            member_id=referral.referrer_id,
            delta=rules.referrer_bonus,
            kind="referral",
            key=f"referral:{referral.id}:referrer",
            reference=f"referral:{referral.id}",
            now=now,
            expires_at=expires_at,
        )
        referrer_paid = rules.referrer_bonus
    return ReferralPayout(
        referral_id=int(referral.id),
        referrer_id=int(referral.referrer_id),
        friend_id=friend_id,
        referrer_bonus=referrer_paid,
        friend_bonus=friend_paid,
    )


async def referral_stats(session: AsyncSession, referrer_id: int) -> ReferralStats:
    """How many friends joined with the member's link, how many qualified, and the points it earned them."""
    counts = (
        await session.execute(
            select(
                func.count(),
                func.coalesce(func.sum(case((Referral.status != "pending", 1), else_=0)), 0),
            ).where(Referral.referrer_id == referrer_id)
        )
    ).one()
    earned = await session.scalar(
        select(func.coalesce(func.sum(LedgerEntry.delta), 0)).where(
            LedgerEntry.member_id == referrer_id, LedgerEntry.kind == "referral"
        )
    )
    return ReferralStats(joined=int(counts[0]), qualified=int(counts[1]), points_earned=int(earned or 0))
