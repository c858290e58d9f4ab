"""Period figures for `/stats` read from the statistics rollups (`loyalty.rollups`) and the raw rows around them.

Every time-zone offset is a multiple of 15 minutes, so a period starting at local midnight covers whole slots;
what a period does not cover with whole rolled slots (its unaligned start, "now", and slots cut by a chart
bucket's edge) is read from the raw rows, so the figures equal the raw ones exactly. Buyers are a distinct
count and cannot be summed: a period unions the member numbers of its closed UTC days (`models.BuyerDay`)
plus its raw edges.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import numpy as np
from sqlalchemy import ColumnElement, Integer, Select, bindparam, case, cast, func, literal_column, select
from sqlalchemy.ext.asyncio import AsyncSession

from loyalty.rollups import (
    DAY,
    EPOCH,
    POINTS_EXPIRED,
    POINTS_ISSUED,
    POINTS_REDEEMED,
    SLOT,
    Range,
    per_range,
    purchases_per_member,
    rolled_until,
    round_down,
    round_up,
    slot_of,
    slot_start,
    split_repeat_buyers,
    unpack_members,
    within,
)
from models import BuyerDay, LedgerEntry, LedgerSlot, Purchase, PurchaseSlot
from models.base import UTCDateTime


def bucket_number(session: AsyncSession, column: Any, since: datetime, width: timedelta) -> ColumnElement[int]:
    """The number of the `width` bucket from `since` holding `column` (≥ since), as SQL: no per-row work in Python."""
    seconds = int(width.total_seconds())
    if session.get_bind().dialect.name != "sqlite":
        start = bindparam("bucket_since", since, type_=UTCDateTime())
        return func.floor(func.extract("epoch", column - start) / seconds)
    # Whole seconds and microseconds apart, in integers: a time just before a bucket's start then stays in the
    # bucket before, where SQLite's date functions (milliseconds, rounded) would count it in the next one.
    after = _sqlite_seconds(column) - (since - EPOCH) // timedelta(seconds=1)
    if since.microsecond:
        after -= case((cast(func.substr(column, 21, 6), Integer) < since.microsecond, 1), else_=0)
    return after // seconds


def _sqlite_seconds(column: Any) -> ColumnElement[int]:
    """Whole seconds since the epoch of SQLite's naive UTC text, its fraction cut off before SQLite reads it."""
    return cast(func.strftime("%s", func.substr(column, 1, 19)), Integer)


@dataclass(frozen=True)
class PointSums:
    issued: int = 0
    redeemed: int = 0
    expired: int = 0

    def __add__(self, other: PointSums) -> PointSums:
        return PointSums(self.issued + other.issued, self.redeemed + other.redeemed, self.expired + other.expired)


@dataclass(frozen=True)
class _Cover:
    """How a period is read: rolled slots `first` ≤ slot < `last`, and the `raw` ranges from the rows.

    With chart buckets (`per_bucket` slots wide, counted from the period's start) that start between slot
    boundaries (`cut`), the last slot of every bucket straddles the next bucket's start: it is read raw.
    """

    first: int
    last: int
    per_bucket: int | None
    cut: bool
    raw: list[Range]


def _cover(since: datetime, until: datetime, rolled: datetime | None, width: timedelta | None) -> _Cover:
    first = slot_of(round_up(since, SLOT))
    last = min(slot_of(until), slot_of(rolled)) if rolled is not None else first
    if last <= first:
        return _Cover(first, first, None, False, [(since, until)] if since < until else [])
    per_bucket = None
    if width is not None:
        assert width % SLOT == timedelta(0), "chart buckets are whole slots"
        per_bucket = width // SLOT
    cut = per_bucket is not None and slot_start(first) != since
    raw = [(since, slot_start(first))]
    if cut:
        assert per_bucket is not None
        raw += [(slot_start(s), slot_start(s + 1)) for s in range(first + per_bucket - 1, last, per_bucket)]
    raw.append((slot_start(last), until))
    return _Cover(first, last, per_bucket, cut, _merged(raw))


def _merged(ranges: list[Range]) -> list[Range]:
    """Non-empty ranges, in order, with touching ones joined (fewer raw queries)."""
    merged: list[Range] = []
    for since, until in sorted(r for r in ranges if r[0] < r[1]):
        if merged and since <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(until, merged[-1][1]))
        else:
            merged.append((since, until))
    return merged


