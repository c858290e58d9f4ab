"""Leader election among workers: one row in `scheduler_leases`, held by one process until it expires.

Every worker runs an APScheduler, but only the lease holder runs jobs. The holder renews the lease well before
it expires; a worker that dies stops renewing, and after `scheduler.lease_seconds` another one takes it over.
Both the claim and the renewal are a single conditional statement, so two workers cannot both succeed.
"""

from __future__ import annotations

import datetime
import os
import socket
import uuid

from sqlalchemy import Connection, or_, update

from loyalty.club import Club
from loyalty.sql import insert_ignoring_conflicts
from models import SchedulerLease

LEASE = "scheduler"


def holder_name() -> str:
    """This process's name in the lease row: host, pid and a random part (pids repeat across hosts)."""
    return f"{socket.gethostname()[:80]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class Lease:
    """One worker's claim on the scheduler lease."""

    def __init__(self, club: Club, holder: str | None = None, *, name: str = LEASE) -> None:
        self.club, self.name = club, name
        self.holder = holder or holder_name()
        self.ttl = datetime.timedelta(seconds=club.config.scheduler.lease_seconds)
        self.held = False

    async def acquire(self) -> bool:
        """Take the lease if it is free or expired, or renew it if this worker holds it; whether it is held."""
        now = self.club.clock()
        self.held = await self.club.db.write(lambda c: self._claim(c, now))
        return self.held

    def _claim(self, connection: Connection, now: datetime.datetime) -> bool:
        row = {"name": self.name, "holder": self.holder, "acquired_at": now, "expires_at": now + self.ttl}
        inserted = connection.execute(
            insert_ignoring_conflicts(connection.dialect.name, SchedulerLease).returning(SchedulerLease.name), row
        ).scalar()
        if inserted is not None:
            return True
        taken = connection.execute(
            update(SchedulerLease)
            .where(
                SchedulerLease.name == self.name,
                or_(SchedulerLease.holder == self.holder, SchedulerLease.expires_at <= now),
            )
            .values(holder=self.holder, expires_at=now + self.ttl)
        )
        return bool(taken.rowcount)

    async def release(self) -> None:
        """Give the lease up (a clean stop), so another worker takes over at its next try, not after the TTL."""
        if not self.held:
            return
        now = self.club.clock()
        await self.club.db.write(
            lambda c: c.execute(
                update(SchedulerLease)
                .where(SchedulerLease.name == self.name, SchedulerLease.holder == self.holder)
                .values(expires_at=now)
            )
        )
        self.held = False
