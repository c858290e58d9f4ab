"""The club's scheduler: APScheduler 3 in the bot's event loop, in the club's time zone, led by one worker.

Every worker starts one `ClubScheduler` with the bot; all of them keep trying the lease (`scheduler.lease`),
and only the holder runs jobs. When a worker becomes the holder (at start, or taking over from a worker that
died) it first runs every daily job whose hour has already passed today and that has not run today.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import logging
import time
from collections.abc import Coroutine, Mapping
from typing import Any

from aiogram import Bot, Dispatcher
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.notifier import Notifier
from locales import Translator
from loyalty.club import Club
from loyalty.jobruns import has_run, last_runs, mark_run
from scheduler.jobs import JOBS, Job, JobContext, Result
from scheduler.lease import Lease
from scheduler.outbox import Outbox, Sender
from scheduler.pacing import Now, Sleep

log = logging.getLogger(__name__)


def job_trigger(job: Job, club: Club) -> CronTrigger | IntervalTrigger:
    """When `job` fires: daily at its hour in the club's zone, or every few seconds."""
    if job.hour is not None:
        return CronTrigger(hour=job.hour(club.config), minute=0, timezone=club.config.zone)
    return IntervalTrigger(seconds=job.every_seconds, timezone=club.config.zone)


# An interval job's first run comes at most this long after start: an hourly job (the /stats rollups) should
# not wait an hour after a restart or an upgrade, nor slow the start itself.
FIRST_RUN_WITHIN = datetime.timedelta(minutes=1)


def first_run(job: Job, club: Club) -> datetime.datetime | None:
    """When a job first fires after start; None leaves it to its trigger (daily jobs catch up on their own)."""
    if job.hour is not None:
        return None
    delay = min(datetime.timedelta(seconds=job.every_seconds), FIRST_RUN_WITHIN)
    return datetime.datetime.now(club.config.zone) + delay


def enabled_jobs(club: Club) -> list[Job]:
    return [job for job in JOBS.values() if job.enabled(club.config)]


async def run_job(ctx: JobContext, name: str) -> Result:
    """Run one job now and record its outcome (daily jobs: a marker for today). Raises KeyError if unknown."""
    job = JOBS[name]
    run_key = ctx.today().isoformat() if job.daily else "latest"
    try:
        result = await job.run(ctx)
    except Exception as error:
        log.exception("job.failed", extra={"job": name})
        await mark_run(ctx.club, name, run_key, status="failed", error=f"{type(error).__name__}: {error}"[:200])
        raise
    await mark_run(ctx.club, name, run_key, **result)
    log.info("job.done", extra={"job": name, **{k: v for k, v in result.items() if isinstance(v, int)}})
    return result


