"""The write path: what `Database.write` re-runs, and SQLite's fast path for prebuilt statements.

On SQLite, `loyalty.sql.execute` runs prebuilt statements on the sqlite3 connection itself; these tests check
that what it stores and reads back is what SQLAlchemy would have stored and read, on both databases.
"""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
import time
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Connection, Engine, event, insert, select, text
from sqlalchemy.exc import DBAPIError, IntegrityError

from loyalty.club import Club
from loyalty.config import ClubConfig
from loyalty.expiry import earned_expiry
from loyalty.purchases import PurchaseRequest, record_purchase
from loyalty.sql import Prebuilt, execute
from models import LedgerEntry, Member, Purchase, Reward
from models.checkpoints import Checkpointer
from models.database import Database, _is_retryable
from tests.conftest import FakeClock
from tests.helpers import add_reward, new_member

_ADD_REWARD = Prebuilt(insert(Reward).returning(Reward.id))
_REWARD_VALUES = Prebuilt(
    select(Reward.active, Reward.stock, Reward.valid_from, Reward.valid_until, Reward.title)
    .where(Reward.key.in_(("first", "second")))  # a literal IN list: expanded once, when compiled
    .order_by(Reward.id)
)


def _sqlite_error(sql: str) -> IntegrityError:
    """The IntegrityError SQLAlchemy raises for `sql` on a table with each kind of constraint."""
    connection = sqlite3.connect(":memory:")
    connection.execute("PRAGMA foreign_keys = ON")
    connection.execute(
        "CREATE TABLE t (id INTEGER PRIMARY KEY, u TEXT UNIQUE, n INT NOT NULL CHECK (n > 0), r INT REFERENCES t)"
    )
    connection.execute("INSERT INTO t VALUES (1, 'a', 1, NULL)")
    try:
        connection.execute(sql)
    except sqlite3.Error as exc:
        error = DBAPIError.instance(sql, None, exc, sqlite3.Error)
        assert isinstance(error, IntegrityError)
        return error
    finally:
        connection.close()
    raise AssertionError(f"{sql} did not fail")


class _PostgresError(Exception):
    def __init__(self, sqlstate: str) -> None:
        super().__init__(sqlstate)
        self.sqlstate = sqlstate


@pytest.mark.parametrize(
    ("sql", "retryable"),
    [
        ("INSERT INTO t VALUES (2, 'a', 1, NULL)", True),  # unique
        ("INSERT INTO t VALUES (1, 'b', 1, NULL)", True),  # primary key
        ("INSERT INTO t VALUES (2, 'b', 0, NULL)", False),  # check
        ("INSERT INTO t VALUES (2, 'b', NULL, NULL)", False),  # not null
        ("INSERT INTO t VALUES (2, 'b', 1, 99)", False),  # foreign key
    ],
)
def test_sqlite_retries_only_unique_key_races(sql: str, retryable: bool) -> None:
    assert _is_retryable(_sqlite_error(sql)) is retryable


@pytest.mark.parametrize(
    ("sqlstate", "retryable"),
    [("23505", True), ("40001", True), ("40P01", True), ("23514", False), ("23502", False), ("23503", False)],
)
def test_postgres_retries_only_unique_key_races_and_serialization_failures(sqlstate: str, retryable: bool) -> None:
    error = DBAPIError("INSERT …", None, _PostgresError(sqlstate))
    assert _is_retryable(error) is retryable
    assert not _is_retryable(ValueError(sqlstate))


async def test_write_reruns_a_unique_key_race_but_not_a_check_violation(club: Club) -> None:
    attempts: list[int] = []

    def race_once(connection: Connection) -> int:
        attempts.append(1)
        row = _reward_row(club, key="race")
        reward_id = execute(connection, _ADD_REWARD, row).scalar_one()
        if len(attempts) == 1:  # a twin committed the same key first: this attempt fails, the next one sees it
            execute(connection, _ADD_REWARD, row)
        return int(reward_id)

    assert await club.db.write(race_once) > 0
    assert len(attempts) == 2

    attempts.clear()

    def free_reward(connection: Connection) -> None:
        attempts.append(1)
        execute(connection, _ADD_REWARD, _reward_row(club, key="free", cost=0))

    with pytest.raises(IntegrityError):
        await club.db.write(free_reward)
    assert len(attempts) == 1


def _reward_row(club: Club, *, key: str, cost: int = 40) -> dict[str, Any]:
    return {
        "key": key,
        "title": {"en": "Gift"},
        "cost": cost,
        "stock": None,
        "per_member_limit": None,
        "valid_from": None,
        "valid_until": None,
        "voucher_days": 30,
        "active": True,
        "created_at": club.clock(),
    }


