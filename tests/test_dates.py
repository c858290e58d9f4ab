"""Tests for loyalty.dates: parsing birthdays in Jalali/Gregorian, yearly occurrence, display."""

from __future__ import annotations

import datetime

import jdatetime
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from loyalty.dates import (
    Birthday,
    Calendar,
    InvalidDate,
    birthday_in_year,
    birthday_on,
    calendar_year,
    format_date,
    parse_date,
    to_persian_digits,
)

D = datetime.date


@pytest.mark.parametrize(
    ("text", "calendar", "expected"),
    [
        ("1370/05/23", "jalali", Birthday("jalali", 5, 23, 1370)),
        ("۱۳۷۰/۰۵/۲۳", "jalali", Birthday("jalali", 5, 23, 1370)),
        ("١٣٧٠/٠٥/٢٣", "jalali", Birthday("jalali", 5, 23, 1370)),
        ("1370-5-23", "jalali", Birthday("jalali", 5, 23, 1370)),
        ("1370.5.3", "jalali", Birthday("jalali", 5, 3, 1370)),
        ("1370 05 23", "jalali", Birthday("jalali", 5, 23, 1370)),
        ("1370 / 05 / 23", "jalali", Birthday("jalali", 5, 23, 1370)),
        ("\u200f ۱۳۷۰/۵/۲۳\u200e ", "jalali", Birthday("jalali", 5, 23, 1370)),
        ("05/23", "jalali", Birthday("jalali", 5, 23, None)),
        ("۱۲/۳۰", "jalali", Birthday("jalali", 12, 30, None)),  # leap day allowed without a year
        ("1403/12/30", "jalali", Birthday("jalali", 12, 30, 1403)),  # 1403 is a Jalali leap year
        ("1399/12/30", "jalali", Birthday("jalali", 12, 30, 1399)),
        ("1408/12/30", "jalali", Birthday("jalali", 12, 30, 1408)),  # next leap after 1403 (5 years)
        ("1300/01/01", "jalali", Birthday("jalali", 1, 1, 1300)),
        ("1450/12/29", "jalali", Birthday("jalali", 12, 29, 1450)),
        ("1991-08-14", "gregorian", Birthday("gregorian", 8, 14, 1991)),
        ("2024-02-29", "gregorian", Birthday("gregorian", 2, 29, 2024)),
        ("2000/2/29", "gregorian", Birthday("gregorian", 2, 29, 2000)),
        ("02-29", "gregorian", Birthday("gregorian", 2, 29, None)),
        ("1900-01-01", "gregorian", Birthday("gregorian", 1, 1, 1900)),
        ("2100-12-31", "gregorian", Birthday("gregorian", 12, 31, 2100)),
    ],
)
def test_parse_date_accepts(text: str, calendar: Calendar, expected: Birthday) -> None:
    assert parse_date(text, calendar) == expected


@pytest.mark.parametrize(
    ("text", "calendar", "reason"),
    [
        ("", "jalali", "format"),
        ("hello", "jalali", "format"),
        ("23/05/1991", "gregorian", "format"),  # day-first is ambiguous
        ("05/23/1991", "gregorian", "format"),
        ("70/05/23", "jalali", "format"),
        ("1370/05", "jalali", "format"),
        ("1370/05/23/1", "jalali", "format"),
        ("1370//05/23", "jalali", "format"),
        ("1370/005/23", "jalali", "format"),
        ("1370_05_23", "jalali", "format"),
        ("1370/13/01", "jalali", "impossible"),
        ("1370/00/10", "jalali", "impossible"),
        ("1370/01/32", "jalali", "impossible"),
        ("1370/01/00", "jalali", "impossible"),
        ("1370/07/31", "jalali", "impossible"),  # second half of the year has 30-day months
        ("1402/12/30", "jalali", "impossible"),  # 1402 is a common year
        ("1404/12/31", "jalali", "impossible"),  # Esfand never has 31 days
        ("12/31", "jalali", "impossible"),
        ("2023-02-29", "gregorian", "impossible"),
        ("1900-02-29", "gregorian", "impossible"),  # century rule
        ("04/31", "gregorian", "impossible"),
        ("13/01", "gregorian", "impossible"),
        ("1299/01/01", "jalali", "out_of_range"),
        ("1451/01/01", "jalali", "out_of_range"),
        ("1991/05/23", "jalali", "out_of_range"),  # a Gregorian year typed in the Jalali calendar
        ("1370-05-23", "gregorian", "out_of_range"),  # and the other way round
        ("1899-12-31", "gregorian", "out_of_range"),
        ("2101-01-01", "gregorian", "out_of_range"),
    ],
)
def test_parse_date_rejects(text: str, calendar: Calendar, reason: str) -> None:
    with pytest.raises(InvalidDate) as caught:
        parse_date(text, calendar)
    assert caught.value.reason == reason


