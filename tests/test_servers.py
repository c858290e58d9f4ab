"""The throwaway-server helpers work: each server starts, answers a query and stops.

Missing server binaries skip these tests locally, but fail them on CI (CI=true),
where both databases must be tested.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import asyncpg
import pytest
import redis.asyncio as aioredis

from tests.servers import (
    PostgresServer,
    RedisServer,
    postgres_available,
    redis_available,
    start_postgres,
    start_redis,
)


def _require(available: bool, what: str) -> None:
    if available:
        return
    if os.environ.get("CI", "").lower() in ("true", "1", "yes"):
        pytest.fail(f"{what} is not installed, and CI must test against it")
    pytest.skip(f"{what} is not installed")


@pytest.fixture
def throwaway_postgres() -> Iterator[PostgresServer]:
    _require(postgres_available(), "PostgreSQL server")
    server = start_postgres()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def throwaway_redis() -> Iterator[RedisServer]:
    _require(redis_available(), "redis-server")
    server = start_redis()
    try:
        yield server
    finally:
        server.stop()


async def test_postgres_starts_and_answers(throwaway_postgres: PostgresServer) -> None:
    url = throwaway_postgres.url
    assert url.startswith("postgresql+asyncpg://postgres@127.0.0.1:")
    assert url.endswith("/bashgah_test")
    conn = await asyncpg.connect(url.replace("postgresql+asyncpg", "postgresql"))
    try:
        assert await conn.fetchval("select 1") == 1
        assert await conn.fetchval("show server_encoding") == "UTF8"
        assert await conn.fetchval("show fsync") == "off"
    finally:
        await conn.close()


def test_postgres_stop_removes_everything() -> None:
    _require(postgres_available(), "PostgreSQL server")
    server = start_postgres()
    server.stop()
    server.stop()  # idempotent
    assert not server.base_dir.exists()


async def test_redis_starts_and_answers(throwaway_redis: RedisServer) -> None:
    client = aioredis.Redis.from_url(throwaway_redis.url)
    try:
        assert await client.ping()
        await client.set("bashgah:probe", "1")
        assert await client.get("bashgah:probe") == b"1"
    finally:
        await client.aclose()