class ClubScheduler:
    """APScheduler plus the lease; `start()`/`stop()` with the bot."""

    def __init__(
        self,
        club: Club,
        sender: Sender | None,
        translator: Translator,
        *,
        bots: Mapping[str, Bot] | None = None,
        lease: Lease | None = None,
        now: Now = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        outbox = Outbox(club, sender, translator, now=now, sleep=sleep) if sender is not None else None
        self.context = JobContext(club, translator, dict(bots or {}), outbox)
        if outbox is not None:
            outbox.keep_going = lambda: self.lease.held  # a worker that lost the lease stops sending at once
        self.club = club
        self.lease = lease or Lease(club)
        self.scheduler = AsyncIOScheduler(timezone=club.config.zone)
        self._running: set[asyncio.Task[Any]] = set()

    @property
    def is_leader(self) -> bool:
        return self.lease.held

    async def start(self) -> None:
        """Schedule the jobs and the lease heartbeat, and claim the lease (catching up if it is ours)."""
        for job in enabled_jobs(self.club):
            self.scheduler.add_job(
                self._scheduled,
                job_trigger(job, self.club),
                args=[job.name],
                id=job.name,
                coalesce=True,
                max_instances=1,
                misfire_grace_time=3600,
                next_run_time=first_run(job, self.club),
            )
        beat = max(1, self.club.config.scheduler.lease_seconds // 3)
        self.scheduler.add_job(self.heartbeat, IntervalTrigger(seconds=beat), id="lease", max_instances=1)
        self.scheduler.start()
        await self.heartbeat()

    async def stop(self) -> None:
        """Stop firing, let running jobs stop cleanly (sends in flight are recorded), and give the lease up."""
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        for task in list(self._running):
            task.cancel()
        if self._running:
            await asyncio.wait(set(self._running))
        await self.lease.release()

    async def heartbeat(self) -> bool:
        """Claim or renew the lease; a worker that just became leader catches up today's missed jobs."""
        was_leader = self.lease.held
        try:
            leader = await self.lease.acquire()
        except Exception:
            log.exception("lease.error")  # the database is away: stop leading until it answers again
            self.lease.held = False
            return False
        if leader and not was_leader:
            log.info("scheduler.leader", extra={"holder": self.lease.holder})
            # In the background: the heartbeat must keep renewing the lease however long the jobs take.
            self._spawn(self.catch_up())
        return leader

    async def idle(self) -> None:
        """Wait until no job started by this scheduler is running (tests, clean shutdown)."""
        while self._running:
            await asyncio.wait(set(self._running))

    async def catch_up(self) -> list[str]:
        """Run each daily job whose hour has passed today and that has not run today; the names run."""
        now = self.club.clock().astimezone(self.club.config.zone)
        ran = []
        for job in enabled_jobs(self.club):
            if job.hour is None or now.hour < job.hour(self.club.config):
                continue
            async with self.club.db.sessions() as session:
                done = await has_run(session, job.name, now.date().isoformat())
            if not done:
                await self._run_safely(job.name)
                ran.append(job.name)
        return ran

    async def run_job(self, name: str) -> Result:
        """Run one job now, leader or not (the jobs are idempotent); used by `bashgah jobs run`."""
        return await run_job(self.context, name)

    async def _scheduled(self, name: str) -> None:
        if not self.lease.held:
            return
        await self._track(self._run_safely(name))

    async def _run_safely(self, name: str) -> None:
        with contextlib.suppress(Exception):  # logged and marked failed by run_job; the next fire tries again
            await run_job(self.context, name)

    def _spawn(self, work: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        task = asyncio.create_task(work)
        self._running.add(task)
        task.add_done_callback(self._running.discard)
        return task

    async def _track(self, work: Coroutine[Any, Any, Any]) -> None:
        # Shielded: APScheduler's own cancellation (at shutdown) must not cut a job short; stop() ends it cleanly
        # instead. That cancellation is no job failure either, so it does not reach APScheduler's error log.
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.shield(self._spawn(work))


def attach_scheduler(dispatcher: Dispatcher, club: Club, bots: Mapping[str, Bot], translator: Translator) -> None:
    """Start the club's scheduler with the dispatcher's polling and stop it with it."""
    scheduler = ClubScheduler(club, Notifier(club, bots, translator), translator, bots=bots)
    dispatcher.startup.register(scheduler.start)
    dispatcher.shutdown.register(scheduler.stop)


def next_run(job: Job, club: Club, now: datetime.datetime) -> datetime.datetime | None:
    """When `job` fires next after `now`, in the club's time zone."""
    fire: datetime.datetime | None = job_trigger(job, club).get_next_fire_time(None, now)
    return fire


async def describe_jobs(club: Club) -> list[str]:
    """One line per job for `bashgah jobs list`: schedule, next run and last run in the club's time zone."""
    zone = club.config.zone
    now = club.clock().astimezone(zone)
    async with club.db.sessions() as session:
        runs = await last_runs(session)
    lines = []
    for job in JOBS.values():
        when = f"daily {job.hour(club.config):02d}:00" if job.hour else f"every {job.every_seconds}s"
        following = next_run(job, club, now) if job.enabled(club.config) else None
        upcoming = following.astimezone(zone).strftime("%Y-%m-%d %H:%M") if following else "off"
        last = runs.get(job.name)
        if last is None or last.finished_at is None:
            previous = "never"
        else:
            shown = ", ".join(f"{key}={value}" for key, value in last.result.items())
            previous = f"{last.finished_at.astimezone(zone):%Y-%m-%d %H:%M} {last.status} {shown}".rstrip()
        lines.append(f"{job.name:<17} {when:<12} next {upcoming:<16}  last {previous}   ({job.description})")
    return lines


async def run_now(club: Club, bots: Mapping[str, Bot], translator: Translator, name: str) -> Result:
    """Run one job from the command line. Messages are sent only if no bot worker holds the lease (else that
    worker's outbox sends them within seconds): two outboxes at once could send the same message twice."""
    lease = Lease(club)
    sender = Notifier(club, bots, translator) if bots and await lease.acquire() else None
    scheduler = ClubScheduler(club, sender, translator, bots=bots, lease=lease)
    try:
        return await scheduler.run_job(name)
    finally:
        await lease.release()
