"""Statistics rollups: what `/stats` sums over long periods, summarized once per closed slot instead of per ask.

The ledger stays append-only and its write path does no extra work: the rollups are built afterwards, by the
scheduler's hourly job and at the start of each `/stats`, from the raw rows with the same SQL rules `/stats`
used on raw rows alone. A 15-minute UTC slot is rolled up once it ended more than `GRACE` ago: a row's
`created_at` is its writer's clock before the write was queued, and the expiry job stamps a whole run of
batches with its start time, so a slot still being written to would otherwise be summarized too early.

Per slot: points issued, redeemed and expired (`models.LedgerSlot`), purchases and revenue by tier
(`models.PurchaseSlot`). Every time-zone offset is a multiple of 15 minutes, so a period starting at local
midnight covers whole slots; what a period does not cover with whole rolled slots (its unaligned start,
"now", and slots cut by a chart bucket's edge) is read from the raw rows, so the figures equal the raw ones
exactly. Buyers are a distinct count and cannot be summed: each closed UTC day keeps the member numbers that
bought that day (`models.BuyerDay`), and a period unions its days' numbers plus its raw edges.

`refresh_rollups` remembers how far it got (`models.RollupMark`), writes with insert-or-ignore on the slot
keys and only moves the mark forward, so running it twice, or two at once, gives the same rows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

import numpy as np
from sqlalchemy import (
    ColumnElement,
    Connection,
    Integer,
    Select,
    and_,
    bindparam,
    case,
    cast,
    func,
    literal_column,
    select,
    union_all,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import SQLCoreOperations

from loyalty.club import Club
from loyalty.sql import insert_ignoring_conflicts
from models import BuyerDay, LedgerEntry, LedgerSlot, Purchase, PurchaseSlot, RollupMark
from models.base import UTCDateTime

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
SLOT = timedelta(minutes=15)
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)
GRACE = timedelta(hours=1)
# A /stats rolls up at most this much backlog itself (a few tenths of a second at 10M entries over two
# years); more, after an upgrade or with the scheduler stopped, is the hourly job's, and is read raw meanwhile.
ON_DEMAND_DAYS = 2
MARK = "stats"

Range = tuple[datetime, datetime]
_BRANCHES = 200  # SQLite allows 500 SELECTs in one compound statement

# The rules of /stats, shared by the raw reads and the rollups so that both always count the same way.
_REFUND = LedgerEntry.kind == "claim_cancel"
POINTS_ISSUED = func.sum(case(((LedgerEntry.delta > 0) & ~_REFUND, LedgerEntry.delta), else_=0))
POINTS_REDEEMED = func.sum(case((LedgerEntry.kind.in_(("claim", "claim_cancel")), -LedgerEntry.delta), else_=0))
POINTS_EXPIRED = func.sum(case((LedgerEntry.kind == "expire", -LedgerEntry.delta), else_=0))


def within(column: SQLCoreOperations[Any], since: datetime, until: datetime) -> ColumnElement[bool]:
    return and_(column >= since, column < until)


async def per_range(
    session: AsyncSession, ranges: Sequence[Range], query: Callable[[Range], Select[*tuple[Any, ...]]]
) -> list[Any]:
    """The rows of `query` for each range, as one UNION ALL (a few hundred ranges at a time).

    One query per range rather than ORed ranges: each then reads its range from the created_at index, where
    SQLite's planner, given `a OR b` and a GROUP BY, may prefer scanning a whole index in the grouped order.
    """
    rows: list[Any] = []
    for start in range(0, len(ranges), _BRANCHES):
        parts = [query(each) for each in ranges[start : start + _BRANCHES]]
        rows += await session.execute(parts[0] if len(parts) == 1 else union_all(*parts))
    return rows


def slot_of(moment: datetime) -> int:
    """The number of the 15-minute UTC slot holding `moment`, counted from the Unix epoch."""
    return (moment - EPOCH) // SLOT


def slot_start(slot: int) -> datetime:
    return EPOCH + SLOT * slot


def _floor(moment: datetime, step: timedelta) -> datetime:
    return EPOCH + (moment - EPOCH) // step * step


def _ceil(moment: datetime, step: timedelta) -> datetime:
    floor = _floor(moment, step)
    return floor if floor == moment else floor + step


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


def _slot_in_day(dialect: str, column: Any) -> ColumnElement[int]:
    """The slot of `column` within its UTC day (0 to 95)."""
    if dialect == "sqlite":  # hour and minute straight from the text: a third of the cost of parsing the date
        hour, minute = cast(func.substr(column, 12, 2), Integer), cast(func.substr(column, 15, 2), Integer)
    else:
        hour, minute = cast(func.extract("hour", column), Integer), cast(func.extract("minute", column), Integer)
    return hour * (HOUR // SLOT) + minute // (SLOT // timedelta(minutes=1))


async def rolled_until(session: AsyncSession) -> datetime | None:
    """Where the rollups end: every slot before it is summarized (None before the first refresh)."""
    mark: datetime | None = await session.scalar(select(RollupMark.rolled_until).where(RollupMark.name == MARK))
    return mark


@dataclass(frozen=True)
class RefreshRun:
    slots: int  # slots newly rolled up
    days: int  # UTC days newly closed (their buyers recorded)
    rolled_until: datetime | None


@dataclass(frozen=True)
class _Chunk:
    start: datetime
    end: datetime
    ledger: list[dict[str, Any]]
    purchases: list[dict[str, Any]]
    buyers: dict[str, Any] | None


async def refresh_rollups(club: Club, *, days: int | None = None) -> RefreshRun:
    """Roll up every slot that ended more than `GRACE` ago and is not rolled up yet, one UTC day per write;
    with `days`, only the first `days` UTC days still to do (what a `/stats` does on demand: see ON_DEMAND_DAYS).

    Idempotent and safe to run concurrently (see the module doc); cheap when little is left to do.
    """
    horizon = _floor(club.clock() - GRACE, SLOT)
    slots = closed = 0
    async with club.db.sessions() as session:
        mark = await rolled_until(session) or await _first_day(session)
        if mark is not None and days is not None:
            horizon = min(horizon, _floor(mark, DAY) + DAY * days)
        while mark is not None and mark < horizon:
            end = min(_floor(mark, DAY) + DAY, horizon)
            chunk = await _summarize(session, mark, end)
            # Reading happens above, off the writer: a write unit only inserts a day's few hundred rows.
            await club.db.write(partial(_store, chunk=chunk))
            slots, closed = slots + slot_of(end) - slot_of(mark), closed + (end == _floor(end, DAY))
            mark = max(end, await rolled_until(session) or end)  # another refresh may have gone further
    return RefreshRun(slots, closed, mark)


async def _first_day(session: AsyncSession) -> datetime | None:
    """The UTC day of the oldest ledger entry or purchase: rolling up starts there (None: nothing yet)."""
    firsts = [
        await session.scalar(select(func.min(LedgerEntry.created_at))),
        await session.scalar(select(func.min(Purchase.created_at))),
    ]
    known = [first for first in firsts if first is not None]
    return _floor(min(known), DAY) if known else None


async def _summarize(session: AsyncSession, start: datetime, end: datetime) -> _Chunk:
    """The rollup rows of [start, end), which lies within one UTC day."""
    dialect = session.get_bind().dialect.name
    first = slot_of(_floor(start, DAY))
    slot = _slot_in_day(dialect, LedgerEntry.created_at).label("slot")
    points = await session.execute(
        select(slot, POINTS_ISSUED, POINTS_REDEEMED, POINTS_EXPIRED)
        .where(within(LedgerEntry.created_at, start, end))
        .group_by(slot)
    )
    ledger = [
        {"slot": first + number, "points_issued": issued, "points_redeemed": redeemed, "points_expired": expired}
        for number, issued, redeemed, expired in points
        if issued or redeemed or expired
    ]
    bought = _slot_in_day(dialect, Purchase.created_at).label("slot")
    sales = await session.execute(
        select(bought, Purchase.tier, func.count(), func.sum(Purchase.amount))
        .where(within(Purchase.created_at, start, end))
        .group_by(bought, Purchase.tier)
    )
    purchases = [
        {"slot": first + number, "tier": tier, "purchases": count, "revenue": revenue}
        for number, tier, count, revenue in sales
    ]
    buyers = None
    if end == _floor(end, DAY):  # the chunk closes a UTC day: record who bought on it
        counts = await _purchases_per_member(session, [(end - DAY, end)])
        if counts:
            once, repeatedly = _split(counts)
            buyers = {"day": (end - DAY).date(), "once": _pack(once), "repeatedly": _pack(repeatedly)}
    return _Chunk(start, end, ledger, purchases, buyers)


def _store(connection: Connection, chunk: _Chunk) -> None:
    dialect = connection.dialect.name
    if chunk.ledger:
        connection.execute(insert_ignoring_conflicts(dialect, LedgerSlot), chunk.ledger)
    if chunk.purchases:
        connection.execute(insert_ignoring_conflicts(dialect, PurchaseSlot), chunk.purchases)
    if chunk.buyers is not None:
        connection.execute(insert_ignoring_conflicts(dialect, BuyerDay), chunk.buyers)
    connection.execute(insert_ignoring_conflicts(dialect, RollupMark), {"name": MARK, "rolled_until": chunk.start})
    # Forward only, and only from where this chunk starts: a mark behind it would leave a gap unsummarized.
    connection.execute(
        update(RollupMark)
        .where(RollupMark.name == MARK, RollupMark.rolled_until >= chunk.start, RollupMark.rolled_until < chunk.end)
        .values(rolled_until=chunk.end)
    )


async def _purchases_per_member(session: AsyncSession, ranges: Sequence[Range]) -> list[tuple[int, int]]:
    """(member, purchases) for every member who bought in the ranges; a member twice if in two ranges."""
    rows = await per_range(
        session,
        ranges,
        lambda each: (
            select(Purchase.member_id, func.count())
            .where(within(Purchase.created_at, *each))
            .group_by(Purchase.member_id)
        ),
    )
    return [(int(member), int(count)) for member, count in rows]


def _split(counts: list[tuple[int, int]]) -> tuple[list[int], list[int]]:
    """Member numbers that bought once, and those that bought more than once."""
    return [member for member, n in counts if n == 1], [member for member, n in counts if n > 1]


def _pack(members: list[int]) -> bytes:
    """Member numbers as bytes: one byte for the width of a number (4 or 8), then little-endian integers."""
    # Four bytes a number for every club with fewer than 2 billion members; np.load's header parsing would
    # cost more than the numbers themselves for a year of days.
    width = 4 if not members or max(members) < 2**31 else 8
    return bytes([width]) + np.array(members, dtype=f"<i{width}").tobytes()


def _unpack(blob: bytes) -> np.ndarray[Any, Any]:
    return np.frombuffer(blob, dtype=f"<i{blob[0]}", offset=1)


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
    first = slot_of(_ceil(since, SLOT))
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
    first = _ceil(since, DAY)
    last = _floor(min(until, rolled), DAY) if rolled is not None else first
    parts: list[np.ndarray[Any, Any]] = []
    if last > first:
        days = await session.execute(
            select(BuyerDay.once, BuyerDay.repeatedly).where(BuyerDay.day >= first.date(), BuyerDay.day < last.date())
        )
        for once, repeatedly in days:
            twice = _unpack(repeatedly)
            parts += [_unpack(once), twice, twice]  # listed twice: a day's repeat buyer counts two purchases
        raw = _merged([(since, first), (last, until)])
    else:
        raw = _merged([(since, until)])
    once_raw, repeatedly_raw = _split(await _purchases_per_member(session, raw))
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
