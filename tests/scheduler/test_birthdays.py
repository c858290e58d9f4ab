"""Birthday bonuses: each member's own calendar, leap days, once per calendar year, catch-up after downtime."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from loyalty.birthdays import birthdays_on, pay_birthday_bonuses
from loyalty.club import Club
from loyalty.dates import Birthday
from models import LedgerEntry
from scheduler.jobs import JobContext
from scheduler.outbox import Outbox
from scheduler.service import run_job
from tests.conftest import FakeClock
from tests.helpers import balance_matches_ledger
from tests.scheduler.helpers import FakeMessenger, FakeTime, add_members, notices, translator


async def _bonus_keys(club: Club) -> list[str]:
    async with club.db.sessions() as session:
        keys = await session.scalars(
            select(LedgerEntry.idempotency_key).where(LedgerEntry.kind == "birthday").order_by(LedgerEntry.id)
        )
        return list(keys)


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


async def test_each_calendar_across_the_year_boundary(club: Club) -> None:
    [jalali] = await add_members(club, 1, birthday=Birthday("jalali", 10, 11))  # 11 Dey
    [gregorian] = await add_members(club, 1, birthday=Birthday("gregorian", 12, 31))
    for day in _days(date(2024, 12, 28), date(2027, 1, 3)):
        if day.month in (12, 1):  # the rest of the year has neither birthday; skip it to keep the test quick
            await pay_birthday_bonuses(club, day)
    # 11 Dey is 31 Dec 2024, then 1 Jan 2026 and 1 Jan 2027: no 11 Dey at all in Gregorian 2025.
    assert await _bonus_keys(club) == [
        f"birthday:{jalali}:1403",
        f"birthday:{gregorian}:2024",
        f"birthday:{gregorian}:2025",
        f"birthday:{jalali}:1404",
        f"birthday:{gregorian}:2026",
        f"birthday:{jalali}:1405",
    ]
    greetings = await notices(club, "birthday")
    assert [n.key for n in greetings] == await _bonus_keys(club)
    assert all(n.args == {"points": 50} for n in greetings)  # silver's bonus
    assert await balance_matches_ledger(club)


async def test_leap_days_fall_back_to_the_last_day_of_a_short_month(club: Club) -> None:
    [feb29] = await add_members(club, 1, birthday=Birthday("gregorian", 2, 29))
    [esfand30] = await add_members(club, 1, birthday=Birthday("jalali", 12, 30), tier="gold")
    async with club.db.sessions() as session:
        assert {c.member_id for c in await birthdays_on(session, date(2026, 2, 28))} == {feb29}
        assert await birthdays_on(session, date(2028, 2, 28)) == []  # 2028 has a 29 February
        assert {c.member_id for c in await birthdays_on(session, date(2028, 2, 29))} == {feb29}
        assert await birthdays_on(session, date(2025, 3, 19)) == []  # 29 Esfand 1403: 1403 has a 30th
        assert {c.member_id for c in await birthdays_on(session, date(2025, 3, 20))} == {esfand30}  # 30 Esfand 1403
        assert {c.member_id for c in await birthdays_on(session, date(2026, 3, 20))} == {esfand30}  # 29 Esfand 1404
    for day in (date(2026, 2, 28), date(2026, 3, 1), date(2026, 3, 20), date(2026, 3, 21)):
        await pay_birthday_bonuses(club, day)
    assert await _bonus_keys(club) == [f"birthday:{feb29}:2026", f"birthday:{esfand30}:1404"]
    async with club.db.sessions() as session:
        deltas = list(await session.scalars(select(LedgerEntry.delta).where(LedgerEntry.kind == "birthday")))
    assert deltas == [50, 150]  # each member's tier bonus


async def test_twice_on_one_day_pays_once_and_skips_blocked_and_deleted(club: Club) -> None:
    birthday = Birthday("gregorian", 3, 10)
    active = await add_members(club, 3, birthday=birthday)
    await add_members(club, 1, birthday=birthday, status="blocked")
    await add_members(club, 1, birthday=birthday, status="deleted")
    first = await pay_birthday_bonuses(club, date(2026, 3, 10))
    second = await pay_birthday_bonuses(club, date(2026, 3, 10))
    assert (first.members, first.points) == (3, 150)
    assert (second.members, second.points) == (0, 0)
    assert sorted(n.member_id for n in await notices(club, "birthday")) == active


async def test_three_day_outage_is_caught_up_and_greetings_are_sent_once(club: Club, clock: FakeClock) -> None:
    # Birthdays on the three days the bot was down, and one today.
    members = {day: (await add_members(club, 1, birthday=Birthday("gregorian", 3, day)))[0] for day in (7, 8, 9, 10)}
    [too_old] = await add_members(club, 1, birthday=Birthday("gregorian", 3, 6))  # beyond catch_up_days = 3
    clock.now = datetime(2026, 3, 10, 6, 0, tzinfo=UTC)  # 09:30 in Tehran
    time = FakeTime()
    messenger = FakeMessenger(time)
    ctx = JobContext(club, translator, outbox=Outbox(club, messenger, translator, now=time, sleep=time.sleep))
    result = await run_job(ctx, "birthday")
    assert result["days"] == ["2026-03-07", "2026-03-08", "2026-03-09", "2026-03-10"]
    assert (result["members"], result["points"], result["sent"]) == (4, 200, 4)
    again = await run_job(ctx, "birthday")  # the same day again: nothing twice
    assert (again["days"], again["members"]) == (["2026-03-10"], 0)
    assert sorted(messenger.received().values()) == [1, 1, 1, 1]
    assert "Happy birthday" in messenger.accepted[0][2] and "50" in messenger.accepted[0][2]
    assert too_old not in {n.member_id for n in await notices(club)}
    assert sorted(n.member_id for n in await notices(club, "birthday")) == sorted(members.values())
    clock.advance(days=1)  # the next day only today is new
    assert (await run_job(ctx, "birthday"))["days"] == ["2026-03-11"]
