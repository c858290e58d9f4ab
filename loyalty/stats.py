"""Club statistics: the KPIs a merchant reads (DESIGN.md, "Statistics"), computed with SQL aggregates.

Ledger and purchase figures sum the rollups of closed slots and read the raw rows only for the rest of the
period (`loyalty.rollups`, read by `loyalty.rollup_reads`); the member table is read as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, case, func, literal, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.selectable import ScalarSelect

from loyalty.club import Club
from loyalty.rollup_reads import PointSums, buyer_counts, points_by_bucket, purchases_by_tier
from loyalty.rollups import ON_DEMAND_DAYS, per_range, refresh_rollups, within
from models import Campaign, Delivery, Member, Referral


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


async def club_stats(session: AsyncSession, club: Club, since: datetime, until: datetime) -> ClubStats:
    """The club's KPIs for the period [since, until); `until` is also "now" for the rolling counts.

    Rolls up first what closed since the last refresh (cheap when the hourly job ran), then reads.
    """
    await refresh_rollups(club, days=ON_DEMAND_DAYS)
    config = club.config
    members = await _member_counts(session, since, until)
    points = (await points_by_bucket(session, since, until)).get(0, PointSums())
    buyers, repeat_buyers = await buyer_counts(session, since, until)
    baskets = await purchases_by_tier(session, since, until)
    referrals = (
        await session.execute(
            select(func.count(), func.sum(case((Referral.status != "pending", 1), else_=0))).where(
                within(Referral.created_at, since, until)
            )
        )
    ).one()
    campaigns = await session.scalar(select(func.count()).where(within(Campaign.created_at, since, until)))
    sent = await session.scalar(
        select(func.count()).where(Delivery.status == "sent", within(Delivery.sent_at, since, until))
    )
    outstanding = members.outstanding
    ladder = [tier.key for tier in config.tiers]
    tiers = sorted(baskets, key=lambda tier: ladder.index(tier) if tier in ladder else len(ladder))
    return ClubStats(
        since=since,
        until=until,
        members=members.members,
        new_members=members.joined,
        new_this_week=members.joined_this_week,
        active_30d=members.active_30d,
        active_90d=members.active_90d,
        points_issued=points.issued,
        points_redeemed=points.redeemed,
        points_expired=points.expired,
        points_outstanding=outstanding,
        liability=outstanding * config.earn.point_value,
        purchases=sum(count for count, _ in baskets.values()),
        revenue=sum(amount for _, amount in baskets.values()),
        buyers=buyers,
        repeat_buyers=repeat_buyers,
        baskets=[TierBasket(tier, baskets[tier][0], baskets[tier][1] // baskets[tier][0]) for tier in tiers],
        referrals=int(referrals[0]),
        referrals_qualified=int(referrals[1] or 0),
        campaigns=int(campaigns or 0),
        deliveries_sent=int(sent or 0),
    )


@dataclass(frozen=True)
class _MemberCounts:
    members: int
    joined: int
    joined_this_week: int
    active_30d: int
    active_90d: int
    outstanding: int


async def _member_counts(session: AsyncSession, since: datetime, until: datetime) -> _MemberCounts:
    """The member table's figures, deleted members left out: one pass over the table for the balances; the rest
    counted on the joined_at and last_activity_at indexes alone, less the few deleted members' share."""
    alive = (
        await session.execute(select(func.count(), func.sum(Member.balance)).where(Member.status != "deleted"))
    ).one()
    week, month, quarter = (until - timedelta(days=days) for days in (7, 30, 90))
    everyone = (
        await session.execute(
            select(
                _counted(within(Member.joined_at, since, until)),
                _counted(Member.joined_at >= week),
                _counted(Member.last_activity_at >= month),
                _counted(Member.last_activity_at >= quarter),
            )
        )
    ).one()
    deleted = (
        await session.execute(select(Member.joined_at, Member.last_activity_at).where(Member.status == "deleted"))
    ).all()
    gone = (
        sum(since <= joined < until for joined, _ in deleted),
        sum(joined >= week for joined, _ in deleted),
        sum(active >= month for _, active in deleted),
        sum(active >= quarter for _, active in deleted),
    )
    joined, this_week, active_30d, active_90d = (int(n) - less for n, less in zip(everyone, gone, strict=True))
    return _MemberCounts(int(alive[0]), joined, this_week, active_30d, active_90d, int(alive[1] or 0))


def _counted(condition: ColumnElement[bool]) -> ScalarSelect[int]:
    return select(func.count()).where(condition).scalar_subquery()


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


async def club_series(session: AsyncSession, club: Club, since: datetime, until: datetime) -> StatsSeries:
    """New members and points issued/redeemed per bucket of [since, until): what the /stats chart draws."""
    await refresh_rollups(club, days=ON_DEMAND_DAYS)
    width = timedelta(days=1 if until - since <= timedelta(days=14) else 7)
    count = max(1, -(-(until - since) // width))
    new_members = await _joined_per_bucket(session, since, until, width, count)
    issued, redeemed = [0] * count, [0] * count
    for bucket, points in (await points_by_bucket(session, since, until, width)).items():
        index = min(max(bucket, 0), count - 1)
        issued[index] += points.issued
        redeemed[index] += points.redeemed
    return StatsSeries(since, width, new_members, issued, redeemed)


async def _joined_per_bucket(
    session: AsyncSession, since: datetime, until: datetime, width: timedelta, count: int
) -> list[int]:
    """Members who joined in each bucket, but the deleted ones: counted per bucket on the joined_at index alone."""
    starts = [since + width * bucket for bucket in range(count)]
    rows = await per_range(
        session,
        list(zip(starts, [*starts[1:], until], strict=True)),
        lambda each: select(literal((each[0] - since) // width), func.count()).where(within(Member.joined_at, *each)),
    )
    joined = [0] * count
    for bucket, joins in rows:
        joined[int(bucket)] += int(joins)
    # Only the status in the WHERE: else SQLite may read every member who joined in the period to find them.
    for moment in await session.scalars(select(Member.joined_at).where(Member.status == "deleted")):
        if since <= moment < until:
            joined[(moment - since) // width] -= 1
    return joined
