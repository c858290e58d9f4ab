"""Members' birthdays in their own calendar (Jalali or Gregorian) and date display.

Storage and scheduling use Gregorian ``datetime.date``; a birthday keeps the calendar the member
typed it in, because "23 Mordad" moves around in Gregorian terms from year to year.

A birthday recurs once per year *of its own calendar*. Per Gregorian year a Jalali date near
1 January (e.g. 11 Dey) can fall twice or not at all, so anything that remembers "already
celebrated this year" must key on ``calendar_year(day, birthday.calendar)``.
"""

from __future__ import annotations

import datetime
import re
from calendar import isleap
from dataclasses import dataclass
from typing import Literal

import jdatetime

from loyalty.parsing import InvalidInput, normalize_digits

__all__ = [
    "DEFAULT_CALENDAR",
    "Birthday",
    "Calendar",
    "InvalidDate",
    "birthday_in_year",
    "birthday_on",
    "calendar_year",
    "format_date",
    "parse_date",
    "parse_day",
    "to_persian_digits",
]

Calendar = Literal["jalali", "gregorian"]
# The calendar a language's readers use unless they choose: Persian speakers date in the Jalali calendar.
DEFAULT_CALENDAR: dict[str, Calendar] = {"fa": "jalali", "en": "gregorian", "tr": "gregorian"}

# Plausible birth years; Jalali 1300..1450 is Gregorian 1921..2072.
_YEARS: dict[str, range] = {"jalali": range(1300, 1451), "gregorian": range(1900, 2101)}
# Without a year, month/day is checked against a leap year so 30 Esfand and 29 February are allowed.
_SOME_LEAP_YEAR = {"jalali": 1403, "gregorian": 2000}
_LEAP_DAY = {"jalali": (12, 30), "gregorian": (2, 29)}

# Year first (Y/M/D) or month/day only; day-first input like "23/05/1991" is ambiguous and refused.
_SEP = r"\s*[/.\-\s]\s*"
_DATE = re.compile(rf"(?:([0-9]{{4}}){_SEP})?([0-9]{{1,2}}){_SEP}([0-9]{{1,2}})")
_TO_PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


class InvalidDate(InvalidInput):
    """A date could not be accepted. Reasons: "format", "impossible", "out_of_range"."""


@dataclass(frozen=True)
class Birthday:
    """A member's birthday as typed in their calendar; ``year`` is optional (members may hide it).

    Construction validates, so a Birthday loaded from anywhere is always a real date.
    """

    calendar: Calendar
    month: int
    day: int
    year: int | None = None

    def __post_init__(self) -> None:
        if self.calendar not in _YEARS:
            raise ValueError(f"unknown calendar {self.calendar!r}")
        if self.year is not None and self.year not in _YEARS[self.calendar]:
            raise InvalidDate("out_of_range")
        year = _SOME_LEAP_YEAR[self.calendar] if self.year is None else self.year
        try:
            _to_gregorian(self.calendar, year, self.month, self.day)
        except ValueError as error:
            raise InvalidDate("impossible") from error


def parse_date(text: str, calendar: Calendar, *, require_year: bool = False) -> Birthday:
    """Parse "1370/05/23", "۱۳۷۰-۵-۲۳" or "05/23" (no year) in ``calendar``.

    Raises InvalidDate: "format" (not Y/M/D or M/D, or year missing when required),
    "out_of_range" (implausible birth year) or "impossible" (e.g. 1402/12/30, 2023-02-29).
    """
    match = _DATE.fullmatch(normalize_digits(text))
    if match is None or (require_year and match[1] is None):
        raise InvalidDate("format")
    year = None if match[1] is None else int(match[1])
    return Birthday(calendar, int(match[2]), int(match[3]), year)


def parse_day(text: str, calendar: Calendar) -> datetime.date:
    """A full date typed in ``calendar`` ("1405/12/29"), as a Gregorian date; raises InvalidDate."""
    typed = parse_date(text, calendar, require_year=True)
    assert typed.year is not None
    return _to_gregorian(calendar, typed.year, typed.month, typed.day)


def birthday_in_year(b: Birthday, year: int) -> datetime.date:
    """Gregorian date of the birthday in ``year`` of the birthday's own calendar.

    A leap day (30 Esfand, 29 February) is celebrated the day before in common years.
    """
    day = b.day
    if (b.month, b.day) == _LEAP_DAY[b.calendar] and not _is_leap(b.calendar, year):
        day -= 1
    return _to_gregorian(b.calendar, year, b.month, day)


def birthday_on(b: Birthday, day: datetime.date) -> bool:
    """Whether the Gregorian ``day`` is the member's birthday in their calendar."""
    return birthday_in_year(b, calendar_year(day, b.calendar)) == day


def calendar_year(day: datetime.date, calendar: Calendar) -> int:
    """The year that ``day`` falls in, counted in ``calendar``."""
    if calendar == "gregorian":
        return day.year
    year: int = jdatetime.date.fromgregorian(date=day).year
    return year


def format_date(d: datetime.date, calendar: Calendar, *, persian_digits: bool) -> str:
    """Show ``d`` as "1403/05/23" (Jalali) or "2024-08-13" (Gregorian)."""
    if calendar == "jalali":
        j = jdatetime.date.fromgregorian(date=d)
        text = f"{j.year:04d}/{j.month:02d}/{j.day:02d}"
    else:
        text = d.isoformat()
    return to_persian_digits(text) if persian_digits else text


def to_persian_digits(text: str) -> str:
    """Replace ASCII digits with Persian ones (۰-۹)."""
    return text.translate(_TO_PERSIAN)


def _is_leap(calendar: Calendar, year: int) -> bool:
    """Leap year test in ``calendar`` (jdatetime follows the official Iranian calendar)."""
    if calendar == "gregorian":
        return isleap(year)
    leap: bool = jdatetime.date(year, 1, 1).isleap()
    return leap


def _to_gregorian(calendar: Calendar, year: int, month: int, day: int) -> datetime.date:
    """Gregorian date for a date in ``calendar``; ValueError if it does not exist."""
    if calendar == "gregorian":
        return datetime.date(year, month, day)
    result: datetime.date = jdatetime.date(year, month, day).togregorian()
    return result
