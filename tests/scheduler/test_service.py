"""The scheduler: start-up catch-up, one leader among workers (PostgreSQL lock), take-over, the CLI's view."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import func, select

from loyalty.club import Club
from loyalty.config import ClubConfig
from loyalty.dates import Birthday
from models import JobRun, LedgerEntry
from models.database import Database
from scheduler.lease import Lease
from scheduler.service import ClubScheduler, describe_jobs, run_now
from tests.conftest import FakeClock, _truncate_all
from tests.scheduler.helpers import add_members, translator

DAILY = {"birthday", "expiry", "tier_review", "expiry_reminders", "winback"}


async def _runs(club: Club) -> dict[str, str]:
    async with club.db.sessions() as session:
        rows = await session.execute(select(JobRun.job, JobRun.status).where(JobRun.run_key == "2026-03-10"))
        return {job: status for job, status in rows}


async def _birthday_entries(club: Club) -> int:
    async with club.db.sessions() as session:
        return int(await session.scalar(select(func.count()).where(LedgerEntry.kind == "birthday")) or 0)


async def test_start_catches_up_the_daily_jobs_already_due_today(club: Club) -> None:
    # 13:00 in Tehran: birthdays (09:00), expiry (03:00) and the 10:00 jobs are all due and have not run.
    await add_members(club, 2, birthday=Birthday("gregorian", 3, 10))
    scheduler = ClubScheduler(club, None, translator)
    await scheduler.start()
    try:
        await scheduler.idle()
        assert scheduler.is_leader
        assert {job.id for job in scheduler.scheduler.get_jobs()} == DAILY | {"outbox", "stats_rollups", "lease"}
        assert await _runs(club) == dict.fromkeys(DAILY, "done")
        assert await _birthday_entries(club) == 2
        assert await scheduler.catch_up() == []  # everything ran today
    finally:
        await scheduler.stop()
    assert not scheduler.is_leader


@pytest.fixture
async def pg_club(postgres_url: str, config: ClubConfig, clock: FakeClock) -> AsyncIterator[Club]:
    await _truncate_all(postgres_url)
    database = Database(postgres_url)
    yield Club(database, config, clock)
    await database.close()


async def test_one_of_two_schedulers_runs_the_jobs_and_the_other_takes_over(pg_club: Club, clock: FakeClock) -> None:
    club = pg_club
    await add_members(club, 1, birthday=Birthday("gregorian", 3, 10))
    first = ClubScheduler(club, None, translator, lease=Lease(club, "worker-1"))
    second = ClubScheduler(club, None, translator, lease=Lease(club, "worker-2"))
    assert await first.heartbeat()
    assert not await second.heartbeat()
    await first.idle()  # the new leader caught up today's jobs
    assert await _birthday_entries(club) == 1

    await second._scheduled("birthday")  # not the leader: does nothing
    async with club.db.sessions() as session:
        before = int(await session.scalar(select(func.count()).select_from(JobRun)) or 0)
    await second._scheduled("expiry")
    async with club.db.sessions() as session:
        assert int(await session.scalar(select(func.count()).select_from(JobRun)) or 0) == before

    await first.stop()  # a clean stop gives the lease up: the other takes over at its next heartbeat
    assert await second.heartbeat()
    assert not await first.heartbeat()  # the lease is held by the other one now

    # The leader dies without a word: after the lease expires a third worker takes over.
    third = ClubScheduler(club, None, translator, lease=Lease(club, "worker-3"))
    assert not await third.heartbeat()
    clock.advance(seconds=club.config.scheduler.lease_seconds + 1)
    assert await third.heartbeat()
    assert not await second.heartbeat()  # the old leader learns it lost the lease and stops running jobs
    assert await third.heartbeat()  # the holder renews
    await third.idle()
    await second.idle()
    assert await _birthday_entries(club) == 1  # however many leaders, the bonus was paid once


async def test_jobs_list_and_run_for_operators(club: Club) -> None:
    await add_members(club, 1, birthday=Birthday("gregorian", 3, 10))
    first = await run_now(club, {}, translator, "birthday")
    second = await run_now(club, {}, translator, "birthday")
    assert (first["members"], second["members"]) == (1, 0)  # twice on one day pays once
    lines = await describe_jobs(club)
    birthday = next(line for line in lines if line.startswith("birthday"))
    assert "daily 09:00" in birthday and "next 2026-03-11 09:00" in birthday and "done" in birthday
    assert any(line.startswith("daily_summary") and "off" in line for line in lines)
