"""Markers of scheduled work done: a daily job run for a date, a tier review applied, a campaign finished.

The ledger's and notices' idempotency keys are what make a job safe to run twice; a marker only lets the
scheduler skip work already done (and `bashgah jobs list` show the last run and its result).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from loyalty.club import Club
from loyalty.sql import insert_ignoring_conflicts
from models import JobRun


@dataclass(frozen=True)
class LastRun:
    job: str
    run_key: str
    status: str
    finished_at: datetime | None
    result: dict[str, Any]


def mark_run_in(
    connection: Connection, job: str, run_key: str, now: datetime, *, status: str = "done", **result: Any
) -> None:
    """Record (or overwrite) the outcome of `job` for `run_key` inside a unit of work."""
    row = {"job": job, "run_key": run_key, "status": status, "finished_at": now, "result": result, "created_at": now}
    inserted = connection.execute(insert_ignoring_conflicts(connection.dialect.name, JobRun).returning(JobRun.id), row)
    if inserted.scalar() is None:
        connection.execute(
            update(JobRun)
            .where(JobRun.job == job, JobRun.run_key == run_key)
            .values(status=status, finished_at=now, result=result)
        )


async def mark_run(club: Club, job: str, run_key: str, *, status: str = "done", **result: Any) -> None:
    """Record the outcome of `job` for `run_key` (e.g. a date)."""
    now = club.clock()
    await club.db.write(lambda c: mark_run_in(c, job, run_key, now, status=status, **result))


async def has_run(session: AsyncSession, job: str, run_key: str) -> bool:
    """Whether `job` finished successfully for `run_key`."""
    found = await session.scalar(
        select(JobRun.id).where(JobRun.job == job, JobRun.run_key == run_key, JobRun.status == "done")
    )
    return found is not None


async def last_runs(session: AsyncSession) -> dict[str, LastRun]:
    """The most recent run of every job that has run."""
    latest = select(JobRun.job, func.max(JobRun.finished_at).label("finished")).group_by(JobRun.job).subquery("latest")
    rows = await session.execute(
        select(JobRun.job, JobRun.run_key, JobRun.status, JobRun.finished_at, JobRun.result)
        .join(latest, (latest.c.job == JobRun.job) & (latest.c.finished == JobRun.finished_at))
        .order_by(JobRun.job, JobRun.id.desc())
    )
    found: dict[str, LastRun] = {}
    for row in rows:
        found.setdefault(row.job, LastRun(*row))
    return found
