"""CSV exports of the members and of the ledger, streamed from the database into a file.

Rows come in batches from a server-side cursor (`yield_per`: aiosqlite fetches batch by batch, asyncpg opens a
cursor), so memory stays flat whatever the club's size. The file is UTF-8 with a BOM, which is how Excel knows
to read Persian names as UTF-8. Columns are stable machine names; times are in the club's time zone, ISO
formatted (Gregorian, which spreadsheets parse), and money and points are plain integers.

What a role may see: only the owner's member export carries phone numbers in full; an admin's has them masked
as on the member card (`phone_masked`). Cashiers export nothing (handlers.staff.export). Every text cell that
could start a spreadsheet formula is made inert (`safe_text`). Full phone numbers are left as they are: they were
validated as E.164 on the way in (`+` and digits only), which no spreadsheet runs as anything but a number.
"""

from __future__ import annotations

import asyncio
import csv
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Executable, select
from sqlalchemy.ext.asyncio import AsyncSession

from loyalty.config import ClubConfig
from loyalty.members import member_number
from loyalty.parsing import mask_phone
from models import LedgerEntry, Member
from models.database import Database

BATCH = 5_000
PROGRESS_EVERY = 50_000
ROWS_PER_FILE = 300_000  # about 25 MB of CSV: well under the Bot API's 50 MB upload limit
MEMBER_COLUMNS = ("member_number", "name", "phone", "tier", "balance", "status", "joined", "marketing_consent")
MASKED_MEMBER_COLUMNS = tuple("phone_masked" if column == "phone" else column for column in MEMBER_COLUMNS)
LEDGER_COLUMNS = ("entry_id", "member_number", "delta", "kind", "reference", "created_at")
# A cell starting with one of these is a formula to Excel; member-typed text must not run as one (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

Progress = Callable[[int], Awaitable[None]]


def safe_text(value: str | None) -> str:
    """Free text (a member's name, a reference) made inert for spreadsheets."""
    if not value:
        return ""
    return "'" + value if value.startswith(_FORMULA_START) else value


def _local(moment: datetime, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S")


@dataclass(frozen=True)
class Export:
    """What an export wrote: its row count and its files (one, or parts when a file would be too big to send)."""

    rows: int
    files: list[Path]


async def _stream(
    session: AsyncSession,
    query: Executable,
    target: Path,
    header: Sequence[str],
    to_row: Callable[[Any], Sequence[object]],
    progress: Progress | None,
) -> Export:
    """Write the query's rows to `target`, then to `target`-2, -3… when it passes ROWS_PER_FILE rows."""
    written, files = 0, [target]
    file = target.open("w", encoding="utf-8-sig", newline="")
    try:
        writer = csv.writer(file)
        writer.writerow(header)
        in_file = 0
        result = await session.stream(query.execution_options(yield_per=BATCH))
        async for batch in result.partitions():
            if in_file >= ROWS_PER_FILE:  # Bot API uploads stop at 50 MB: start the next part
                file.close()
                files.append(target.with_name(f"{target.stem}-{len(files) + 1}{target.suffix}"))
                file = files[-1].open("w", encoding="utf-8-sig", newline="")
                writer = csv.writer(file)
                writer.writerow(header)
                in_file = 0
            # Formatting and writing a batch takes tens of milliseconds: in a worker thread, so the chats served
            # by this event loop are answered meanwhile (the GIL is handed back every few milliseconds).
            await asyncio.to_thread(_write_rows, writer, to_row, batch)
            in_file += len(batch)
            before, written = written, written + len(batch)
            if progress is not None and written // PROGRESS_EVERY > before // PROGRESS_EVERY:
                await progress(written)
    finally:
        file.close()
    return Export(written, files)


def _write_rows(writer: Any, to_row: Callable[[Any], Sequence[object]], batch: Sequence[Any]) -> None:
    writer.writerows(to_row(row) for row in batch)


async def export_members(
    database: Database, config: ClubConfig, path: Path, progress: Progress | None = None, *, full_phones: bool = False
) -> Export:
    """Every member who has not erased their data, by member number, into `path` (or its parts).

    Phone numbers are masked unless `full_phones` (the owner's export)."""
    show_phone = (lambda phone: phone) if full_phones else (lambda phone: safe_text(mask_phone(phone)))
    zone = config.zone
    query = (
        select(
            Member.id,
            Member.name,
            Member.phone,
            Member.tier,
            Member.balance,
            Member.status,
            Member.joined_at,
            Member.marketing_consent,
        )
        .where(Member.status != "deleted")
        .order_by(Member.id)
    )

    def to_row(row: Any) -> Sequence[object]:
        member_id, name, phone, tier, balance, status, joined, consent = row
        return (
            member_number(member_id),
            safe_text(name),
            show_phone(phone) if phone else "",
            tier,
            balance,
            status,
            _local(joined, zone),
            "yes" if consent else "no",
        )

    async with database.sessions() as session:
        header = MEMBER_COLUMNS if full_phones else MASKED_MEMBER_COLUMNS
        return await _stream(session, query, path, header, to_row, progress)


async def export_ledger(
    database: Database,
    config: ClubConfig,
    path: Path,
    since: datetime,
    until: datetime,
    progress: Progress | None = None,
) -> Export:
    """The ledger entries written in [since, until), oldest first, into `path` (or its parts)."""
    zone = config.zone
    query = (
        select(
            LedgerEntry.id,
            LedgerEntry.member_id,
            LedgerEntry.delta,
            LedgerEntry.kind,
            LedgerEntry.reference,
            LedgerEntry.created_at,
        )
        .where(LedgerEntry.created_at >= since, LedgerEntry.created_at < until)
        .order_by(LedgerEntry.id)
    )

    def to_row(row: Any) -> Sequence[object]:
        entry_id, member_id, delta, kind, reference, created = row
        return (entry_id, member_number(member_id), delta, kind, safe_text(reference), _local(created, zone))

    async with database.sessions() as session:
        return await _stream(session, query, path, LEDGER_COLUMNS, to_row, progress)