def test_require_year() -> None:
    with pytest.raises(InvalidDate, match="format"):
        parse_date("05/23", "jalali", require_year=True)
    assert parse_date("1370/05/23", "jalali", require_year=True).year == 1370


def test_birthday_validates_on_construction() -> None:
    with pytest.raises(InvalidDate, match="impossible"):
        Birthday("gregorian", 2, 30, None)
    with pytest.raises(ValueError, match="calendar"):
        Birthday("hijri", 1, 1, None)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("birthday", "year", "expected"),
    [
        (Birthday("jalali", 5, 23, 1370), 1403, D(2024, 8, 13)),
        (Birthday("jalali", 1, 1, None), 1403, D(2024, 3, 20)),
        (Birthday("jalali", 12, 30, 1403), 1403, D(2025, 3, 20)),
        (Birthday("jalali", 12, 30, 1403), 1404, D(2026, 3, 20)),  # falls back to 29 Esfand
        (Birthday("jalali", 12, 29, None), 1404, D(2026, 3, 20)),
        (Birthday("gregorian", 2, 29, 2000), 2024, D(2024, 2, 29)),
        (Birthday("gregorian", 2, 29, 2000), 2023, D(2023, 2, 28)),  # falls back to 28 Feb
        (Birthday("gregorian", 2, 29, 2000), 2100, D(2100, 2, 28)),
        (Birthday("gregorian", 8, 14, None), 2024, D(2024, 8, 14)),
    ],
)
def test_birthday_in_year(birthday: Birthday, year: int, expected: D) -> None:
    assert birthday_in_year(birthday, year) == expected


@pytest.mark.parametrize(
    ("birthday", "day", "expected"),
    [
        (Birthday("jalali", 5, 23, 1370), D(2024, 8, 13), True),
        (Birthday("jalali", 5, 23, 1370), D(2024, 8, 14), False),
        (Birthday("jalali", 12, 30, None), D(2026, 3, 20), True),  # 1404 is common
        (Birthday("jalali", 12, 30, None), D(2025, 3, 19), False),  # 1403 has its own 30 Esfand
        (Birthday("jalali", 12, 30, None), D(2025, 3, 20), True),
        (Birthday("gregorian", 2, 29, None), D(2023, 2, 28), True),
        (Birthday("gregorian", 2, 29, None), D(2024, 2, 28), False),
        (Birthday("gregorian", 2, 28, None), D(2023, 2, 28), True),
    ],
)
def test_birthday_on(birthday: Birthday, day: D, expected: bool) -> None:
    assert birthday_on(birthday, day) is expected


def test_jalali_date_can_fall_twice_in_one_gregorian_year() -> None:
    # 11 Dey is 1 Jan 2024 (1402) and 31 Dec 2024 (1403): per Jalali year it is still once.
    dey_11 = Birthday("jalali", 10, 11, None)
    assert birthday_on(dey_11, D(2024, 1, 1))
    assert birthday_on(dey_11, D(2024, 12, 31))
    assert calendar_year(D(2024, 1, 1), "jalali") == 1402
    assert calendar_year(D(2024, 12, 31), "jalali") == 1403


