"""Small builders shared by the domain tests, and a write lock held by another connection."""

from __future__ import annotations

import contextlib
import itertools
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

from sqlalchemy import insert

from loyalty.club import Club
from loyalty.ledger import unbalanced_members
from loyalty.members import JoinRequest, JoinResult, join
from models import Reward

_user_ids = itertools.count(10_000)


async def new_member(
    club: Club, *, phone: str | None = None, referral_code: str | None = None, platform: str = "telegram"
) -> JoinResult:
    """Join a fresh member with a unique messenger id and phone."""
    user_id = next(_user_ids)
    return await join(
        club,
        JoinRequest(
            platform=platform,
            user_id=user_id,
            chat_id=user_id,
            phone=phone or f"+98912{user_id:07d}",
            language="fa",
            calendar="jalali",
            name=f"Member {user_id}",
            referral_code=referral_code,
        ),
    )


async def add_reward(club: Club, **values: object) -> int:
    """Insert a reward straight into the catalog (title, cost 40, 30-day vouchers unless given)."""
    row = {"title": {"fa": "هدیه", "en": "Gift", "tr": "Hediye"}, "cost": 40, "voucher_days": 30, "active": True}
    row.update(values, created_at=club.clock())
    return int(await club.db.write(lambda c: c.execute(insert(Reward).values(row).returning(Reward.id)).scalar_one()))


BUSY_TIMEOUT_MS = 1500


async def short_busy_timeout(club: Club) -> Path:
    """Give the club's SQLite writer a short busy timeout (the production one is 10 s); the database file."""
    await club.db.write(lambda connection: connection.exec_driver_sql(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}"))
    database = club.db.url.database
    assert database is not None
    return Path(database)


def write_lock(path: Path) -> sqlite3.Connection:
    """Another process's connection holding SQLite's write lock (as a backup tool or a second program might)."""
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    return holder


@contextlib.asynccontextmanager
async def locked_throughout(club: Club) -> AsyncIterator[None]:
    """The write lock held by another connection, past the writer's busy timeout, until the block ends."""
    holder = write_lock(await short_busy_timeout(club))
    try:
        yield
    finally:
        holder.execute("ROLLBACK")
        holder.close()


async def balance_matches_ledger(club: Club) -> bool:
    """Whether every member's cached balance equals the sum of their ledger entries."""
    async with club.db.sessions() as session:
        return not await unbalanced_members(session)
