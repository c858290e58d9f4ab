"""Ledger write throughput: purchases/s and claims/s on SQLite and PostgreSQL, sequential and concurrent.

    python bench/ledger.py [--n 5000] [--claims 2000] [--members 1000] [--concurrency 50] [--sqlite-only]
                           [--profile DIR]

Each backend gets a fresh database: a temporary SQLite file, and a throwaway PostgreSQL server from
`tests.servers.start_postgres()` (configured for tests: fsync and synchronous_commit off). Members are joined
first and members are funded for their claims between the purchase and the claim runs; neither is timed.
"Sequential" awaits one call after another; "concurrent" runs `--concurrency` workers pulling from one queue.
At the end every member's cached balance is checked against the sum of its ledger entries in one query.

`--profile DIR` also writes cProfile files of the SQLite runs: `writer.prof` for the writer thread (where the
units of work run) and `loop.prof` for the event loop's thread; read them with `python -m pstats`.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import random
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import func, insert, select

from bot.settings import EXAMPLE_CLUB_CONFIG
from loyalty.club import Club
from loyalty.config import load_club_config
from loyalty.errors import LoyaltyError
from loyalty.ledger import unbalanced_members
from loyalty.members import JoinRequest, join
from loyalty.purchases import PurchaseRequest, record_purchase
from loyalty.rewards import claim_reward
from models import Member, Reward
from models.database import Database, SqliteWriter
from models.migrate import upgrade

ROOT = Path(__file__).resolve().parent.parent
MIN_AMOUNT, MAX_AMOUNT = 250_000, 2_000_000
CLAIM_COST = 100
FUNDING_AMOUNT = 100_000_000  # one purchase per member before the claim runs: thousands of points
SETUP_CONCURRENCY = 50

Item = TypeVar("Item")


@dataclass(frozen=True)
class Options:
    purchases: int
    claims: int
    members: int
    concurrency: int
    sqlite_only: bool
    profile: Path | None
    seed: int


@dataclass(frozen=True)
class Row:
    backend: str
    operation: str
    mode: str
    count: int
    seconds: float
    errors: Counter[str] = field(default_factory=Counter)

    @property
    def rate(self) -> float:
        return self.count / self.seconds if self.seconds else float("inf")


HEADER = f"{'backend':<10} {'operation':<10} {'mode':<16} {'count':>7} {'seconds':>8} {'ops/s':>9}  errors"


def _format(row: Row) -> str:
    errors = ", ".join(f"{name}×{n}" for name, n in sorted(row.errors.items())) or "-"
    return (
        f"{row.backend:<10} {row.operation:<10} {row.mode:<16} {row.count:>7} {row.seconds:>8.2f} "
        f"{row.rate:>9.0f}  {errors}"
    )


async def _drive(
    operation: Callable[[Item], Awaitable[object]], items: Sequence[Item], concurrency: int
) -> tuple[float, Counter[str]]:
    """Run `operation` over `items` with `concurrency` workers; seconds taken and domain refusals by type."""
    errors: Counter[str] = Counter()
    pending = iter(items)  # one iterator shared by all workers: a queue that never blocks

    async def worker() -> None:
        for item in pending:
            try:
                await operation(item)
            except LoyaltyError as exc:
                errors[type(exc).__name__] += 1

    start = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return time.perf_counter() - start, errors


async def _join_members(club: Club, count: int) -> list[int]:
    requests = [
        JoinRequest(
            platform="telegram",
            user_id=100_000 + i,
            chat_id=100_000 + i,
            phone=f"+98912{i:07d}",
            language="fa",
            calendar="jalali",
            name=f"Bench {i}",
        )
        for i in range(count)
    ]
    ids: list[int] = []

    async def one(request: JoinRequest) -> None:
        ids.append((await join(club, request)).member_id)

    await _drive(one, requests, SETUP_CONCURRENCY)
    return sorted(ids)


async def _add_reward(club: Club) -> int:
    row: dict[str, Any] = {
        "title": {"fa": "بنچ", "en": "Bench", "tr": "Bench"},
        "cost": CLAIM_COST,
        "stock": None,
        "voucher_days": 30,
        "active": True,
        "created_at": club.clock(),
    }
    return int(await club.db.write(lambda c: c.execute(insert(Reward).values(row).returning(Reward.id)).scalar_one()))


async def _mismatches(db: Database) -> tuple[int, int]:
    """Members whose cached balance differs from the sum of their ledger, and members checked."""
    async with db.sessions() as session:
        wrong = await unbalanced_members(session)
        checked = await session.scalar(select(func.count()).select_from(Member))
    return len(wrong), int(checked or 0)


@contextmanager
def _profiled(directory: Path | None) -> Iterator[None]:
    """cProfile the event loop's thread here and every SQLite writer thread started meanwhile."""
    if directory is None:
        yield
        return
    directory.mkdir(parents=True, exist_ok=True)
    writer_profile = cProfile.Profile()
    serve = SqliteWriter._serve

    def profiled_serve(writer: SqliteWriter) -> None:
        writer_profile.enable()
        try:
            serve(writer)
        finally:
            writer_profile.disable()

    SqliteWriter._serve = profiled_serve  # type: ignore[method-assign, assignment]
    loop_profile = cProfile.Profile()
    loop_profile.enable()
    try:
        yield
    finally:
        loop_profile.disable()
        SqliteWriter._serve = serve  # type: ignore[method-assign]
        loop_profile.dump_stats(directory / "loop.prof")
        writer_profile.dump_stats(directory / "writer.prof")  # the writer has stopped: Database.close joined it


