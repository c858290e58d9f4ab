"""Statistics and export speed on a synthetic club in SQLite: seconds for `/stats` and for `/export`.

    python bench/stats.py [--members 100000] [--entries 2000000] [--big] [--db PATH] [--reuse]

`--big` means 1M members and 10M ledger entries (the target: stats under 2 s). The club is built with raw
sqlite3 `executemany` into a migrated file (secondary indexes dropped during the load and rebuilt after, as
a restore would), spread over two years: every member has a signup entry, then purchases (with their
`purchases` rows), referral and birthday bonuses, claims, cancels, adjustments and expiries; balances equal
the ledger sums. `--db PATH --reuse` keeps the file and skips the build when it exists.

After loading (and after `ANALYZE`, what the nightly `PRAGMA optimize` gathers), the statistics rollups are
built from scratch as the scheduler's job would after an upgrade (timed: the backfill, then a refresh with
nothing new, which is what each `/stats` pays when the hourly job has run). Then timed through the same code
the bot runs: `club_stats` + `club_series` for each period button, the members export, and the ledger export
for the last 30 days and for the year (`--no-exports` skips the exports).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sqlite3
import sys
import tempfile
import time
from bisect import bisect_right
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Connection, delete

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.settings import EXAMPLE_CLUB_CONFIG  # noqa: E402
from loyalty.club import Club  # noqa: E402
from loyalty.config import load_club_config  # noqa: E402
from loyalty.exports import export_ledger, export_members  # noqa: E402
from loyalty.periods import PERIODS, period_range  # noqa: E402
from loyalty.rollups import refresh_rollups  # noqa: E402
from loyalty.stats import club_series, club_stats  # noqa: E402
from models import BuyerDay, LedgerSlot, PurchaseSlot, RollupMark  # noqa: E402
from models.database import Database  # noqa: E402
from models.migrate import upgrade  # noqa: E402

NOW = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)
SPAN = timedelta(days=730)
BATCH = 50_000
TIERS = ("silver", "gold", "platinum")
# Share of the non-signup entries by kind; claims and cancels only happen when the balance allows.
KINDS = (
    ("purchase", 0.80),
    ("claim", 0.08),
    ("referral", 0.03),
    ("birthday", 0.03),
    ("adjust", 0.03),
    ("expire", 0.03),
)
NAMES = ("سارا احمدی", "Reza Karimi", "مریم «رضایی»", "Ali, Jr.", "Ayşe Yılmaz")


def _stamp(moment: datetime) -> str:
    """How SQLAlchemy's DateTime stores naive UTC in SQLite."""
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")


def _indexes(db: sqlite3.Connection, table: str) -> list[str]:
    rows = db.execute("SELECT sql FROM sqlite_master WHERE type='index' AND tbl_name=? AND sql IS NOT NULL", (table,))
    return [str(sql) for (sql,) in rows]


def build(path: Path, members: int, entries: int, seed: int = 7) -> None:
    """A synthetic club of `members` and about `entries` ledger entries in the migrated SQLite file `path`."""
    rng = random.Random(seed)
    start = NOW - SPAN
    seconds = int(SPAN.total_seconds())
    joined = sorted(rng.randrange(seconds) for _ in range(members))
    balance = [0] * members
    last_seen = list(joined)
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=OFF")
    saved = {table: _indexes(db, table) for table in ("ledger_entries", "purchases", "members")}
    for sqls in saved.values():
        for sql in sqls:
            db.execute(f"DROP INDEX {sql.split()[2]}")

    def ledger_rows() -> Iterator[tuple[object, ...]]:
        entry_id = 0
        for member, at in enumerate(joined):
            entry_id += 1
            balance[member] += 50
            yield (
                entry_id,
                member + 1,
                50,
                "signup",
                None,
                f"b:{entry_id:010d}",
                _stamp(start + timedelta(seconds=at)),
            )
        rest = entries - members
        times = sorted(rng.randrange(joined[0], seconds) for _ in range(max(rest, 0)))
        kinds = [kind for kind, _ in KINDS]
        weights = [weight for _, weight in KINDS]
        for at, kind in zip(times, rng.choices(kinds, weights, k=len(times)), strict=True):
            member = rng.randrange(bisect_right(joined, at))
            delta = {"purchase": rng.randrange(2, 200), "referral": 100, "birthday": 200, "adjust": 10}.get(kind)
            if delta is None:  # claim or expire: only what the member has
                delta = -min(balance[member], 100 if kind == "claim" else rng.randrange(1, 60))
                if delta == 0:
                    kind, delta = "purchase", rng.randrange(2, 200)
            entry_id += 1
            stamp = _stamp(start + timedelta(seconds=at))
            last_seen[member] = at
            balance[member] += delta
            yield (entry_id, member + 1, delta, kind, None, f"b:{entry_id:010d}", stamp)
            if kind == "claim" and rng.random() < 0.05:  # cancelled while unused: the points come back
                entry_id += 1
                balance[member] -= delta
                yield (entry_id, member + 1, -delta, "claim_cancel", None, f"b:{entry_id:010d}", stamp)

    purchases: list[tuple[object, ...]] = []

    def flush_purchases() -> None:
        db.executemany(
            "INSERT INTO purchases (id, member_id, amount, points, source, receipt, tier, idempotency_key,"
            " created_by, created_at) VALUES (?, ?, ?, ?, 'till', NULL, ?, ?, NULL, ?)",
            purchases,
        )
        purchases.clear()

    batch: list[tuple[object, ...]] = []
    for row in ledger_rows():
        if row[3] == "purchase":
            purchases.append(
                (
                    row[0],
                    row[1],
                    int(row[2]) * 10_000,
                    row[2],
                    TIERS[int(row[1]) % 7 // 3 % 3],
                    f"p:{row[0]:010d}",
                    row[6],
                )
            )
        batch.append(row)
        if len(batch) >= BATCH:
            db.executemany(
                "INSERT INTO ledger_entries (id, member_id, delta, kind, reference, idempotency_key, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                batch,
            )
            flush_purchases()
            batch.clear()
    db.executemany(
        "INSERT INTO ledger_entries (id, member_id, delta, kind, reference, idempotency_key, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        batch,
    )
    flush_purchases()
    db.executemany(
        "INSERT INTO members (id, referral_code, tier, balance, language, calendar, name, phone, marketing_consent,"
        " status, joined_at, last_activity_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            (
                i + 1,
                f"R{i:09d}",
                TIERS[(i + 1) % 7 // 3 % 3],
                balance[i],
                "fa" if i % 3 else "en",
                "jalali" if i % 3 else "gregorian",
                f"{NAMES[i % len(NAMES)]} {i}",
                f"+98912{i:07d}",
                i % 2,
                "blocked" if i % 97 == 0 else "active",
                _stamp(start + timedelta(seconds=joined[i])),
                _stamp(start + timedelta(seconds=last_seen[i])),
                _stamp(start + timedelta(seconds=joined[i])),
            )
            for i in range(members)
        ),
    )
    for sqls in saved.values():
        for sql in sqls:
            db.execute(sql)
    db.commit()
    db.close()


