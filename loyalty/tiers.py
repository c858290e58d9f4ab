"""Tiers: which one a spend qualifies for, and how far a member is from the next."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, bindparam, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from loyalty.config import ClubConfig, Tier
from loyalty.sql import Prebuilt, execute
from models import Purchase
from models.base import UTCDateTime


@dataclass(frozen=True)
class TierChange:
    """A member moved from one tier to another; callers announce it."""

    member_id: int
    old: str
    new: str

    def is_upgrade(self, config: ClubConfig) -> bool:
        return tier_rank(config, self.new) > tier_rank(config, self.old)


@dataclass(frozen=True)
class TierProgress:
    current: Tier
    next: Tier | None
    spend: int
    needed: int  # spend still missing for `next`; 0 at the top


def tier_rank(config: ClubConfig, key: str) -> int:
    """Position of a tier on the ladder (0 = entry tier); unknown keys rank as the entry tier."""
    for rank, tier in enumerate(config.tiers):
        if tier.key == key:
            return rank
    return 0


def tier_for_spend(config: ClubConfig, spend: int) -> Tier:
    """The highest tier whose qualifying spend is reached."""
    qualified = config.tiers[0]
    for tier in config.tiers:
        if spend >= tier.min_spend:
            qualified = tier
    return qualified


def window_start(config: ClubConfig, now: datetime) -> datetime:
    return now - timedelta(days=config.tier_review.window_days)


_SPEND = select(func.coalesce(func.sum(Purchase.amount), 0)).where(
    Purchase.member_id == bindparam("p_member"), Purchase.created_at >= bindparam("p_since", type_=UTCDateTime())
)
# On a purchase's hot path: through `connection.execute` this one query would cost more on SQLite than all the
# purchase's other statements together.
_WINDOW_SPEND = Prebuilt(_SPEND)


def window_spend_in(connection: Connection, config: ClubConfig, member_id: int, now: datetime) -> int:
    """Qualifying spend over the rolling window, inside a write transaction."""
    since = window_start(config, now)
    return int(execute(connection, _WINDOW_SPEND, {"p_member": member_id, "p_since": since}).scalar() or 0)


async def window_spend(session: AsyncSession, config: ClubConfig, member_id: int, now: datetime) -> int:
    """Qualifying spend over the rolling window."""
    since = window_start(config, now)
    return int(await session.scalar(_SPEND, {"p_member": member_id, "p_since": since}) or 0)


def progress_for(config: ClubConfig, tier_key: str, spend: int) -> TierProgress:
    """Progress from the member's current tier towards the next one up."""
    current = config.tier(tier_key)
    rank = tier_rank(config, current.key)
    following = config.tiers[rank + 1] if rank + 1 < len(config.tiers) else None
    needed = max(0, following.min_spend - spend) if following else 0
    return TierProgress(current=current, next=following, spend=spend, needed=needed)


async def tier_progress(
    session: AsyncSession, config: ClubConfig, member_id: int, tier_key: str, now: datetime
) -> TierProgress:
    """The member's tier, spend in the window, and what is still missing for the next tier."""
    return progress_for(config, tier_key, await window_spend(session, config, member_id, now))
