"""Messages the club owes a member (birthday greeting, tier news, reminders, win-back).

A job writes the notice in the same transaction as what it announces (a birthday bonus, a downgrade), under a
unique key, so each message is owed exactly once however often or late the job runs. The scheduler's sender
renders it in the member's language when it sends it and records the outcome.

Chat messages the club tells at once (purchase news, a referral payout) become notices too, but only when the
messenger failed to take them (bot.notifier): they are owed then, keyed by what they announce.

Argument conventions (the sender renders them): ints are numbers, `*tier` values are tier keys shown by name,
`date` is an ISO date shown in the member's calendar.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import Connection, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from loyalty.club import Club
from loyalty.sql import insert_ignoring_conflicts
from models import Member, Notice

KINDS = (
    "birthday",
    "tier_up",
    "tier_warning",
    "tier_down",
    "tier_nudge",
    "expiry",
    "winback",
    # told at once, owed only when the messenger failed (bot.notifier.Later)
    "purchase",
    "referral_referrer",
    "referral_friend",
)


@cache
def _insert(dialect: str) -> Any:
    return insert_ignoring_conflicts(dialect, Notice).returning(Notice.id)


def owe_notice(connection: Connection, *, member_id: int, kind: str, key: str, now: datetime, **args: Any) -> bool:
    """Record that `member_id` is owed the message `kind`; False (nothing written) if `key` was owed before."""
    assert kind in KINDS
    row = {
        "member_id": member_id,
        "kind": kind,
        "key": key,
        "args": args,
        "status": "pending",
        "attempts": 0,
        "sent_at": None,
        "created_at": now,
    }
    return connection.execute(_insert(connection.dialect.name), row).scalar() is not None


@dataclass(frozen=True)
class OwedNotice:
    id: int
    member_id: int
    kind: str
    args: dict[str, Any]
    attempts: int
    name: str | None


async def pending_notices(session: AsyncSession, *, limit: int = 200, after_id: int = 0) -> list[OwedNotice]:
    """Notices not yet sent, oldest first, with the member's name for the greeting."""
    rows = await session.execute(
        select(Notice.id, Notice.member_id, Notice.kind, Notice.args, Notice.attempts, Member.name)
        .join(Member, Member.id == Notice.member_id)
        .where(Notice.status == "pending", Notice.id > after_id)
        .order_by(Notice.id)
        .limit(limit)
    )
    return [OwedNotice(*row) for row in rows]


async def settle_notice(club: Club, notice_id: int, status: str, *, attempted: bool = True) -> None:
    """Record how a send went: "sent", "skipped" (no reachable chat), "failed", or "pending" to try again."""
    now = club.clock()
    values: dict[str, Any] = {"status": status}
    if status == "sent":
        values["sent_at"] = now
    if attempted:
        values["attempts"] = Notice.attempts + 1
    await club.db.write(lambda c: c.execute(update(Notice).where(Notice.id == notice_id).values(**values)))