@pytest.mark.parametrize(
    ("day", "calendar", "persian", "expected"),
    [
        (D(2024, 8, 13), "jalali", False, "1403/05/23"),
        (D(2024, 8, 13), "jalali", True, "۱۴۰۳/۰۵/۲۳"),
        (D(2024, 8, 13), "gregorian", False, "2024-08-13"),
        (D(2024, 8, 13), "gregorian", True, "۲۰۲۴-۰۸-۱۳"),
        (D(2025, 3, 20), "jalali", False, "1403/12/30"),
        (D(2025, 3, 21), "jalali", False, "1404/01/01"),
    ],
)
def test_format_date(day: D, calendar: Calendar, persian: bool, expected: str) -> None:
    assert format_date(day, calendar, persian_digits=persian) == expected


@pytest.mark.parametrize(
    ("day", "calendar", "year"),
    [
        (D(2024, 3, 19), "jalali", 1402),
        (D(2024, 3, 20), "jalali", 1403),
        (D(2024, 3, 20), "gregorian", 2024),
    ],
)
def test_calendar_year(day: D, calendar: Calendar, year: int) -> None:
    assert calendar_year(day, calendar) == year


def test_to_persian_digits() -> None:
    assert to_persian_digits("Tier 2: 1,250 pts") == "Tier ۲: ۱,۲۵۰ pts"


@pytest.mark.parametrize(
    ("year", "leap"),
    [(1395, True), (1399, True), (1402, False), (1403, True), (1404, False), (1407, False), (1408, True)],
)
def test_jalali_leap_years_follow_the_official_calendar(year: int, leap: bool) -> None:
    # A plain 4-year cycle would make 1407 leap; the official calendar (and jdatetime) says 1408.
    if leap:
        assert parse_date(f"{year}/12/30", "jalali") == Birthday("jalali", 12, 30, year)
    else:
        with pytest.raises(InvalidDate, match="impossible"):
            parse_date(f"{year}/12/30", "jalali")


# Jalali birth years 1300..1450 cover Gregorian 1921-03-21..2072-03-19.
jalali_era = st.dates(min_value=D(1921, 3, 21), max_value=D(2072, 3, 19))


@given(day=jalali_era, calendar=st.sampled_from(["jalali", "gregorian"]), persian=st.booleans())
def test_format_then_parse_round_trips(day: D, calendar: Calendar, persian: bool) -> None:
    text = format_date(day, calendar, persian_digits=persian)
    birthday = parse_date(text, calendar, require_year=True)
    assert birthday.year == calendar_year(day, calendar)
    assert birthday_in_year(birthday, birthday.year) == day
    assert birthday_on(birthday, day)


@st.composite
def birthdays(draw: st.DrawFn) -> Birthday:
    """Any valid month/day, leap days included, in either calendar."""
    calendar: Calendar = draw(st.sampled_from(["jalali", "gregorian"]))
    # Every day of a leap year of that calendar: 1403 (Jalali) is 2024-03-20..2025-03-20.
    if calendar == "gregorian":
        day = draw(st.dates(min_value=D(2000, 1, 1), max_value=D(2000, 12, 31)))
        return Birthday(calendar, day.month, day.day, None)
    day = jdatetime.date.fromgregorian(date=draw(st.dates(min_value=D(2024, 3, 20), max_value=D(2025, 3, 20))))
    return Birthday(calendar, day.month, day.day, None)


@settings(max_examples=60, deadline=None)
@given(birthday=birthdays(), offset=st.integers(0, 60))
def test_birthday_on_exactly_one_day_per_calendar_year(birthday: Birthday, offset: int) -> None:
    year = {"jalali": 1370, "gregorian": 1990}[birthday.calendar] + offset
    day = birthday_in_year(Birthday(birthday.calendar, 1, 1, None), year)
    hits = []
    while calendar_year(day, birthday.calendar) == year:
        if birthday_on(birthday, day):
            hits.append(day)
        day += datetime.timedelta(days=1)
    assert hits == [birthday_in_year(birthday, year)]