def analyze(path: Path) -> float:
    """`ANALYZE`, what `PRAGMA optimize` on a long-lived connection would gather at most; seconds it took."""
    began = time.perf_counter()
    db = sqlite3.connect(path)
    db.execute("ANALYZE")
    db.commit()
    db.close()
    return time.perf_counter() - began


def _forget_rollups(connection: Connection) -> None:
    for table in (LedgerSlot, PurchaseSlot, BuyerDay, RollupMark):
        connection.execute(delete(table))


async def roll_up(url: str) -> None:
    """Rollups from scratch (the first job run after the upgrade), then once more with nothing new to do."""
    club = Club(Database(url), load_club_config(EXAMPLE_CLUB_CONFIG), clock=lambda: NOW)
    try:
        await club.db.write(_forget_rollups)
        for label in ("backfill", "refresh"):
            began = time.perf_counter()
            run = await refresh_rollups(club)
            print(f"rollup {label:<8} {time.perf_counter() - began:6.2f} s  {run.slots:,} slots, {run.days:,} days")
    finally:
        await club.db.close()


async def measure(url: str, *, exports: bool) -> None:
    config = load_club_config(EXAMPLE_CLUB_CONFIG)
    database = Database(url)
    club = Club(database, config, clock=lambda: NOW)
    try:
        for period in PERIODS:
            since, until = period_range(period, NOW, config.zone, "jalali")
            began = time.perf_counter()
            async with database.sessions() as session:
                stats = await club_stats(session, club, since, until)
                middle = time.perf_counter()
                await club_series(session, club, since, until)
            ended = time.perf_counter()
            print(
                f"stats  {period:<6} total {ended - began:6.2f} s  (kpis {middle - began:5.2f} s, series"
                f" {ended - middle:5.2f} s)  members {stats.members:,}  issued {stats.points_issued:,}"
                f"  purchases {stats.purchases:,}"
            )
        if not exports:
            return
        with tempfile.TemporaryDirectory() as folder:
            for name, export in (
                ("members", lambda out: export_members(database, config, out)),
                (
                    "ledger 30d",
                    lambda out: export_ledger(database, config, out, *period_range("30d", NOW, config.zone, "jalali")),
                ),
                (
                    "ledger year",
                    lambda out: export_ledger(database, config, out, *period_range("year", NOW, config.zone, "jalali")),
                ),
            ):
                out = Path(folder) / "export.csv"
                began = time.perf_counter()
                done = await export(out)
                seconds, rows = time.perf_counter() - began, done.rows
                size = sum(part.stat().st_size for part in done.files) / 1e6
                for part in done.files:
                    part.unlink()
                print(
                    f"export {name:<12} {seconds:6.2f} s  {rows:>10,} rows  {size:7.1f} MB in {len(done.files)} file(s)"
                    f"  {rows / seconds:,.0f} rows/s"
                )
    finally:
        await database.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--entries", type=int, default=2_000_000)
    parser.add_argument("--big", action="store_true", help="1M members, 10M ledger entries")
    parser.add_argument("--db", type=Path, help="keep the SQLite file here")
    parser.add_argument("--reuse", action="store_true", help="with --db: use the file if it exists")
    parser.add_argument("--no-exports", action="store_true", help="time /stats only")
    options = parser.parse_args()
    members, entries = (1_000_000, 10_000_000) if options.big else (options.members, options.entries)
    with tempfile.TemporaryDirectory() as folder:
        path = options.db or Path(folder) / "bench.db"
        url = f"sqlite+aiosqlite:///{path}"
        if not (options.reuse and path.exists()):
            path.unlink(missing_ok=True)
            asyncio.run(upgrade(url))
            began = time.perf_counter()
            build(path, members, entries)
            size = path.stat().st_size / 1e6
            seconds = time.perf_counter() - began
            print(f"built  {members:,} members, {entries:,} entries in {seconds:.1f} s ({size:,.0f} MB)")
        asyncio.run(upgrade(url))  # a file built by an older version gets the newer tables (rollups)
        print(f"analyze          {analyze(path):6.2f} s")
        asyncio.run(roll_up(url))
        asyncio.run(measure(url, exports=not options.no_exports))


if __name__ == "__main__":
    main()
