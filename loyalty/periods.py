"""Reporting periods for statistics and exports: this week, this month, the last 30 days, this year, N days.

Weeks, months and years start at local midnight in the club's time zone and follow the reader's calendar: a
Jalali reader's month is the Jalali month and their week starts on Saturday; a Gregorian reader's week starts
on Monday. A period ends "now", so the rolling counts in the statistics are as of the moment asked.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import jdatetime

from loyalty.dates import Calendar
from loyalty.parsing import InvalidInput, normalize_digits

PERIODS = ("week", "month", "30d", "year")
MAX_DAYS = 3660
# What a merchant may type after /stats or /export ledger, in any of the club's languages.
_WORDS = {
    "week": "week",
    "هفته": "week",
    "hafta": "week",
    "month": "month",
    "ماه": "month",
    "ay": "month",
    "year": "year",
    "سال": "year",
    "yıl": "year",
    "yil": "year",
}
_DAY_SUFFIXES = ("days", "day", "d", "روز", "gün", "gun", "g")


class InvalidPeriod(InvalidInput):
    """Not a period. Reason: "format" (unknown word) or "out_of_range" (zero days, or more than ten years)."""


def parse_period(text: str) -> str:
    """ "week", "month", "year" or "<N>d" from what a merchant typed: "month", "ماه", "90", "۹۰ روز", "45d"."""
    word = normalize_digits(text).strip().lower()
    if word in _WORDS:
        return _WORDS[word]
    for suffix in _DAY_SUFFIXES:
        if word.endswith(suffix):
            word = word.removesuffix(suffix).strip()
            break
    if not word.isdigit():
        raise InvalidPeriod("format")
    days = int(word)
    if not 1 <= days <= MAX_DAYS:
        raise InvalidPeriod("out_of_range")
    return f"{days}d"


def _first_day(period: str, today: date, calendar: Calendar) -> date:
    if period == "week":
        # Monday is weekday 0; a Jalali week starts on Saturday (5).
        first = 5 if calendar == "jalali" else 0
        return today - timedelta(days=(today.weekday() - first) % 7)
    if calendar == "jalali":
        local = jdatetime.date.fromgregorian(date=today)
        start = local.replace(day=1) if period == "month" else local.replace(month=1, day=1)
        return start.togregorian()  # type: ignore[no-any-return]
    return today.replace(day=1) if period == "month" else today.replace(month=1, day=1)


def period_range(period: str, now: datetime, zone: ZoneInfo, calendar: Calendar) -> tuple[datetime, datetime]:
    """[since, until) in UTC for `period` ("week", "month", "year" or "<N>d"), ending at `now`."""
    if period.endswith("d") and period[:-1].isdigit():
        return now - timedelta(days=int(period[:-1])), now
    if period not in PERIODS:
        raise InvalidPeriod("format")
    first = _first_day(period, now.astimezone(zone).date(), calendar)
    return datetime.combine(first, time(), zone).astimezone(UTC), now
