"""The process killed in the middle of a write: a claim's unit of work dies (SIGKILL) after its debit and before
its voucher exists. The transaction never committed, so nothing of it remains: no orphan debit, the stock
untouched, every balance equal to its ledger, and the same claim goes through when it is tried again."""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from loyalty.club import Club
from loyalty.rewards import claim_reward
from models import LedgerEntry, Member, Reward, Voucher
from tests.helpers import add_reward, balance_matches_ledger, new_member

# Runs the real claim in a child process whose debit (loyalty.ledger.post_entry, as the claim calls it) is
# followed at once by SIGKILL: inside the unit of work, after the UPDATE and INSERT of the debit, before the
# voucher's INSERT and before COMMIT. Nothing is flushed or cleaned up, as when the machine loses power.
CHILD = """
import asyncio, os, signal, sys
from datetime import datetime
import loyalty.rewards as rewards
from bot.settings import EXAMPLE_CLUB_CONFIG
from loyalty.club import Club
from loyalty.config import load_club_config
from models.database import Database

debit = rewards.post_entry

def debit_then_die(*args, **kwargs):
    debit(*args, **kwargs)
    os.kill(os.getpid(), signal.SIGKILL)

rewards.post_entry = debit_then_die

async def main(url, member_id, reward_id, now):
    club = Club(Database(url), load_club_config(EXAMPLE_CLUB_CONFIG), lambda: now)
    await rewards.claim_reward(club, member_id=member_id, reward_id=reward_id, idempotency_key="till-crash")
    sys.exit("the claim came back: the kill never happened")

asyncio.run(main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), datetime.fromisoformat(sys.argv[4])))
"""


def _claim_killed_midway(club: Club, member_id: int, reward_id: int) -> int:
    url = club.db.url.render_as_string(hide_password=False)
    args = [url, str(member_id), str(reward_id), club.clock().isoformat()]
    done = subprocess.run(
        [sys.executable, "-c", CHILD, *args],
        cwd=Path(__file__).resolve().parent.parent,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    return done.returncode


async def _state(club: Club, member_id: int, reward_id: int) -> tuple[int, int, int, int | None]:
    """Claim entries, vouchers, the member's balance and the reward's stock."""
    async with club.db.sessions() as session:
        claims = await session.scalar(select(func.count()).where(LedgerEntry.kind == "claim"))
        vouchers = await session.scalar(select(func.count()).select_from(Voucher))
        balance = await session.scalar(select(Member.balance).where(Member.id == member_id))
        stock = await session.scalar(select(Reward.stock).where(Reward.id == reward_id))
    return int(claims or 0), int(vouchers or 0), int(balance or 0), stock


async def test_a_claim_killed_between_debit_and_voucher_leaves_no_orphan_debit(club: Club) -> None:
    member = await new_member(club)
    reward_id = await add_reward(club, cost=40, stock=3)
    assert await _state(club, member.member_id, reward_id) == (0, 0, 50, 3)

    _claim_killed_midway(club, member.member_id, reward_id)

    assert await _state(club, member.member_id, reward_id) == (0, 0, 50, 3)  # nothing of the claim remains
    assert await balance_matches_ledger(club)
    if club.db.is_sqlite:  # the file itself survived the kill intact
        path = club.db.url.database
        assert path is not None
        with contextlib.closing(sqlite3.connect(path)) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]

    # The member (or the till) tries again with the same request: it is issued once, now.
    claim = await claim_reward(club, member_id=member.member_id, reward_id=reward_id, idempotency_key="till-crash")
    again = await claim_reward(club, member_id=member.member_id, reward_id=reward_id, idempotency_key="till-crash")
    assert not claim.replayed and again.replayed and again.voucher_id == claim.voucher_id
    assert await _state(club, member.member_id, reward_id) == (1, 1, 10, 2)
    assert await balance_matches_ledger(club)