async def points_by_bucket(
    session: AsyncSession, since: datetime, until: datetime, width: timedelta | None = None
) -> dict[int, PointSums]:
    """Points issued, redeemed and expired in [since, until), by `width` bucket from `since` (None: one bucket,
    numbered 0). Raw bucket numbers are as `bucket_number` computes them: the caller clamps them."""
    cover = _cover(since, until, await rolled_until(session), width)
    sums: dict[int, PointSums] = {}
    if cover.last > cover.first:
        offset = LedgerSlot.slot - cover.first
        # One expression object in SELECT and GROUP BY: PostgreSQL then sees one parameter, not two equal ones.
        bucket = offset // cover.per_bucket if cover.per_bucket else literal_column("0")
        rolled = select(
            bucket,
            func.sum(LedgerSlot.points_issued),
            func.sum(LedgerSlot.points_redeemed),
            func.sum(LedgerSlot.points_expired),
        ).where(LedgerSlot.slot >= cover.first, LedgerSlot.slot < cover.last)
        if cover.per_bucket:
            rolled = rolled.group_by(bucket)
        if cover.cut:
            assert cover.per_bucket is not None
            rolled = rolled.where(offset % cover.per_bucket != cover.per_bucket - 1)
        _add_points(sums, await session.execute(rolled))

    def raw(each: Range) -> Select[*tuple[Any, ...]]:
        bucket = bucket_number(session, LedgerEntry.created_at, since, width) if width else literal_column("0")
        query = select(bucket, POINTS_ISSUED, POINTS_REDEEMED, POINTS_EXPIRED)
        query = query.where(within(LedgerEntry.created_at, *each))
        return query.group_by(bucket) if width else query

    _add_points(sums, await per_range(session, cover.raw, raw))
    return sums


def _add_points(sums: dict[int, PointSums], rows: Any) -> None:
    for bucket, issued, redeemed, expired in rows:
        if bucket is not None:  # no GROUP BY over no rows still answers one row of NULLs
            found = PointSums(int(issued or 0), int(redeemed or 0), int(expired or 0))
            sums[int(bucket)] = sums.get(int(bucket), PointSums()) + found


async def purchases_by_tier(session: AsyncSession, since: datetime, until: datetime) -> dict[str, tuple[int, int]]:
    """Purchases in [since, until) by tier: (how many, total amount)."""
    cover = _cover(since, until, await rolled_until(session), None)
    rows = await per_range(
        session,
        cover.raw,
        lambda each: (
            select(Purchase.tier, func.count(), func.sum(Purchase.amount))
            .where(within(Purchase.created_at, *each))
            .group_by(Purchase.tier)
        ),
    )
    if cover.last > cover.first:
        rows += await session.execute(
            select(PurchaseSlot.tier, func.sum(PurchaseSlot.purchases), func.sum(PurchaseSlot.revenue))
            .where(PurchaseSlot.slot >= cover.first, PurchaseSlot.slot < cover.last)
            .group_by(PurchaseSlot.tier)
        )
    totals: dict[str, tuple[int, int]] = {}
    for tier, count, amount in rows:
        before = totals.get(tier, (0, 0))
        totals[tier] = (before[0] + int(count), before[1] + int(amount))
    return totals


async def buyer_counts(session: AsyncSession, since: datetime, until: datetime) -> tuple[int, int]:
    """Members who bought in [since, until), and those of them who bought at least twice."""
    rolled = await rolled_until(session)
    first = round_up(since, DAY)
    last = round_down(min(until, rolled), DAY) if rolled is not None else first
    parts: list[np.ndarray[Any, Any]] = []
    if last > first:
        days = await session.execute(
            select(BuyerDay.once, BuyerDay.repeatedly).where(BuyerDay.day >= first.date(), BuyerDay.day < last.date())
        )
        for once, repeatedly in days:
            twice = unpack_members(repeatedly)
            parts += [unpack_members(once), twice, twice]  # listed twice: a day's repeat buyer counts two purchases
        raw = _merged([(since, first), (last, until)])
    else:
        raw = _merged([(since, until)])
    once_raw, repeatedly_raw = split_repeat_buyers(await purchases_per_member(session, raw))
    parts += [np.array(once_raw, dtype=np.int64), *[np.array(repeatedly_raw, dtype=np.int64)] * 2]
    return _distinct(np.concatenate(parts))


def _distinct(members: np.ndarray[Any, Any]) -> tuple[int, int]:
    """How many distinct numbers `members` holds, and how many of them more than once."""
    if not members.size:
        return 0, 0
    if members.max() < 8 * members.size + 2**20:  # a count per possible number fits in memory: no sorting
        counts = np.bincount(members)
    else:
        counts = np.unique(members, return_counts=True)[1]
    return int(np.count_nonzero(counts)), int(np.count_nonzero(counts > 1))
