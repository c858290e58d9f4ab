"""The books at the end: balances against their ledgers, purchases credited twice, receipts and signups."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from models import Identity, LedgerEntry, Member, Purchase
from models.database import Database


@dataclass
class Books:
    members: int
    mismatched: list[tuple[int, int, int]]  # member id, balance, ledger sum
    credited_twice: int  # purchases with more than one ledger credit
    receipts: set[str]  # receipts the bot recorded
    joined: int  # chat signups that became members


async def read_books(url: str, joined: list[int]) -> Books:
    database = Database(url)
    ledger = select(func.coalesce(func.sum(LedgerEntry.delta), 0)).where(LedgerEntry.member_id == Member.id)
    ledger_sum = ledger.scalar_subquery()
    twice = (
        select(LedgerEntry.reference)
        .where(LedgerEntry.kind == "purchase")
        .group_by(LedgerEntry.reference)
        .having(func.count() > 1)
        .subquery()
    )
    try:
        async with database.sessions() as session:
            members = int(await session.scalar(select(func.count()).select_from(Member)) or 0)
            rows = await session.execute(
                select(Member.id, Member.balance, ledger_sum).where(Member.balance != ledger_sum)
            )
            credited_twice = int(await session.scalar(select(func.count()).select_from(twice)) or 0)
            bot_receipts = select(Purchase.receipt).where(Purchase.source == "bot", Purchase.receipt.is_not(None))
            receipts = {str(receipt) for receipt in await session.scalars(bot_receipts)}
            signed_up = select(func.count()).select_from(Identity).where(Identity.user_id.in_(joined or [-1]))
            joined_count = int(await session.scalar(signed_up) or 0)
    finally:
        await database.close()
    return Books(members, [tuple(row) for row in rows], credited_twice, receipts, joined_count)
