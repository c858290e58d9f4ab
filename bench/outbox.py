"""Scheduler figures: outbox messages/s against a rate-limited fake Bot API server, and the birthday scan time.

    python bench/outbox.py [--recipients 5000] [--rate 30] [--members 1000000] [--sqlite-only] [--skip-outbox]

Outbox: a campaign to `--recipients` members is delivered through the real aiogram client to the local fake
Bot API server, which accepts at most `--rate` sends per second (a one-second token bucket) and answers 429
beyond it; the outbox is configured at the same rate. Target: at least 95 % of the configured rate.

Birthday scan: `--members` members (70 % with a birthday, half Jalali, half Gregorian) are bulk-inserted into a
fresh SQLite file and, unless --sqlite-only, a throwaway PostgreSQL; the scan for a day's birthdays
(`loyalty.birthdays.birthdays_on`) is timed over several days. Target: under 1 s at 1M members.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import insert, select

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # `tests` and `bench` are not installed packages

from bot.fakebotapi import FakeBotAPI  # noqa: E402
from bot.notifier import Notifier  # noqa: E402
from bot.runtime import ClubBot  # noqa: E402
from bot.settings import EXAMPLE_CLUB_CONFIG  # noqa: E402
from locales import Translator  # noqa: E402
from loyalty.birthdays import birthdays_on  # noqa: E402
from loyalty.campaigns import Segment, create_campaign  # noqa: E402
from loyalty.club import Club  # noqa: E402
from loyalty.config import OutboxSection, load_club_config  # noqa: E402
from models import Identity, Member  # noqa: E402
from models.database import Database  # noqa: E402
from models.migrate import upgrade  # noqa: E402
from scheduler.outbox import Outbox  # noqa: E402

TOKEN = "123456:BENCH-token"
NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
SCAN_DAYS = [date(2026, 3, 20), date(2026, 1, 1), date(2026, 2, 28), date(2026, 8, 14), date(2026, 12, 21)]


async def bench_outbox(recipients: int, rate: float) -> None:
    with tempfile.TemporaryDirectory(prefix="bashgah-bench-") as tmp:
        url = f"sqlite+aiosqlite:///{Path(tmp) / 'outbox.db'}"
        await upgrade(url)
        config = load_club_config(EXAMPLE_CLUB_CONFIG)
        config = config.model_copy(update={"outbox": OutboxSection(telegram_rate=rate)})
        db = Database(url)
        club = Club(db, config)
        users = list(range(1_000_000, 1_000_000 + recipients))
        now = club.clock()
        rows = [
            {"referral_code": f"B{u}", "tier": "silver", "balance": 0, "language": "en", "calendar": "gregorian"}
            | {"marketing_consent": True, "status": "active", "joined_at": now, "last_activity_at": now}
            | {"created_at": now}
            for u in users
        ]

        def members(connection: object) -> None:
            ids = connection.execute(insert(Member).returning(Member.id, sort_by_parameter_order=True), rows)  # type: ignore[attr-defined]
            identities = [
                {"platform": "telegram", "user_id": u, "chat_id": u, "member_id": m, "created_at": now}
                for u, (m,) in zip(users, ids, strict=True)
            ]
            connection.execute(insert(Identity), identities)  # type: ignore[attr-defined]

        await db.write(members)
        translator = Translator()
        async with FakeBotAPI(TOKEN) as api:
            api.send_limit = rate
            for user_id in users:
                api.user(user_id)
            bot = ClubBot(TOKEN, platform="telegram", api_base=api.base_url)
            try:
                await create_campaign(club, "Bench campaign", Segment.everyone(), None, "bench")
                started = time.perf_counter()
                run = await Outbox(club, Notifier(club, {"telegram": bot}, translator), translator).run()
                seconds = time.perf_counter() - started
            finally:
                await bot.session.close()
            refused = sum(1 for c in api.calls_to("sendMessage") if c.error is not None)
        await db.close()
    achieved = run.sent / seconds
    print(
        f"outbox: {run.sent} messages in {seconds:.1f}s = {achieved:.2f} msg/s against a server limiting at "
        f"{rate:g}/s (configured {rate:g}/s: {achieved / rate:.1%}); 429 answers: {refused}",
        flush=True,
    )


def _members(count: int, seed: int = 1) -> list[tuple[object, ...]]:
    rng = random.Random(seed)
    stamp = NOW.replace(tzinfo=None).isoformat(sep=" ")
    rows = []
    for n in range(count):
        cal: str | None = None
        month = day = None
        if rng.random() < 0.7:
            cal = rng.choice(("jalali", "gregorian"))
            month = rng.randint(1, 12)
            limit = (
                (31 if month <= 6 else 30) if cal == "jalali" else (29 if month == 2 else 30 + (month + month // 8) % 2)
            )
            day = rng.randint(1, limit)
        rows.append((f"R{n:09d}", "silver", 0, "fa", "jalali", cal, month, day, True, "active", stamp, stamp, stamp))
    return rows


COLUMNS = (
    "referral_code, tier, balance, language, calendar, birthday_calendar, birthday_month, birthday_day, "
    "marketing_consent, status, joined_at, last_activity_at, created_at"
)


async def _time_scans(url: str) -> None:
    db = Database(url)
    try:
        times, found = [], []
        async with db.sessions() as session:
            await birthdays_on(session, SCAN_DAYS[0])  # warm the cache
            for day in SCAN_DAYS:
                started = time.perf_counter()
                celebrants = await birthdays_on(session, day)
                times.append(time.perf_counter() - started)
                found.append(len(celebrants))
            total = await session.scalar(select(Member.id).order_by(Member.id.desc()).limit(1))
    finally:
        await db.close()
    print(
        f"birthday scan ({db.dialect}, {total:,} members): median {statistics.median(times) * 1000:.1f} ms, "
        f"max {max(times) * 1000:.1f} ms over {len(times)} days ({min(found)}-{max(found)} birthdays a day)",
        flush=True,
    )


async def bench_birthday_scan(members: int, sqlite_only: bool) -> None:
    rows = _members(members)
    with tempfile.TemporaryDirectory(prefix="bashgah-bench-") as tmp:
        path = Path(tmp) / "scan.db"
        await upgrade(f"sqlite+aiosqlite:///{path}")
        started = time.perf_counter()
        with sqlite3.connect(path) as connection:
            placeholders = ", ".join("?" * 13)
            connection.executemany(f"INSERT INTO members ({COLUMNS}) VALUES ({placeholders})", rows)
            connection.execute("ANALYZE")
        print(f"sqlite: {members:,} members inserted in {time.perf_counter() - started:.1f}s", flush=True)
        await _time_scans(f"sqlite+aiosqlite:///{path}")
    if sqlite_only:
        return
    from tests.servers import postgres_available, start_postgres

    if not postgres_available():
        print("postgresql skipped: no PostgreSQL server binaries here (set BASHGAH_PG_BIN)", flush=True)
        return
    server = await asyncio.to_thread(start_postgres)
    try:
        await upgrade(server.url)
        import asyncpg

        started = time.perf_counter()
        connection = await asyncpg.connect(server.url.replace("postgresql+asyncpg", "postgresql"))
        stamp = NOW.replace(tzinfo=None)
        records = [(*row[:10], stamp, stamp, stamp) for row in rows]
        await connection.copy_records_to_table("members", records=records, columns=COLUMNS.split(", "))
        await connection.execute("ANALYZE members")
        await connection.close()
        print(f"postgresql: {members:,} members inserted in {time.perf_counter() - started:.1f}s", flush=True)
        await _time_scans(server.url)
    finally:
        await asyncio.to_thread(server.stop)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--recipients", type=int, default=5000, help="campaign recipients (default 5000)")
    parser.add_argument("--rate", type=float, default=30, help="server limit and outbox rate, msg/s (default 30)")
    parser.add_argument("--members", type=int, default=1_000_000, help="members for the birthday scan (default 1M)")
    parser.add_argument("--sqlite-only", action="store_true", help="skip PostgreSQL in the birthday scan")
    parser.add_argument("--skip-outbox", action="store_true", help="only the birthday scan")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    asyncio.run(bench_birthday_scan(args.members, args.sqlite_only))
    if not args.skip_outbox:
        asyncio.run(bench_outbox(args.recipients, args.rate))
    print(f"total {time.perf_counter() - started:.1f}s", flush=True)


if __name__ == "__main__":
    main()
