"""Statistics rollups: what `/stats` sums over long periods, summarized once per closed slot instead of per ask.

The ledger stays append-only and its write path does no extra work: the rollups are built afterwards, by the
scheduler's hourly job and at the start of each `/stats`, from the raw rows with the same SQL rules `/stats`
used on raw rows alone. A 15-minute UTC slot is rolled up once it ended more than `GRACE` ago: a row's
`created_at` is its writer's clock before the write was queued, and the expiry job stamps a whole run of
batches with its start time, so a slot still being written to would otherwise be summarized too early.

Per slot: points issued, redeemed and expired (`models.LedgerSlot`), purchases and revenue by tier
(`models.PurchaseSlot`). Buyers are a distinct count and cannot be summed: each closed UTC day keeps the
member numbers that bought that day (`models.BuyerDay`). Reading a period back from them is
`loyalty.rollup_reads`; the slot arithmetic, the SQL rules and `per_range` here are shared with it.

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
    case,
    cast,
    func,
    select,
    union_all,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import SQLCoreOperations

from loyalty.club import Club
from loyalty.sql import insert_ignoring_conflicts
from models import BuyerDay, LedgerEntry, LedgerSlot, Purchase, PurchaseSlot, RollupMark

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
    """`column` in [since, until), as SQL."""
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
    """When slot number `slot` starts (UTC)."""
    return EPOCH + SLOT * slot


def round_down(moment: datetime, step: timedelta) -> datetime:
    """The start of the `step`-long interval from the epoch that holds `moment`."""
    return EPOCH + (moment - EPOCH) // step * step


def round_up(moment: datetime, step: timedelta) -> datetime:
    """`moment` if it starts a `step`-long interval from the epoch, else the start of the next one."""
    floor = round_down(moment, step)
    return floor if floor == moment else floor + step


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
    horizon = round_down(club.clock() - GRACE, SLOT)
    slots = closed = 0
    async with club.db.sessions() as session:
        mark = await rolled_until(session) or await _first_day(session)
        if mark is not None and days is not None:
            horizon = min(horizon, round_down(mark, DAY) + DAY * days)
        while mark is not None and mark < horizon:
            end = min(round_down(mark, DAY) + DAY, horizon)
            chunk = await _summarize(session, mark, end)
            # Reading happens above, off the writer: a write unit only inserts a day's few hundred rows.
            await club.db.write(partial(_store, chunk=chunk))
            slots, closed = slots + slot_of(end) - slot_of(mark), closed + (end == round_down(end, DAY))
            mark = max(end, await rolled_until(session) or end)  # another refresh may have gone further
    return RefreshRun(slots, closed, mark)


async def _first_day(session: AsyncSession) -> datetime | None:
    """The UTC day of the oldest ledger entry or purchase: rolling up starts there (None: nothing yet)."""
    firsts = [
        await session.scalar(select(func.min(LedgerEntry.created_at))),
        await session.scalar(select(func.min(Purchase.created_at))),
    ]
    known = [first for first in firsts if first is not None]
    return round_down(min(known), DAY) if known else None


async def _summarize(session: AsyncSession, start: datetime, end: datetime) -> _Chunk:
    """The rollup rows of [start, end), which lies within one UTC day."""
    dialect = session.get_bind().dialect.name
    first = slot_of(round_down(start, DAY))
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
    if end == round_down(end, DAY):  # the chunk closes a UTC day: record who bought on it
        counts = await purchases_per_member(session, [(end - DAY, end)])
        if counts:
            once, repeatedly = split_repeat_buyers(counts)
            buyers = {"day": (end - DAY).date(), "once": pack_members(once), "repeatedly": pack_members(repeatedly)}
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


async def purchases_per_member(session: AsyncSession, ranges: Sequence[Range]) -> list[tuple[int, int]]:
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


def split_repeat_buyers(counts: list[tuple[int, int]]) -> tuple[list[int], list[int]]:
    """Member numbers that bought once, and those that bought more than once."""
    return [member for member, n in counts if n == 1], [member for member, n in counts if n > 1]


def pack_members(members: list[int]) -> bytes:
    """Member numbers as bytes: one byte for the width of a number (4 or 8), then little-endian integers in
    ascending order (a GROUP BY returns them in any order, and the same day must always store the same bytes)."""
    # Four bytes a number for every club with fewer than 2 billion members; np.load's header parsing would
    # cost more than the numbers themselves for a year of days.
    width = 4 if not members or max(members) < 2**31 else 8
    return bytes([width]) + np.sort(np.array(members, dtype=f"<i{width}")).tobytes()


def unpack_members(blob: bytes) -> np.ndarray[Any, Any]:
    """The member numbers `pack_members` packed."""
    return np.frombuffer(blob, dtype=f"<i{blob[0]}", offset=1)
