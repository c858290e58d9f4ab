"""The books at the end: balances against their ledgers, purchases credited twice, receipts and signups."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from loyalty.ledger import unbalanced_members
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
            mismatched = await unbalanced_members(session)
            credited_twice = int(await session.scalar(select(func.count()).select_from(twice)) or 0)
            bot_receipts = select(Purchase.receipt).where(Purchase.source == "bot", Purchase.receipt.is_not(None))
            receipts = {str(receipt) for receipt in await session.scalars(bot_receipts)}
            signed_up = select(func.count()).select_from(Identity).where(Identity.user_id.in_(joined or [-1]))
            joined_count = int(await session.scalar(signed_up) or 0)
    finally:
        await database.close()
    return Books(members, mismatched, credited_twice, receipts, joined_count)
