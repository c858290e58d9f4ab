"""Reminders the club owes members: points about to expire, and a win-back nudge after a long silence."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import partial

from sqlalchemy import Connection, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from loyalty.club import Club
from loyalty.expiry import due_in
from loyalty.notices import owe_notice
from models import LedgerEntry, Member, Notice


@dataclass(frozen=True)
class ReminderRun:
    candidates: int
    reminded: int


async def _expiring_lots(
    session: AsyncSession, now: datetime.datetime, until: datetime.datetime
) -> dict[int, tuple[datetime.datetime, datetime.datetime]]:
    rows = await session.execute(
        select(LedgerEntry.member_id, func.min(LedgerEntry.expires_at), func.max(LedgerEntry.expires_at))
        .join(Member, Member.id == LedgerEntry.member_id)
        .where(
            LedgerEntry.delta > 0,
            LedgerEntry.expires_at > now,
            LedgerEntry.expires_at <= until,
            Member.status == "active",
            Member.balance > 0,
        )
        .group_by(LedgerEntry.member_id)
    )
    return {int(member_id): (first, last) for member_id, first, last in rows if first and last}


async def remind_expiring_points(club: Club, *, batch: int = 500) -> ReminderRun:
    """Tell members how many points expire within `expiry.remind_days_before` days, once per lot.

    Spends consume the soonest-expiring points first (`loyalty.expiry`), so a lot already spent is not
    mentioned. A reminder covers every lot expiring within the window, and a member is reminded again only for
    a lot expiring after what the previous reminder covered: someone earning every day hears about once per
    `remind_days_before` days, not daily.
    """
    config, now = club.config, club.clock()
    days = config.expiry.remind_days_before
    if not config.expiry.months or not days:
        return ReminderRun(0, 0)
    until = now + datetime.timedelta(days=days)
    async with club.db.sessions() as session:
        lots = await _expiring_lots(session, now, until)
    ids = sorted(lots)
    reminded = 0
    for start in range(0, len(ids), batch):
        chunk = {member_id: lots[member_id] for member_id in ids[start : start + batch]}
        reminded += await club.db.write(partial(_remind, lots=chunk, now=now, until=until, days=days))
    return ReminderRun(len(ids), reminded)


def _remind(
    connection: Connection,
    lots: dict[int, tuple[datetime.datetime, datetime.datetime]],
    now: datetime.datetime,
    until: datetime.datetime,
    days: int,
) -> int:
    members = list(lots)
    later, current = due_in(connection, members, until), due_in(connection, members, now)
    reminded_at = {
        member_id: at
        for member_id, at in connection.execute(
            select(Notice.member_id, func.max(Notice.created_at))
            .where(Notice.kind == "expiry", Notice.member_id.in_(members))
            .group_by(Notice.member_id)
        )
    }
    balances = {
        m: int(b) for m, b in connection.execute(select(Member.id, Member.balance).where(Member.id.in_(members)))
    }
    reminded = 0
    for member_id, (first, last) in lots.items():
        points = min(later.get(member_id, 0) - current.get(member_id, 0), int(balances.get(member_id, 0)))
        previous = reminded_at.get(member_id)
        if points <= 0 or (previous is not None and first <= previous + datetime.timedelta(days=days)):
            continue  # nothing left to lose, or the previous reminder already covered this lot
        reminded += owe_notice(
            connection,
            member_id=member_id,
            kind="expiry",
            key=f"expiry:{member_id}:{first.isoformat(timespec='seconds')}",
            now=now,
            points=points,
            date=last.date().isoformat(),
        )
    return reminded


async def win_back(club: Club, *, batch: int = 1000) -> ReminderRun:
    """Nudge opted-in members inactive for `scheduler.winback_days` days: once per inactivity spell.

    A spell is identified by the member's last activity, so a member who comes back and goes quiet again
    is nudged again, and one who stays away is nudged once.
    """
    days = club.config.scheduler.winback_days
    if not days:
        return ReminderRun(0, 0)
    now = club.clock()
    async with club.db.sessions() as session:
        rows = await session.execute(
            select(Member.id, Member.last_activity_at, Member.balance)
            .where(
                Member.status == "active",
                Member.marketing_consent.is_(True),
                Member.last_activity_at <= now - datetime.timedelta(days=days),
            )
            .order_by(Member.id)
        )
        quiet = [(int(m), last, int(balance)) for m, last, balance in rows]
    nudged = 0
    for start in range(0, len(quiet), batch):
        nudged += await club.db.write(partial(_nudge, quiet=quiet[start : start + batch], now=now, days=days))
    return ReminderRun(len(quiet), nudged)


def _nudge(
    connection: Connection, quiet: list[tuple[int, datetime.datetime, int]], now: datetime.datetime, days: int
) -> int:
    nudged = 0
    for member_id, last, balance in quiet:
        key = f"winback:{member_id}:{last.isoformat(timespec='seconds')}"
        nudged += owe_notice(
            connection, member_id=member_id, kind="winback", key=key, now=now, points=balance, days=days
        )
    return nudged
