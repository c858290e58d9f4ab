"""The periodic tier review and "tier news": downgrades on the review date, warnings before, upgrades, nudges.

Purchases upgrade a member at once; the review, on the first day of each month or quarter (club's time zone),
recomputes every member's tier from spend over the rolling window and applies downgrades (and any upgrade the
purchases did not make, e.g. after the tiers changed). `warn_days_before` the review, members whose spend
counted on that date would no longer keep their tier are told what they still need to spend. Members within
10 % of the next tier get a nudge, once per tier and review period. Every message is a keyed notice: once each.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial

from sqlalchemy import Connection, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from loyalty.club import Club
from loyalty.config import ClubConfig
from loyalty.notices import owe_notice
from loyalty.tiers import tier_for_spend, tier_rank
from models import Member, Purchase

NUDGE_SHARE = 0.9  # a member at 90 % of the next tier's qualifying spend is "close"


@dataclass(frozen=True)
class TierReviewRun:
    review_day: datetime.date
    upgrades: int
    downgrades: int


def review_dates(config: ClubConfig, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The latest review day on or before `today` and the first one after it."""
    step = 1 if config.tier_review.period == "monthly" else 3
    month = (today.month - 1) // step * step + 1
    previous = datetime.date(today.year, month, 1)
    month += step
    following = datetime.date(today.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)
    return previous, following


def _local_midnight(config: ClubConfig, day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(), config.zone).astimezone(datetime.UTC)


async def _spends(session: AsyncSession, since: datetime.datetime) -> dict[int, int]:
    rows = await session.execute(
        select(Purchase.member_id, func.sum(Purchase.amount))
        .where(Purchase.created_at >= since)
        .group_by(Purchase.member_id)
    )
    return {int(member_id): int(total or 0) for member_id, total in rows}


async def _members(session: AsyncSession) -> list[tuple[int, str]]:
    rows = await session.execute(select(Member.id, Member.tier).where(Member.status == "active").order_by(Member.id))
    return [(int(member_id), str(tier)) for member_id, tier in rows]


async def apply_tier_review(club: Club, review_day: datetime.date) -> TierReviewRun:
    """Set every active member's tier from their spend over the window ending now; announce each change once."""
    config, now = club.config, club.clock()
    async with club.db.sessions() as session:
        spends = await _spends(session, now - datetime.timedelta(days=config.tier_review.window_days))
        members = await _members(session)
    changes = []
    for member_id, tier in members:
        spend = spends.get(member_id, 0)
        qualified = tier_for_spend(config, spend).key
        if qualified != tier:
            changes.append((member_id, tier, qualified, spend))
    up = down = 0
    for start in range(0, len(changes), 500):
        chunk = changes[start : start + 500]
        u, d = await club.db.write(partial(_change_tiers, config=config, changes=chunk, day=review_day, now=now))
        up, down = up + u, down + d
    return TierReviewRun(review_day, up, down)


def _change_tiers(
    connection: Connection,
    config: ClubConfig,
    changes: Iterable[tuple[int, str, str, int]],
    day: datetime.date,
    now: datetime.datetime,
) -> tuple[int, int]:
    up = down = 0
    for member_id, old, new, spend in changes:
        moved = connection.execute(
            update(Member).where(Member.id == member_id, Member.tier == old).values(tier=new)
        ).rowcount
        if not moved:
            continue  # a purchase changed the tier meanwhile
        if tier_rank(config, new) > tier_rank(config, old):
            up += 1
            owe_notice(
                connection, member_id=member_id, kind="tier_up", key=f"tier-up:{member_id}:{day}", now=now, tier=new
            )
        else:
            down += 1
            regain = config.tier(old)
            owe_notice(
                connection,
                member_id=member_id,
                kind="tier_down",
                key=f"tier-down:{member_id}:{day}",
                now=now,
                tier=new,
                previous_tier=regain.key,
                amount=max(0, regain.min_spend - spend),
                days=config.tier_review.window_days,
            )
    return up, down


async def warn_before_review(club: Club, today: datetime.date) -> int:
    """Warn, once per review, members whose spend counted at the next review would lose them their tier.

    Runs from `warn_days_before` days ahead of the review; the message says what is still needed and by when.
    Returns how many members were warned this run.
    """
    config, now = club.config, club.clock()
    _, review = review_dates(config, today)
    if (review - today).days > config.tier_review.warn_days_before:
        return 0
    since = _local_midnight(config, review) - datetime.timedelta(days=config.tier_review.window_days)
    async with club.db.sessions() as session:
        spends = await _spends(session, since)
        members = await _members(session)
    warnings = []
    for member_id, tier_key in members:
        current = config.tier(tier_key)
        spend = spends.get(member_id, 0)
        if spend < current.min_spend:
            lower = tier_for_spend(config, spend)
            warnings.append((member_id, current.key, lower.key, current.min_spend - spend))
    return await club.db.write(partial(_warn, warnings=warnings, review=review, now=now))


def _warn(
    connection: Connection, warnings: list[tuple[int, str, str, int]], review: datetime.date, now: datetime.datetime
) -> int:
    warned = 0
    for member_id, tier, lower, needed in warnings:
        warned += owe_notice(
            connection,
            member_id=member_id,
            kind="tier_warning",
            key=f"tier-warning:{member_id}:{review}",
            now=now,
            tier=tier,
            lower_tier=lower,
            amount=needed,
            date=review.isoformat(),
        )
    return warned


async def nudge_near_next_tier(club: Club, today: datetime.date) -> int:
    """Nudge members within 10 % of the next tier's qualifying spend (once per tier per review period)."""
    config, now = club.config, club.clock()
    period, _ = review_dates(config, today)
    async with club.db.sessions() as session:
        spends = await _spends(session, now - datetime.timedelta(days=config.tier_review.window_days))
        members = await _members(session)
    nudges = []
    for member_id, tier_key in members:
        rank = tier_rank(config, tier_key)
        if rank + 1 >= len(config.tiers):
            continue
        following = config.tiers[rank + 1]
        spend = spends.get(member_id, 0)
        if following.min_spend * NUDGE_SHARE <= spend < following.min_spend:
            nudges.append((member_id, following.key, following.min_spend - spend))
    return await club.db.write(partial(_nudge, nudges=nudges, period=period, now=now))


def _nudge(
    connection: Connection, nudges: list[tuple[int, str, int]], period: datetime.date, now: datetime.datetime
) -> int:
    sent = 0
    for member_id, tier, needed in nudges:
        key = f"tier-nudge:{member_id}:{tier}:{period}"
        sent += owe_notice(
            connection, member_id=member_id, kind="tier_nudge", key=key, now=now, tier=tier, amount=needed
        )
    return sent
