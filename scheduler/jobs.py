"""The scheduled jobs: what each one does, and when it runs (hours from `[scheduler]`, club's time zone).

Each job is idempotent on its own (ledger and notice keys), so running it twice, late, or from the command
line while the bot runs does nothing twice. Daily jobs leave a `JobRun` marker for the club's date.
"""

from __future__ import annotations

import asyncio
import datetime
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from sqlalchemy import select

from locales import Translator
from loyalty.birthdays import days_to_celebrate, pay_birthday_bonuses
from loyalty.club import Club
from loyalty.config import ClubConfig
from loyalty.expiry import expire_points
from loyalty.jobruns import has_run, mark_run
from loyalty.reminders import remind_expiring_points, win_back
from loyalty.rollups import refresh_rollups
from loyalty.summary import day_summary
from loyalty.tier_review import apply_tier_review, nudge_near_next_tier, review_dates, warn_before_review
from models import JobRun
from models.backup import backup_sqlite, prune_backups, sqlite_path
from scheduler.outbox import Outbox

log = logging.getLogger(__name__)

Result = dict[str, Any]


@dataclass
class JobContext:
    """What jobs work with. `outbox` is None when no messenger is configured: messages then stay owed."""

    club: Club
    translator: Translator
    bots: Mapping[str, Bot] = field(default_factory=dict)
    outbox: Outbox | None = None
    _sending: asyncio.Lock = field(default_factory=asyncio.Lock)

    def today(self) -> datetime.date:
        """The club's calendar date now."""
        return self.club.clock().astimezone(self.club.config.zone).date()

    async def deliver(self) -> Result:
        """Send what is owed now; one outbox run at a time (two would send the same rows)."""
        if self.outbox is None:
            return {}
        async with self._sending:
            return (await self.outbox.run()).as_result()


@dataclass(frozen=True)
class Job:
    name: str
    description: str
    run: Callable[[JobContext], Awaitable[Result]]
    hour: Callable[[ClubConfig], int] | None = None  # daily at this hour; None: every `every_seconds`
    every_seconds: int = 0
    enabled: Callable[[ClubConfig], bool] = lambda config: True

    @property
    def daily(self) -> bool:
        return self.hour is not None


async def _birthdays(ctx: JobContext) -> Result:
    club, today = ctx.club, ctx.today()
    catch_up = club.config.scheduler.catch_up_days
    earliest = (today - datetime.timedelta(days=catch_up)).isoformat()
    async with club.db.sessions() as session:
        keys = await session.scalars(
            select(JobRun.run_key).where(JobRun.job == "birthday", JobRun.status == "done", JobRun.run_key >= earliest)
        )
        # Today is always scanned again (cheap, and idempotent): only missed days are skipped once done.
        done = {datetime.date.fromisoformat(key) for key in keys} - {today}
    greeted = points = 0
    days = days_to_celebrate(today, catch_up, done)
    for day in days:
        run = await pay_birthday_bonuses(club, day)
        greeted, points = greeted + run.members, points + run.points
        if day != today:  # today's marker is written by the caller with the whole result
            await mark_run(club, "birthday", day.isoformat(), members=run.members, points=run.points)
    return {"days": [day.isoformat() for day in days], "members": greeted, "points": points, **await ctx.deliver()}


async def _expiry(ctx: JobContext) -> Result:
    run = await expire_points(ctx.club)
    await ctx.club.db.optimize()  # the quiet nightly moment to refresh the statistics /stats relies on
    return {"members": run.members, "points": run.points}


async def _tier_review(ctx: JobContext) -> Result:
    club, today = ctx.club, ctx.today()
    review, _ = review_dates(club.config, today)
    result: Result = {}
    async with club.db.sessions() as session:
        applied = await has_run(session, "tier_review:applied", review.isoformat())
    if not applied:
        run = await apply_tier_review(club, review)
        await mark_run(
            club, "tier_review:applied", review.isoformat(), upgrades=run.upgrades, downgrades=run.downgrades
        )
        result.update(review=review.isoformat(), upgrades=run.upgrades, downgrades=run.downgrades)
    result["warned"] = await warn_before_review(club, today)
    result["nudged"] = await nudge_near_next_tier(club, today)
    return {**result, **await ctx.deliver()}


