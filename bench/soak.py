"""Soak: minutes of mixed chat traffic from thousands of simulated users against the real bot, then the books.

    python bench/soak.py [--minutes 10] [--users 5000] [--concurrency 24] [--db PATH] [--rss-bound-mb 64]

The club runs as deployed: `python -m bot run` in a process of its own (polling, aiogram handling updates as
tasks, the scheduler on, the default flood control), against the fake Bot API server (bot.fakebotapi) served
from this process on loopback. Members are seeded through the domain, except a share (`--signup-share`) who
join through the chat during the run; cashiers (`--cashiers`, one per 50 users) and a few rewards are added too.

`--concurrency` visits run at once, each starting as soon as one ends: the bot is kept busy, so updates/s is its
capacity on this machine and latency includes queueing. A visit is one user doing one thing: /balance, a
main-menu button, /card, /history and its pages, /rewards with a claim (kept for the till or cancelled from "My
vouchers"), /invite, /settings (offers toggle), /language, a support message, a rating tap, unexpected text,
/start, or the whole signup; or a cashier recording a purchase (member number or phone, a receipt, sometimes sent
again), step by step, a large one with its confirmation tap, or redeeming a voucher a member claimed. A user
rests 5 s after each visit, as people do, so flood control never has to step in.

Figures, after a warm-up (`--warmup`, default 20% of the run up to 30 s): updates/s; latency from an update being
queued at the fake server to the bot's first answer to it arriving there (p50/p99, per action too); the RSS of
the bot's process at the start and end of the measured window. The exit status is 1 if RSS grew by more than
`--rss-bound-mb`, an update went unanswered or was answered with an apology or a flood warning, the bot logged a
handler failure or made a failing Bot API call, a balance differs from the sum of its ledger, or a receipt sent
again was credited twice.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # `bench` is not an installed package

from bench.soaking.books import read_books  # noqa: E402
from bench.soaking.bot_process import TOKEN, BotProcess  # noqa: E402
from bench.soaking.report import report  # noqa: E402

# Re-exported: tests/test_soak.py counts the seeded users below it.
from bench.soaking.seeding import CASHIER_BASE as CASHIER_BASE  # noqa: E402
from bench.soaking.seeding import seed, write_club_file  # noqa: E402
from bench.soaking.traffic import Soak  # noqa: E402
from bot.fakebotapi import FakeBotAPI  # noqa: E402
from loyalty.config import load_club_config  # noqa: E402


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=10.0, help="measured duration (fractions allowed)")
    parser.add_argument("--warmup", type=float, default=None, help="seconds before measuring (20%% up to 30 s)")
    parser.add_argument("--users", type=int, default=5000)
    parser.add_argument("--signup-share", type=float, default=0.02, help="users who join through the chat")
    parser.add_argument("--concurrency", type=int, default=24, help="visits at once")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds to wait for an answer")
    parser.add_argument("--rss-bound-mb", type=float, default=64.0, help="allowed RSS growth of the bot process")
    parser.add_argument("--db", type=Path, default=None, help="SQLite file to create and keep (default: temporary)")
    parser.add_argument("--bot-log", type=Path, default=None, help="keep the bot's output in this file")
    parser.add_argument("--cashiers", type=int, default=None, help="default: one per 50 users, at least 10")
    parser.add_argument("--seed", type=int, default=1)
    return parser.parse_args(argv)


async def main(argv: list[str]) -> int:
    options = parse(argv)
    duration = options.minutes * 60
    warmup = options.warmup if options.warmup is not None else min(30.0, duration * 0.2)
    if options.db is not None and options.db.exists():
        print(f"{options.db} exists: give a new path", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="bashgah-soak-") as tmp:
        workdir = Path(tmp)
        url = f"sqlite+aiosqlite:///{options.db or workdir / 'soak.db'}"
        club_file = write_club_file(workdir)
        newcomers = round(options.users * options.signup_share)
        started = time.perf_counter()
        cashiers = options.cashiers or max(10, options.users // 50)
        config = load_club_config(club_file)
        roster = await seed(url, config, options.users, newcomers, cashiers, random.Random(options.seed))
        print(
            f"soak: {options.users:,} users ({len(roster.members):,} seeded in {time.perf_counter() - started:.1f} s, "
            f"{newcomers} to join in the chat), {len(roster.cashiers)} cashiers, {options.concurrency} visits at once; "
            f"{options.minutes:g} min measured after {warmup:.0f} s of warm-up"
        )
        api = FakeBotAPI(TOKEN, username="bashgah_soak_bot")
        await api.start()
        try:
            soak = Soak(api, roster, options)
            started = time.perf_counter()
            bot = await BotProcess.start(api, workdir, url, club_file, options.bot_log or workdir / "bot.log")
            print(
                f"bot: python -m bot run, pid {bot.process.pid} (the RSS below is this process's), "
                f"polling {time.perf_counter() - started:.1f} s after launch"
            )
            try:
                await soak.run(bot, warmup, duration)
            finally:
                started = time.perf_counter()
                status = await bot.stop()
                print(f"bot: stopped by SIGINT in {time.perf_counter() - started:.1f} s, exit status {status}")
            bot_errors, shutdown_errors = bot.errors()
            if status != 0:
                bot_errors.append(f"the bot exited with status {status}")
        finally:
            await api.stop()
        books = await read_books(url, soak.joined)
        failures = report(soak, books, bot_errors, options)
        if shutdown_errors:  # not the traffic's doing: reported, not failed
            print(f"\nnote: {len(shutdown_errors)} error line(s) logged while the bot shut down: {shutdown_errors[0]}")
        if bot_errors:
            print("\nthe bot's log, last lines:\n" + bot.log_tail())
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main(sys.argv[1:])))
