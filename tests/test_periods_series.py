"""Reporting periods (club time zone, reader's calendar) and the weekly series behind the /stats chart."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from loyalty.club import Club
from loyalty.periods import InvalidPeriod, parse_period, period_range
from loyalty.purchases import PurchaseRequest, record_purchase
from loyalty.rewards import claim_reward
from loyalty.stats import club_series, club_stats
from models import LedgerEntry
from tests.conftest import FakeClock
from tests.helpers import add_reward, new_member

TEHRAN = ZoneInfo("Asia/Tehran")
NOW = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)  # Tuesday; 1404/12/19 in the Jalali calendar


@pytest.mark.parametrize(
    ("typed", "period"),
    [("week", "week"), ("ماه", "month"), ("Yıl", "year"), ("90", "90d"), ("۹۰ روز", "90d"), ("45d", "45d")],
)
def test_typed_periods(typed: str, period: str) -> None:
    assert parse_period(typed) == period


@pytest.mark.parametrize("typed", ["fortnight", "0", "-5", "99999", "1.5"])
def test_bad_periods_are_refused(typed: str) -> None:
    with pytest.raises(InvalidPeriod):
        parse_period(typed)


@pytest.mark.parametrize(
    ("period", "calendar", "local_start"),
    [
        ("week", "jalali", datetime(2026, 3, 7)),  # Saturday
        ("week", "gregorian", datetime(2026, 3, 9)),  # Monday
        ("month", "jalali", datetime(2026, 2, 20)),  # 1 Esfand 1404
        ("month", "gregorian", datetime(2026, 3, 1)),
        ("year", "jalali", datetime(2025, 3, 21)),  # 1 Farvardin 1404
        ("year", "gregorian", datetime(2026, 1, 1)),
    ],
)
def test_periods_start_at_local_midnight_in_the_readers_calendar(
    period: str, calendar: str, local_start: datetime
) -> None:
    since, until = period_range(period, NOW, TEHRAN, calendar)  # type: ignore[arg-type]
    assert since == local_start.replace(tzinfo=TEHRAN).astimezone(UTC) and until == NOW
    assert period_range("30d", NOW, TEHRAN, "jalali") == (NOW - timedelta(days=30), NOW)


async def test_series_buckets_add_up_to_the_period_totals(club: Club, clock: FakeClock) -> None:
    since = clock()
    first = await new_member(club)
    await record_purchase(club, PurchaseRequest(member_id=first.member_id, amount=2_000_000))
    clock.advance(days=15)
    second = await new_member(club)
    await record_purchase(club, PurchaseRequest(member_id=second.member_id, amount=900_000))
    reward = await add_reward(club, cost=40)
    await claim_reward(club, member_id=first.member_id, reward_id=reward, idempotency_key="k")
    until = clock.advance(days=6)  # three weeks: weekly buckets

    async with club.db.sessions() as session:
        series = await club_series(session, club, since, until)
        stats = await club_stats(session, club, since, until)
        entries = (await session.scalars(select(LedgerEntry))).all()
    assert series.width == timedelta(days=7) and len(series.new_members) == 3
    assert series.new_members == [1, 0, 1]
    assert sum(series.points_issued) == stats.points_issued == sum(e.delta for e in entries if e.delta > 0)
    assert series.points_redeemed == [0, 0, 40] and stats.points_redeemed == 40
    assert series.points_issued[1] == 0 and series.starts[2] == since + timedelta(days=14)

    async with club.db.sessions() as session:
        daily = await club_series(session, club, until - timedelta(days=7), until)
    assert daily.width == timedelta(days=1) and len(daily.new_members) == 7
    assert sum(daily.points_redeemed) == 40 and daily.new_members == [0, 1, 0, 0, 0, 0, 0]  # 6 days ago