async def _expiry_reminders(ctx: JobContext) -> Result:
    run = await remind_expiring_points(ctx.club)
    return {"reminded": run.reminded, **await ctx.deliver()}


async def _winback(ctx: JobContext) -> Result:
    run = await win_back(ctx.club)
    return {"inactive": run.candidates, "nudged": run.reminded, **await ctx.deliver()}


async def _daily_summary(ctx: JobContext) -> Result:
    club = ctx.club
    config = club.config
    day = ctx.today() - datetime.timedelta(days=1)
    async with club.db.sessions() as session:
        summary = await day_summary(session, config, day)
    t = ctx.translator.club_texts(config.club)
    text = t(
        "summary-daily",
        date=t.date(day),
        members=summary.new_members,
        purchases=summary.purchases,
        revenue=summary.revenue,
        currency=t.currency(config.club.currency),
        issued=summary.points_issued,
        redeemed=summary.points_redeemed,
    )
    sent = 0
    for platform, bot in ctx.bots.items():
        for owner in config.staff.owner_ids(platform):
            try:
                await bot.send_message(owner, text)
                sent += 1
            except TelegramAPIError as error:
                log.warning("summary.undelivered", extra={"platform": platform, "error": type(error).__name__})
    return {"day": day.isoformat(), "owners": sent}


async def _backup(ctx: JobContext) -> Result:
    source = sqlite_path(ctx.club.db.url.render_as_string(hide_password=False))
    if source is None:
        return {"skipped": "not SQLite: back up PostgreSQL with pg_dump"}
    settings = ctx.club.config.backup
    directory = Path(settings.directory)
    target = directory / f"bashgah-{ctx.today().isoformat()}.db"
    # The copy reads the whole file: in a thread, so the bot keeps answering meanwhile.
    report = await asyncio.to_thread(backup_sqlite, source, target)
    removed = await asyncio.to_thread(prune_backups, directory, settings.keep)
    return {"file": str(target), "members": report.rows.get("members", 0), "removed": len(removed)}


async def _stats_rollups(ctx: JobContext) -> Result:
    # /stats would roll up the same on demand; hourly, it finds at most an hour to do and answers at once.
    run = await refresh_rollups(ctx.club)
    return {"slots": run.slots, "days": run.days}


async def _outbox(ctx: JobContext) -> Result:
    return await ctx.deliver()


JOBS: dict[str, Job] = {
    job.name: job
    for job in (
        Job("birthday", "birthday bonuses and greetings", _birthdays, hour=lambda c: c.scheduler.birthday_hour),
        Job("expiry", "expire matured points", _expiry, hour=lambda c: c.scheduler.expiry_hour),
        Job("tier_review", "tier review, warnings, nudges", _tier_review, hour=lambda c: c.scheduler.reminders_hour),
        Job(
            "expiry_reminders",
            "remind points about to expire",
            _expiry_reminders,
            hour=lambda c: c.scheduler.reminders_hour,
            enabled=lambda c: bool(c.expiry.months and c.expiry.remind_days_before),
        ),
        Job(
            "winback",
            "nudge inactive opted-in members",
            _winback,
            hour=lambda c: c.scheduler.reminders_hour,
            enabled=lambda c: bool(c.scheduler.winback_days),
        ),
        Job(
            "daily_summary",
            "yesterday's figures to the owners",
            _daily_summary,
            hour=lambda c: c.scheduler.summary_hour,
            enabled=lambda c: c.scheduler.daily_summary,
        ),
        Job(
            "backup",
            "copy the SQLite database, keep the newest",
            _backup,
            hour=lambda c: c.backup.hour,
            enabled=lambda c: c.backup.daily,
        ),
        Job("stats_rollups", "roll up closed slots for /stats", _stats_rollups, every_seconds=3600),
        Job("outbox", "send campaigns and owed messages", _outbox, every_seconds=15),
    )
}
