"""Birthday bonuses: each member's tier bonus and a greeting on their birthday, in their own calendar.

A Jalali birthday recurs on its Jalali date and a Gregorian one on its Gregorian date; 30 Esfand and
29 February are celebrated on the last day of the month in short years (`loyalty.dates`). The bonus is keyed
per member and per year *of the member's calendar*, so running the job twice, late, or for missed days pays once.
Blocked and deleted members get nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import partial
from typing import cast

import jdatetime
from sqlalchemy import Connection, and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from loyalty.club import Club
from loyalty.config import ClubConfig
from loyalty.dates import Birthday, Calendar, birthday_on, calendar_year
from loyalty.expiry import earned_expiry
from loyalty.ledger import post_entry
from loyalty.notices import owe_notice
from models import Member


@dataclass(frozen=True)
class BirthdayRun:
    day: datetime.date
    members: int  # greeted this run (0 when everyone was already greeted)
    points: int


@dataclass(frozen=True)
class Celebrant:
    member_id: int
    tier: str
    calendar: str
    year: int  # the birthday's year in the member's calendar: the bonus key


def _month_days(day: datetime.date) -> list[tuple[str, int, int]]:
    """(calendar, month, day) birthdays that may fall on `day`, leap-day fallbacks included."""
    jalali = jdatetime.date.fromgregorian(date=day)
    found = [("gregorian", day.month, day.day), ("jalali", jalali.month, jalali.day)]
    if (day.month, day.day) == (2, 28):
        found.append(("gregorian", 2, 29))
    if (jalali.month, jalali.day) == (12, 29):
        found.append(("jalali", 12, 30))
    return found


async def birthdays_on(session: AsyncSession, day: datetime.date) -> list[Celebrant]:
    """Active members whose birthday, in their own calendar, is the Gregorian `day`.

    The index on (birthday_month, birthday_day) narrows the scan to a few candidates; each is then checked with
    `loyalty.dates.birthday_on`, which owns the leap-day rules.
    """
    wanted = or_(
        *(
            and_(Member.birthday_calendar == cal, Member.birthday_month == month, Member.birthday_day == mday)
            for cal, month, mday in _month_days(day)
        )
    )
    rows = await session.execute(
        select(Member.id, Member.tier, Member.birthday_calendar, Member.birthday_month, Member.birthday_day).where(
            wanted, Member.status == "active"
        )
    )
    found = []
    for member_id, tier, cal, month, mday in rows:
        birthday = Birthday(cast(Calendar, cal), int(month or 0), int(mday or 0))
        if birthday_on(birthday, day):
            found.append(Celebrant(member_id, tier, birthday.calendar, calendar_year(day, birthday.calendar)))
    return found


async def pay_birthday_bonuses(club: Club, day: datetime.date, *, batch: int = 500) -> BirthdayRun:
    """Credit the tier's birthday bonus and owe a greeting to everyone whose birthday is `day` (club's date).

    Safe to run twice or late: the bonus and the greeting are keyed per member and per calendar year.
    """
    async with club.db.sessions() as session:
        celebrants = await birthdays_on(session, day)
    now = club.clock()
    members = points = 0
    for start in range(0, len(celebrants), batch):
        chunk = celebrants[start : start + batch]
        greeted, paid = await club.db.write(partial(_celebrate, config=club.config, celebrants=chunk, now=now))
        members, points = members + greeted, points + paid
    return BirthdayRun(day, members, points)


def _celebrate(
    connection: Connection, config: ClubConfig, celebrants: list[Celebrant], now: datetime.datetime
) -> tuple[int, int]:
    greeted = paid = 0
    for celebrant in celebrants:
        key = f"birthday:{celebrant.member_id}:{celebrant.year}"
        bonus = config.tier(celebrant.tier).birthday_bonus
        if bonus:
            posted = post_entry(
                connection,
                member_id=celebrant.member_id,
                delta=bonus,
                kind="birthday",
                key=key,
                now=now,
                reference=str(celebrant.year),
                expires_at=earned_expiry(config, now),
            )
            if posted is None:
                continue  # paid (and greeted) before
        if owe_notice(connection, member_id=celebrant.member_id, kind="birthday", key=key, now=now, points=bonus):
            greeted, paid = greeted + 1, paid + bonus
    return greeted, paid


def days_to_celebrate(today: datetime.date, catch_up_days: int, done: set[datetime.date]) -> list[datetime.date]:
    """Today and up to `catch_up_days` missed days before it that have not been celebrated, oldest first."""
    days = [today - datetime.timedelta(days=back) for back in range(catch_up_days, -1, -1)]
    return [day for day in days if day not in done]
