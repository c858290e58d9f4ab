"""The points ledger: the one place that writes entries and moves cached balances, and reads them back.

A balance is the sum of its member's entries. The cached `members.balance` moves in the same statement
sequence as the entry, inside the caller's transaction, and a conditional update keeps it from going negative
even when many transactions race for the same points.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache

from sqlalchemy import Connection, bindparam, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from loyalty.errors import InsufficientPoints, MemberNotFound
from loyalty.sql import Prebuilt, execute, insert_ignoring_conflicts
from models import LedgerEntry, Member
from models.base import UTCDateTime

KINDS = (
    "signup",
    "purchase",
    "referral",
    "birthday",
    "claim",
    "claim_cancel",
    "adjust",
    "expire",
    "import",
    "till",
)


_MOVE = (
    update(Member)
    .where(Member.id == bindparam("m_id"), Member.balance + bindparam("m_delta") >= 0)
    .values(balance=Member.balance + bindparam("m_delta"))
    .returning(Member.balance)
)
_ADD_TO_BALANCE = Prebuilt(_MOVE)
_ADD_TO_BALANCE_AND_TOUCH = Prebuilt(_MOVE.values(last_activity_at=bindparam("m_now", type_=UTCDateTime())))


@cache
def _insert_entry(dialect: str) -> Prebuilt:
    return Prebuilt(insert_ignoring_conflicts(dialect, LedgerEntry).returning(LedgerEntry.id))


def post_entry(
    connection: Connection,
    *,
    member_id: int,
    delta: int,
    kind: str,
    key: str,
    now: datetime,
    reference: str | None = None,
    created_by: str | None = None,
    expires_at: datetime | None = None,
    touch: bool = False,
) -> int | None:
    """Append one entry and move the member's cached balance; returns the new balance.

    Returns None, writing nothing, when an entry with `key` already exists (a retried request).
    Raises InsufficientPoints when a debit would take the balance below zero (the caller's transaction then
    rolls the entry back). `touch` also records the member as active now.
    """
    assert kind in KINDS and delta != 0
    entry = {
        "member_id": member_id,
        "delta": delta,
        "kind": kind,
        "reference": reference,
        "idempotency_key": key,
        "created_by": created_by,
        "created_at": now,
        "expires_at": expires_at,
    }
    if execute(connection, _insert_entry(connection.dialect.name), entry).scalar() is None:
        return None
    move = _ADD_TO_BALANCE_AND_TOUCH if touch else _ADD_TO_BALANCE
    balance = execute(connection, move, {"m_id": member_id, "m_delta": delta, "m_now": now}).scalar()
    if balance is None:
        exists = connection.execute(select(Member.id).where(Member.id == member_id)).scalar()
        if exists is None:
            raise MemberNotFound(member_id=member_id)
        raise InsufficientPoints(member_id=member_id, needed=-delta)
    return int(balance)


@dataclass(frozen=True)
class HistoryPage:
    entries: list[LedgerEntry]
    page: int
    pages: int
    total: int


async def get_balance(session: AsyncSession, member_id: int) -> int:
    """The member's cached balance."""
    balance = await session.scalar(select(Member.balance).where(Member.id == member_id))
    if balance is None:
        raise MemberNotFound(member_id=member_id)
    return int(balance)


async def ledger_sum(session: AsyncSession, member_id: int) -> int:
    """The member's balance recomputed from the ledger (what the cached balance must always equal)."""
    total = await session.scalar(
        select(func.coalesce(func.sum(LedgerEntry.delta), 0)).where(LedgerEntry.member_id == member_id)
    )
    return int(total or 0)


async def unbalanced_members(session: AsyncSession) -> list[tuple[int, int, int]]:
    """Members whose cached balance differs from their ledger sum, as (member id, balance, ledger sum): none
    while the books hold. One query over the whole club, for checks after a run (tests, benchmarks)."""
    sums = (
        select(LedgerEntry.member_id, func.sum(LedgerEntry.delta).label("total"))
        .group_by(LedgerEntry.member_id)
        .subquery()
    )
    total = func.coalesce(sums.c.total, 0)
    rows = await session.execute(
        select(Member.id, Member.balance, total)
        .outerjoin(sums, sums.c.member_id == Member.id)
        .where(Member.balance != total)
    )
    return [(int(member_id), int(balance), int(ledger)) for member_id, balance, ledger in rows]


async def history(session: AsyncSession, member_id: int, *, page: int = 1, page_size: int = 10) -> HistoryPage:
    """The member's ledger, newest first, one page at a time (pages count from 1; out-of-range pages clamp)."""
    total = int(await session.scalar(select(func.count()).where(LedgerEntry.member_id == member_id)) or 0)
    pages = max(1, -(-total // page_size))
    page = min(max(1, page), pages)
    rows = await session.scalars(
        select(LedgerEntry)
        .where(LedgerEntry.member_id == member_id)
        .order_by(LedgerEntry.created_at.desc(), LedgerEntry.id.desc())
        .limit(page_size)
        .offset((page - 1) * page_size)
    )
    return HistoryPage(entries=list(rows), page=page, pages=pages, total=total)