@pytest.mark.parametrize(
    "now",
    [
        datetime(2026, 3, 10, 9, 30, 15, 123456, tzinfo=UTC),
        datetime(2026, 3, 10, 13, 0, tzinfo=ZoneInfo("Asia/Tehran")),  # no microseconds, not UTC
    ],
)
async def test_fast_path_stores_times_as_sqlalchemy_does(club: Club, clock: FakeClock, now: datetime) -> None:
    member = await new_member(club)
    clock.now = now
    fast = await record_purchase(club, PurchaseRequest(member_id=member.member_id, amount=250_000, receipt="F-1"))

    def through_sqlalchemy(connection: Connection) -> int:
        row = {"member_id": member.member_id, "amount": 1, "points": 0, "source": "test", "tier": "silver"}
        statement = insert(Purchase).values(**row, idempotency_key="orm", created_at=now).returning(Purchase.id)
        return int(connection.execute(statement).scalar_one())

    reference = await club.db.write(through_sqlalchemy)
    async with club.db.sessions() as session:
        purchase = await session.get_one(Purchase, fast.purchase_id)
        entry = (await session.scalars(select(LedgerEntry).where(LedgerEntry.reference.like("purchase:%")))).one()
        member_row = await session.get_one(Member, member.member_id)
        stored = await session.execute(
            text("SELECT created_at FROM purchases WHERE id IN (:fast, :reference) ORDER BY id"),
            {"fast": fast.purchase_id, "reference": reference},
        )
        fast_text, reference_text = (value for (value,) in stored)
    assert purchase.created_at == entry.created_at == member_row.last_activity_at == now
    assert purchase.created_at.tzinfo is UTC and entry.expires_at is not None and entry.expires_at.tzinfo is UTC
    assert entry.expires_at == earned_expiry(club.config, now)
    assert fast_text == reference_text


async def test_fast_path_reads_values_as_sqlalchemy_does(club: Club) -> None:
    valid_from = datetime(2026, 1, 2, 3, 4, 5, 6, tzinfo=UTC)
    await add_reward(club, key="first", stock=None, valid_from=valid_from, title={"fa": "هدیه", "en": "Gift"})
    await add_reward(club, key="second", stock=3, active=False, valid_until=valid_from)

    def both_ways(connection: Connection) -> tuple[Any, Any]:
        fast = execute(connection, _REWARD_VALUES, {}).first()
        slow = connection.execute(_REWARD_VALUES.statement).first()
        return tuple(fast or ()), tuple(slow or ())

    fast, slow = await club.db.write(both_ways)
    assert fast == slow == (True, None, valid_from, None, {"fa": "هدیه", "en": "Gift"})


@pytest.fixture
def statements_through_sqlalchemy() -> Iterator[list[str]]:
    """SQL that any synchronous engine runs through SQLAlchemy's execution machinery meanwhile."""
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    event.listen(Engine, "before_cursor_execute", record)
    yield seen
    event.remove(Engine, "before_cursor_execute", record)


@pytest.fixture
async def sqlite_club(
    sqlite_template: Path, tmp_path: Path, config: ClubConfig, clock: FakeClock
) -> AsyncIterator[Club]:
    """A club on SQLite only, for what only SQLite's writer does."""
    path = tmp_path / "bashgah.db"
    shutil.copy(sqlite_template, path)
    database = Database(f"sqlite+aiosqlite:///{path}")
    yield Club(db=database, config=config, clock=clock)
    await database.close()


async def test_sqlite_purchases_bypass_sqlalchemy_execution(
    sqlite_club: Club, statements_through_sqlalchemy: list[str]
) -> None:
    member = await new_member(sqlite_club)
    statements_through_sqlalchemy.clear()
    await record_purchase(sqlite_club, PurchaseRequest(member_id=member.member_id, amount=250_000, receipt="B-1"))
    assert statements_through_sqlalchemy == ["BEGIN IMMEDIATE"]


def _in_database_file(path: str, receipt: str) -> bool:
    """Whether the purchase is in the database file itself; `immutable` reads the file and ignores the log."""
    connection = sqlite3.connect(f"file:{path}?immutable=1", uri=True)
    try:
        return connection.execute("SELECT 1 FROM purchases WHERE receipt = ?", (receipt,)).fetchone() is not None
    finally:
        connection.close()


async def test_sqlite_log_is_copied_into_the_file_soon_after_a_commit(sqlite_club: Club) -> None:
    # One small purchase is far below SQLite's own automatic checkpoint: only the checkpoint thread copies it.
    member = await new_member(sqlite_club)
    await record_purchase(sqlite_club, PurchaseRequest(member_id=member.member_id, amount=1_000, receipt="C-1"))
    path = sqlite_club.db.url.database
    assert path is not None
    for _ in range(100):
        if _in_database_file(path, "C-1"):
            break
        await asyncio.sleep(0.05)
    assert _in_database_file(path, "C-1")


def test_checkpointer_closes_at_once_while_it_waits_to_copy(tmp_path: Path) -> None:
    path = tmp_path / "log.db"
    sqlite3.connect(path).execute("PRAGMA journal_mode=WAL").close()
    checkpointer = Checkpointer(str(path), pause=60)
    checkpointer.poke()
    time.sleep(0.1)  # it is now waiting for more commits before copying
    started = time.monotonic()
    checkpointer.close()
    assert time.monotonic() - started < 5  # not the minute's pause, nor the 30 s join timeout