async def bench_backend(backend: str, url: str, options: Options) -> list[Row]:
    """Migrate `url`, set it up, time purchases and claims both ways, and check the ledger; one table row per run."""
    await upgrade(url)
    db = Database(url)
    club = Club(db=db, config=load_club_config(EXAMPLE_CLUB_CONFIG))
    rng = random.Random(options.seed)
    rows: list[Row] = []

    def report(operation: str, mode: str, count: int, seconds: float, errors: Counter[str]) -> None:
        row = Row(backend, operation, mode, count, seconds, errors)
        rows.append(row)
        print(_format(row), flush=True)

    try:
        members = await _join_members(club, options.members)
        modes = [("sequential", 1), (f"concurrent ({options.concurrency})", options.concurrency)]

        for mode, concurrency in modes:
            purchases = [
                PurchaseRequest(
                    member_id=rng.choice(members),
                    amount=rng.randint(MIN_AMOUNT, MAX_AMOUNT),
                    source="bench",
                    receipt=f"{concurrency}-{i}",
                    created_by="bench",
                )
                for i in range(options.purchases)
            ]
            seconds, errors = await _drive(lambda request: record_purchase(club, request), purchases, concurrency)
            report("purchase", mode, len(purchases), seconds, errors)

        funding = [
            PurchaseRequest(member_id=member, amount=FUNDING_AMOUNT, source="bench-funding", receipt=str(member))
            for member in members
        ]
        await _drive(lambda request: record_purchase(club, request), funding, SETUP_CONCURRENCY)
        reward_id = await _add_reward(club)

        for mode, concurrency in modes:
            claims = [(rng.choice(members), f"{concurrency}-{i}") for i in range(options.claims)]

            async def claim(item: tuple[int, str]) -> None:
                await claim_reward(club, member_id=item[0], reward_id=reward_id, idempotency_key=item[1])

            seconds, errors = await _drive(claim, claims, concurrency)
            report("claim", mode, len(claims), seconds, errors)

        wrong, checked = await _mismatches(db)
        verdict = "OK" if wrong == 0 else f"MISMATCH ({wrong} members)"
        print(f"{backend:<10} balances == ledger sums for {checked} members: {verdict}", flush=True)
        if wrong:
            raise SystemExit(f"{backend}: cached balances differ from the ledger for {wrong} members")
    finally:
        await db.close()
    return rows


async def run(options: Options) -> list[Row]:
    rows: list[Row] = []
    print(HEADER, flush=True)
    with tempfile.TemporaryDirectory(prefix="bashgah-bench-") as tmp, _profiled(options.profile):
        rows += await bench_backend("sqlite", f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}", options)
    if options.profile is not None:
        print(f"profiles written to {options.profile}/writer.prof and {options.profile}/loop.prof", flush=True)
    if options.sqlite_only:
        return rows
    sys.path.insert(0, str(ROOT))  # `tests` is not an installed package
    from tests.servers import postgres_available, start_postgres

    if not postgres_available():
        print("postgresql skipped: no PostgreSQL server binaries here (set BASHGAH_PG_BIN)", flush=True)
        return rows
    try:
        server = await asyncio.to_thread(start_postgres)
    except RuntimeError as exc:
        print(f"postgresql skipped: could not start a throwaway server: {exc}", flush=True)
        return rows
    try:
        rows += await bench_backend("postgresql", server.url, options)
    finally:
        await asyncio.to_thread(server.stop)
    return rows


def parse_args(argv: Sequence[str] | None = None) -> Options:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--n", type=int, default=5000, help="purchases per mode (default 5000)")
    parser.add_argument("--claims", type=int, default=2000, help="claims per mode (default 2000)")
    parser.add_argument("--members", type=int, default=1000, help="members joined before timing (default 1000)")
    parser.add_argument("--concurrency", type=int, default=50, help="workers in the concurrent mode (default 50)")
    parser.add_argument("--sqlite-only", action="store_true", help="skip PostgreSQL")
    parser.add_argument("--profile", type=Path, metavar="DIR", help="write cProfile files of the SQLite runs here")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    args = parser.parse_args(argv)
    for name in ("n", "claims", "members", "concurrency"):
        if getattr(args, name) < 1:
            parser.error(f"--{name} must be at least 1")
    return Options(
        purchases=args.n,
        claims=args.claims,
        members=args.members,
        concurrency=args.concurrency,
        sqlite_only=args.sqlite_only,
        profile=args.profile,
        seed=args.seed,
    )


def main(argv: Sequence[str] | None = None) -> None:
    options = parse_args(argv)
    started = time.perf_counter()
    asyncio.run(run(options))
    print(f"total {time.perf_counter() - started:.1f}s", flush=True)


if __name__ == "__main__":
    main()
