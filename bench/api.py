"""POS API throughput: purchases/s through the real HTTP application on loopback, SQLite and PostgreSQL.

    python bench/api.py [--seconds 10] [--concurrency 32] [--members 500] [--sqlite-only]

The application (`bot.http.build_http_app`) listens on a loopback port; `--concurrency` aiohttp clients post
`/api/v1/purchases` with a fresh receipt each, for `--seconds`, and the figures printed are purchases/s and
p50/p99 latency. Members are joined first (not timed); no messenger is configured, so no chat notifications are
sent. PostgreSQL is a throwaway server from `tests.servers.start_postgres()` (fsync off: comparative figures).
Every run ends by checking that each cached balance equals its ledger sum.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import statistics
import sys
import tempfile
import time
from pathlib import Path

import aiohttp
from aiohttp import web

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.http import build_http_app  # noqa: E402
from bot.http.ratelimit import MemoryRateLimiter  # noqa: E402
from bot.settings import EXAMPLE_CLUB_CONFIG  # noqa: E402
from loyalty.apiclients import create_api_client  # noqa: E402
from loyalty.club import Club  # noqa: E402
from loyalty.config import load_club_config  # noqa: E402
from loyalty.ledger import unbalanced_members  # noqa: E402
from loyalty.members import JoinRequest, join, member_number  # noqa: E402
from models.database import Database  # noqa: E402
from models.migrate import upgrade  # noqa: E402
from tests.servers import start_postgres  # noqa: E402

RATE_PER_MINUTE = 10**9  # the bench measures the server, not the per-client limit


async def prepare(url: str, members: int) -> tuple[Club, list[int], str]:
    await upgrade(url)
    club = Club(db=Database(url), config=load_club_config(EXAMPLE_CLUB_CONFIG))
    numbers = []
    for user_id in range(1, members + 1):
        request = JoinRequest("telegram", user_id, user_id, f"+98912{user_id:07d}", "en", "gregorian")
        numbers.append(member_number((await join(club, request)).member_id))
    key = (await create_api_client(club, "bench", rate_per_minute=RATE_PER_MINUTE)).key
    return club, numbers, key


async def drive(base: str, key: str, numbers: list[int], seconds: float, concurrency: int) -> list[float]:
    """Post purchases until the time is up; the latency of each successful one."""
    receipts = itertools.count(1)
    latencies: list[float] = []
    deadline = time.perf_counter() + seconds
    headers = {"Authorization": f"Bearer {key}"}

    async def client(session: aiohttp.ClientSession) -> None:
        while time.perf_counter() < deadline:
            receipt = next(receipts)
            body = {"member": str(numbers[receipt % len(numbers)]), "amount": 250_000, "receipt": f"B-{receipt}"}
            started = time.perf_counter()
            async with session.post(f"{base}/api/v1/purchases", json=body, headers=headers) as response:
                await response.read()
                if response.status not in (200, 201):
                    raise RuntimeError(f"HTTP {response.status}: {await response.text()}")
            latencies.append(time.perf_counter() - started)

    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:
        await asyncio.gather(*(client(session) for _ in range(concurrency)))
    return latencies


async def balances_match(club: Club) -> bool:
    async with club.db.sessions() as session:
        return not await unbalanced_members(session)


async def run(name: str, url: str, options: argparse.Namespace) -> None:
    club, numbers, key = await prepare(url, options.members)
    runner = web.AppRunner(build_http_app(club, limiter=MemoryRateLimiter()))
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        latencies = await drive(f"http://127.0.0.1:{port}", key, numbers, options.seconds, options.concurrency)
    finally:
        await runner.cleanup()
    ok = await balances_match(club)
    await club.db.close()
    cuts = statistics.quantiles(latencies, n=100)
    rate = len(latencies) / options.seconds
    print(
        f"{name:<10} {len(latencies):>7} purchases in {options.seconds:.0f} s  {rate:>7,.0f}/s  "
        f"p50 {cuts[49] * 1000:6.1f} ms  p99 {cuts[98] * 1000:6.1f} ms  balances==ledger: {'OK' if ok else 'FAIL'}"
    )


async def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--members", type=int, default=500)
    parser.add_argument("--sqlite-only", action="store_true")
    options = parser.parse_args(argv)
    print(f"POS API, {options.concurrency} concurrent clients on loopback")
    with tempfile.TemporaryDirectory() as tmp:
        await run("sqlite", f"sqlite+aiosqlite:///{Path(tmp) / 'api.db'}", options)
    if not options.sqlite_only:
        server = start_postgres()
        try:
            await run("postgresql", server.url, options)
        finally:
            server.stop()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1:]))
