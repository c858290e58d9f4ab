"""Shared fixtures: a migrated database on SQLite and on a throwaway PostgreSQL, and a club with a test clock."""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import AsyncIterator, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from bot.settings import EXAMPLE_CLUB_CONFIG
from loyalty.club import Club
from loyalty.config import ClubConfig, load_club_config
from models import Base
from models.database import Database
from models.migrate import upgrade
from tests.harness import Harness, run_bot
from tests.servers import PostgresServer, external_postgres_url, postgres_available, start_postgres

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


class FakeClock:
    """A clock tests move by hand: no sleeping, no flaky midnight."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


def _run_in_thread(coroutine: Coroutine[Any, Any, None]) -> None:
    # Session fixtures are first requested from inside a test's running event loop.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, coroutine).result()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A PostgreSQL database migrated to head, for the whole session (skipped only outside CI)."""
    url = external_postgres_url()
    server: PostgresServer | None = None
    if url is None:
        if not postgres_available():
            if IN_CI:
                pytest.fail("PostgreSQL is required in CI (.ci/run installs it)")
            pytest.skip("no PostgreSQL server binaries on this machine")
        server = start_postgres()
        url = server.url
    _run_in_thread(upgrade(url))
    yield url
    if server is not None:
        server.stop()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An SQLite file migrated once; each test copies it, which is much faster than migrating again."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    _run_in_thread(upgrade(f"sqlite+aiosqlite:///{path}"))
    return path


async def _truncate_all(url: str) -> None:
    engine = create_async_engine(url)
    tables = ", ".join(table.name for table in Base.metadata.sorted_tables)
    async with engine.begin() as connection:
        await connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    await engine.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
async def db(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Database]:
    """A migrated, empty database: every domain test runs on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        path = tmp_path / "bashgah.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        url = f"sqlite+aiosqlite:///{path}"
    else:
        url = request.getfixturevalue("postgres_url")
        await _truncate_all(url)
    database = Database(url)
    yield database
    await database.close()


@pytest.fixture
def config() -> ClubConfig:
    return load_club_config(EXAMPLE_CLUB_CONFIG)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 3, 10, 9, 30, tzinfo=UTC))


@pytest.fixture
def club(db: Database, config: ClubConfig, clock: FakeClock) -> Club:
    return Club(db=db, config=config, clock=clock)


@pytest.fixture
async def sqlite_db(tmp_path: Path, sqlite_template: Path) -> AsyncIterator[Database]:
    """A migrated, empty SQLite database (the bot's tests: the domain tests already cover PostgreSQL)."""
    path = tmp_path / "bot.db"
    shutil.copy(sqlite_template, path)
    database = Database(f"sqlite+aiosqlite:///{path}")
    yield database
    await database.close()


@pytest.fixture
def bot_club(sqlite_db: Database, config: ClubConfig, clock: FakeClock) -> Club:
    return Club(db=sqlite_db, config=config, clock=clock)


@pytest.fixture
async def harness(bot_club: Club) -> AsyncIterator[Harness]:
    """The real bot polling a fake Bot API server on loopback."""
    async with run_bot(bot_club) as running:
        yield running
