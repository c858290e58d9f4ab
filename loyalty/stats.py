"""Club statistics: the KPIs a merchant reads (DESIGN.md, "Statistics"), computed with SQL aggregates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Integer, and_, bindparam, case, cast, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import SQLCoreOperations

from loyalty.config import ClubConfig
from models import Campaign, Delivery, LedgerEntry, Member, Purchase, Referral
from models.base import UTCDateTime


@dataclass(frozen=True)
class TierBasket:
    tier: str
    purchases: int
    average_amount: int  # currency units, rounded down


@dataclass(frozen=True)
class ClubStats:
    since: datetime
    until: datetime
    members: int
    new_members: int  # joined within the period
    new_this_week: int
    active_30d: int
    active_90d: int
    points_issued: int
    points_redeemed: int
    points_expired: int
    points_outstanding: int
    liability: int  # outstanding points × point_value, in currency units
    purchases: int
    revenue: int
    buyers: int
    repeat_buyers: int
    baskets: list[TierBasket]
    referrals: int
    referrals_qualified: int
    campaigns: int
    deliveries_sent: int

    @property
    def redemption_rate(self) -> float:
        """Share of the points issued in the period that were redeemed in it."""
        return self.points_redeemed / self.points_issued if self.points_issued else 0.0

    @property
    def repeat_purchase_rate(self) -> float:
        """Share of buyers in the period who bought more than once."""
        return self.repeat_buyers / self.buyers if self.buyers else 0.0

    @property
    def referral_conversion(self) -> float:
        return self.referrals_qualified / self.referrals if self.referrals else 0.0


def _between(column: SQLCoreOperations[Any], since: datetime, until: datetime) -> ColumnElement[bool]:
    return and_(column >= since, column < until)


async def club_stats(session: AsyncSession, config: ClubConfig, since: datetime, until: datetime) -> ClubStats:
    """The club's KPIs for the period [since, until); `until` is also "now" for the rolling counts."""
    alive = Member.status != "deleted"
    members = (
        await session.execute(
            select(
                func.count(),
                func.sum(case((_between(Member.joined_at, since, until), 1), else_=0)),
                func.sum(case((Member.joined_at >= until - timedelta(days=7), 1), else_=0)),
                func.sum(case((Member.last_activity_at >= until - timedelta(days=30), 1), else_=0)),
                func.sum(case((Member.last_activity_at >= until - timedelta(days=90), 1), else_=0)),
                func.sum(Member.balance),
            ).where(alive)
        )
    ).one()
    refund = LedgerEntry.kind == "claim_cancel"
    points = (
        await session.execute(
            select(
                func.sum(case(((LedgerEntry.delta > 0) & ~refund, LedgerEntry.delta), else_=0)),
                func.sum(
                    case((LedgerEntry.kind == "claim", -LedgerEntry.delta), (refund, -LedgerEntry.delta), else_=0)
                ),
                func.sum(case((LedgerEntry.kind == "expire", -LedgerEntry.delta), else_=0)),
            ).where(_between(LedgerEntry.created_at, since, until))
        )
    ).one()
    in_period = _between(Purchase.created_at, since, until)
    per_buyer = (
        select(Purchase.member_id, func.count().label("n")).where(in_period).group_by(Purchase.member_id).subquery()
    )
    buyers = (await session.execute(select(func.count(), func.sum(case((per_buyer.c.n > 1, 1), else_=0))))).one()
    baskets = (
        await session.execute(
            select(Purchase.tier, func.count(), func.sum(Purchase.amount)).where(in_period).group_by(Purchase.tier)
        )
    ).all()
    referrals = (
        await session.execute(
            select(func.count(), func.sum(case((Referral.status != "pending", 1), else_=0))).where(
                _between(Referral.created_at, since, until)
            )
        )
    ).one()
    campaigns = await session.scalar(select(func.count()).where(_between(Campaign.created_at, since, until)))
    sent = await session.scalar(
        select(func.count()).where(Delivery.status == "sent", _between(Delivery.sent_at, since, until))
    )
    outstanding = int(members[5] or 0)
    ladder = [tier.key for tier in config.tiers]
    basket_rows = sorted(baskets, key=lambda row: ladder.index(row[0]) if row[0] in ladder else len(ladder))
    return ClubStats(
        since=since,
        until=until,
        members=int(members[0]),
        new_members=int(members[1] or 0),
        new_this_week=int(members[2] or 0),
        active_30d=int(members[3] or 0),
        active_90d=int(members[4] or 0),
        points_issued=int(points[0] or 0),
        points_redeemed=int(points[1] or 0),
        points_expired=int(points[2] or 0),
        points_outstanding=outstanding,
        liability=outstanding * config.earn.point_value,
        purchases=sum(int(row[1]) for row in baskets),
        revenue=sum(int(row[2]) for row in baskets),
        buyers=int(buyers[0]),
        repeat_buyers=int(buyers[1] or 0),
        baskets=[TierBasket(str(row[0]), int(row[1]), int(row[2]) // int(row[1])) for row in basket_rows],
        referrals=int(referrals[0]),
        referrals_qualified=int(referrals[1] or 0),
        campaigns=int(campaigns or 0),
        deliveries_sent=int(sent or 0),
    )


@dataclass(frozen=True)
class StatsSeries:
    """The period cut into buckets (a day for periods up to two weeks, else a week) from `since`."""

    since: datetime
    width: timedelta
    new_members: list[int]
    points_issued: list[int]
    points_redeemed: list[int]

    @property
    def starts(self) -> list[datetime]:
        return [self.since + self.width * index for index in range(len(self.new_members))]


def _bucket(session: AsyncSession, column: Any, since: datetime, width: timedelta) -> ColumnElement[int]:
    """The bucket number of `column` as an integer SQL expression: no per-row work in Python, one GROUP BY."""
    seconds = int(width.total_seconds())
    if session.get_bind().dialect.name == "sqlite":  # naive UTC text: strftime('%s') reads it as UTC
        epoch = int(since.timestamp())
        return (cast(func.strftime("%s", column), Integer) - epoch) // seconds
    start = bindparam("bucket_since", since, type_=UTCDateTime())
    return func.floor(func.extract("epoch", column - start) / seconds)


async def club_series(session: AsyncSession, since: datetime, until: datetime) -> StatsSeries:
    """New members and points issued/redeemed per bucket of [since, until): what the /stats chart draws."""
    width = timedelta(days=1 if until - since <= timedelta(days=14) else 7)
    count = max(1, -(-(until - since) // width))
    joined = _bucket(session, Member.joined_at, since, width).label("bucket")
    members = await session.execute(
        select(joined, func.count())
        .where(Member.status != "deleted", _between(Member.joined_at, since, until))
        .group_by(joined)
    )
    entry = _bucket(session, LedgerEntry.created_at, since, width).label("bucket")
    refund = LedgerEntry.kind == "claim_cancel"
    points = await session.execute(
        select(
            entry,
            func.sum(case(((LedgerEntry.delta > 0) & ~refund, LedgerEntry.delta), else_=0)),
            func.sum(case((LedgerEntry.kind.in_(("claim", "claim_cancel")), -LedgerEntry.delta), else_=0)),
        )
        .where(_between(LedgerEntry.created_at, since, until))
        .group_by(entry)
    )
    new_members, issued, redeemed = [0] * count, [0] * count, [0] * count
    for bucket, joins in members:
        new_members[min(max(int(bucket), 0), count - 1)] += int(joins)
    for bucket, plus, minus in points:
        index = min(max(int(bucket), 0), count - 1)
        issued[index] += int(plus or 0)
        redeemed[index] += int(minus or 0)
    return StatsSeries(since, width, new_members, issued, redeemed)
