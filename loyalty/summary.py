"""The owner's daily summary: one local day's new members, purchases and points."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from loyalty.config import ClubConfig
from models import LedgerEntry, Member, Purchase

REDEEMING_KINDS = ("claim", "till")


@dataclass(frozen=True)
class DaySummary:
    day: datetime.date
    new_members: int
    purchases: int
    revenue: int
    points_issued: int
    points_redeemed: int


async def day_summary(session: AsyncSession, config: ClubConfig, day: datetime.date) -> DaySummary:
    """Figures for the club's calendar day `day` (midnight to midnight in the club's time zone)."""
    start = datetime.datetime.combine(day, datetime.time(), config.zone).astimezone(datetime.UTC)
    end = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(), config.zone).astimezone(
        datetime.UTC
    )
    joined = await session.scalar(select(func.count()).where(Member.joined_at >= start, Member.joined_at < end))
    bought = (
        await session.execute(
            select(func.count(), func.coalesce(func.sum(Purchase.amount), 0)).where(
                Purchase.created_at >= start, Purchase.created_at < end
            )
        )
    ).one()
    issued = await session.scalar(
        select(func.coalesce(func.sum(LedgerEntry.delta), 0)).where(
            LedgerEntry.delta > 0,
            LedgerEntry.kind != "claim_cancel",
            LedgerEntry.created_at >= start,
            LedgerEntry.created_at < end,
        )
    )
    redeemed = await session.scalar(
        select(func.coalesce(func.sum(-LedgerEntry.delta), 0)).where(
            LedgerEntry.kind.in_(REDEEMING_KINDS), LedgerEntry.created_at >= start, LedgerEntry.created_at < end
        )
    )
    return DaySummary(day, int(joined or 0), int(bought[0]), int(bought[1]), int(issued or 0), int(redeemed or 0))
