"""Points expiry.

Earned points carry `expires_at`. Spending consumes the points that expire soonest first, so the amount due
to expire at a moment T is what was earned with `expires_at <= T` minus everything consumed so far (debits,
earlier expiries, less refunds of cancelled claims). With a fixed expiry period this is FIFO by earning date,
it needs no mutable per-lot state in an append-only ledger, and running it twice expires nothing twice.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from sqlalchemy import Connection, and_, bindparam, case, func, literal_column, select

from loyalty.club import Club
from loyalty.config import ClubConfig
from loyalty.ledger import post_entry
from loyalty.sql import Prebuilt, execute
from models import LedgerEntry, Member
from models.base import UTCDateTime


def add_months(moment: datetime, months: int) -> datetime:
    """The same day and time `months` later, clamped to the end of shorter months (31 Jan + 1 = 28/29 Feb)."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def earned_expiry(config: ClubConfig, now: datetime) -> datetime | None:
    """When points earned now expire, or None if the club's points never expire."""
    return add_months(now, config.expiry.months) if config.expiry.months else None


def _matured(until: Any) -> Any:
    """Points earned with an expiry at or before `until` (a datetime or a bound parameter)."""
    return func.coalesce(
        func.sum(case((and_(LedgerEntry.delta > 0, LedgerEntry.expires_at <= until), LedgerEntry.delta), else_=0)), 0
    )


# Refunds of cancelled claims give back what the claim consumed, so they count against consumption.
_CONSUMED = func.coalesce(
    func.sum(
        case(
            (LedgerEntry.delta < 0, -LedgerEntry.delta),
            (LedgerEntry.kind == "claim_cancel", -LedgerEntry.delta),
            else_=0,
        )
    ),
    0,
)
# Built once: /balance asks on every call, and building this expression costs more than running it.
_EXPIRING = Prebuilt(
    select(
        _matured(bindparam("later", type_=UTCDateTime())), _matured(bindparam("now", type_=UTCDateTime())), _CONSUMED
    ).where(LedgerEntry.member_id == bindparam("member"))
)


def due_in(connection: Connection, member_ids: list[int], until: datetime) -> dict[int, int]:
    """Points of each member due to expire by `until` (only members with something due are returned)."""
    rows = connection.execute(
        select(LedgerEntry.member_id, _matured(until) - _CONSUMED)
        .where(LedgerEntry.member_id.in_(member_ids))
        .group_by(LedgerEntry.member_id)
    )
    return {int(member_id): int(due) for member_id, due in rows if due > 0}


# Whether any points mature in a window: one seek in ix_ledger_entries_member_expiring. Usually none do, and then
# nothing expires in it, whatever was consumed, so the sums over the member's whole history are skipped.
_MATURING = Prebuilt(
    select(LedgerEntry.id)
    .where(
        LedgerEntry.member_id == bindparam("member"),
        LedgerEntry.delta > literal_column("0"),  # a literal, not a parameter, or the partial index cannot serve
        LedgerEntry.expires_at > bindparam("now", type_=UTCDateTime()),
        LedgerEntry.expires_at <= bindparam("later", type_=UTCDateTime()),
    )
    .limit(1)
)


def expiring_points(connection: Connection, member_id: int, now: datetime, within: timedelta) -> int:
    """How many of the member's points will expire between now and `now + within` unless spent (a read unit:
    run it with `Database.read`)."""
    window = {"later": now + within, "now": now, "member": member_id}
    if execute(connection, _MATURING, window).first() is None:
        return 0
    row = execute(connection, _EXPIRING, window).first()
    assert row is not None  # an aggregate always has a row
    later, current, used = (int(value) for value in row)
    return max(0, later - used) - max(0, current - used)


@dataclass(frozen=True)
class ExpiryRun:
    members: int
    points: int


async def expire_points(club: Club, *, batch: int = 500) -> ExpiryRun:
    """Expire every member's matured points (FIFO, see module doc). Safe to run twice, late, or concurrently."""
    now = club.clock()
    async with club.db.sessions() as session:
        candidates = list(
            await session.scalars(
                select(LedgerEntry.member_id)
                .where(LedgerEntry.expires_at <= now, LedgerEntry.delta > 0)
                .group_by(LedgerEntry.member_id)
                .order_by(LedgerEntry.member_id)
            )
        )
    total = ExpiryRun(0, 0)
    for start in range(0, len(candidates), batch):
        done = await club.db.write(partial(_expire, member_ids=candidates[start : start + batch], now=now))
        total = ExpiryRun(total.members + done.members, total.points + done.points)
    return total


def _expire(connection: Connection, member_ids: list[int], now: datetime) -> ExpiryRun:
    members = points = 0
    day = now.date().isoformat()
    for member_id, due in due_in(connection, member_ids, now).items():
        balance = connection.execute(select(Member.balance).where(Member.id == member_id)).scalar_one()
        amount = min(due, balance)
        if amount <= 0:
            continue
        posted = post_entry(
            connection, member_id=member_id, delta=-amount, kind="expire", key=f"expire:{member_id}:{day}", now=now
        )
        if posted is not None:
            members, points = members + 1, points + amount
    return ExpiryRun(members, points)
