"""Importing an existing customer list (another loyalty system, a spreadsheet) from CSV.

Reading never writes: `read_members_csv` returns the good rows and a problem per bad row (line number and
reason), which is the dry run. `import_members` then writes the good rows. Members are keyed by phone and each
opening balance by the ledger key `import:<phone>`, so running the same file again imports nothing twice.

Being imported counts as joining: an imported member who later signs up in a chat with the same phone is
linked to their membership (see `loyalty.members.join`), keeps their balance and gets no signup bonus. The
import itself pays no signup bonus either: the opening balance is what the old system owed them.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import TextIO

from sqlalchemy import Connection, select

from loyalty.club import Club
from loyalty.config import ClubConfig
from loyalty.dates import DEFAULT_CALENDAR, Birthday, Calendar, InvalidDate, parse_date
from loyalty.expiry import earned_expiry
from loyalty.ledger import post_entry
from loyalty.members import insert_member
from loyalty.parsing import InvalidAmount, InvalidPhone, normalize_digits, normalize_phone, parse_points
from models import Member

COLUMNS = ("phone", "name", "birthday", "calendar", "balance", "tier")
MAX_NAME = 128
# A birth year below this is Jalali (1300..1450), above it Gregorian (1900..2100): the ranges never meet.
JALALI_BEFORE = 1700
BATCH = 500  # rows per transaction: short write locks on SQLite, while a big file still goes quickly
_YEAR = re.compile(r"^\s*([0-9]{4})")


class ImportFileError(ValueError):
    """The file as a whole cannot be read (no header, no phone column, unknown columns)."""


@dataclass(frozen=True)
class ImportRow:
    line: int
    phone: str
    name: str | None
    birthday: Birthday | None
    balance: int
    tier: str


@dataclass(frozen=True)
class RowProblem:
    line: int
    reason: str


@dataclass(frozen=True)
class ImportPlan:
    rows: list[ImportRow]
    problems: list[RowProblem]


@dataclass
class ImportResult:
    created: int = 0  # new members
    matched: int = 0  # phones that were members already (joined in a chat, or imported before)
    credited: int = 0  # opening balances written now
    points: int = 0
    already_credited: int = 0  # opening balances a previous run wrote


def read_members_csv(stream: TextIO, config: ClubConfig) -> ImportPlan:
    """Validate every row of a members CSV (header row first; only `phone` is required)."""
    reader = csv.DictReader(stream)
    header = [name.strip().lower() for name in reader.fieldnames or []]
    if "phone" not in header:
        raise ImportFileError(f"the header must name a phone column; known columns: {', '.join(COLUMNS)}")
    unknown = sorted(set(header) - set(COLUMNS))
    if unknown:
        raise ImportFileError(f"unknown columns: {', '.join(unknown)}; known columns: {', '.join(COLUMNS)}")
    reader.fieldnames = header
    rows: list[ImportRow] = []
    problems: list[RowProblem] = []
    first_line: dict[str, int] = {}
    for record in reader:
        line = reader.line_num
        cells = {key: (value or "").strip() for key, value in record.items() if key is not None}
        try:
            row = _read_row(line, cells, config)
        except _BadRow as bad:
            problems.append(RowProblem(line, str(bad)))
            continue
        if row.phone in first_line:
            problems.append(RowProblem(line, f"phone: same as line {first_line[row.phone]}"))
            continue
        first_line[row.phone] = line
        rows.append(row)
    return ImportPlan(rows, problems)


class _BadRow(ValueError):
    pass


def _read_row(line: int, cells: dict[str, str], config: ClubConfig) -> ImportRow:
    try:
        phone = normalize_phone(cells.get("phone", ""), config.club.country)
    except InvalidPhone as error:
        raise _BadRow(f"phone: {error.reason}") from error
    name = " ".join(cells.get("name", "").split()) or None
    if name is not None and len(name) > MAX_NAME:
        raise _BadRow(f"name: longer than {MAX_NAME} characters")
    return ImportRow(
        line=line,
        phone=phone,
        name=name,
        birthday=_birthday(cells.get("birthday", ""), cells.get("calendar", "")),
        balance=_balance(cells.get("balance", "")),
        tier=_tier(cells.get("tier", ""), config),
    )


def _birthday(text: str, calendar_cell: str) -> Birthday | None:
    if not text:
        return None
    calendar: Calendar
    if calendar_cell:
        if calendar_cell.lower() not in ("jalali", "gregorian"):
            raise _BadRow(f"calendar: not jalali or gregorian: {calendar_cell!r}")
        calendar = "jalali" if calendar_cell.lower() == "jalali" else "gregorian"
    else:
        year = _YEAR.match(normalize_digits(text))
        if year is None:
            raise _BadRow("birthday: no year, so the calendar column is needed")
        calendar = "jalali" if int(year[1]) < JALALI_BEFORE else "gregorian"
    try:
        return parse_date(text, calendar)
    except InvalidDate as error:
        raise _BadRow(f"birthday: {error.reason} ({calendar})") from error


def _balance(text: str) -> int:
    if not text or normalize_digits(text).strip() == "0":
        return 0
    try:
        return parse_points(text)
    except InvalidAmount as error:
        raise _BadRow(f"balance: {error.reason}") from error


def _tier(text: str, config: ClubConfig) -> str:
    keys = [tier.key for tier in config.tiers]
    if not text:
        return keys[0]
    if text.lower() not in keys:
        raise _BadRow(f"tier: unknown {text!r} (tiers: {', '.join(keys)})")
    return text.lower()


async def import_members(club: Club, rows: Sequence[ImportRow]) -> ImportResult:
    """Write validated rows: new members by phone, and each opening balance once (safe to run again)."""
    result = ImportResult()
    for start in range(0, len(rows), BATCH):
        part = await club.db.write(
            partial(_import_batch, config=club.config, rows=rows[start : start + BATCH], now=club.clock())
        )
        result.created += part.created
        result.matched += part.matched
        result.credited += part.credited
        result.points += part.points
        result.already_credited += part.already_credited
    return result


def _import_batch(
    connection: Connection, *, config: ClubConfig, rows: Iterable[ImportRow], now: datetime
) -> ImportResult:
    result = ImportResult()  # a fresh tally per attempt: the write path may run this unit again
    for row in rows:
        member_id = connection.execute(select(Member.id).where(Member.phone == row.phone)).scalar()
        if member_id is None:
            member_id = _insert_member(connection, config, row, now)
            result.created += 1
        else:
            result.matched += 1
        if not row.balance:
            continue
        posted = post_entry(
            connection,
            member_id=member_id,
            delta=row.balance,
            kind="import",
            key=f"import:{row.phone}",
            now=now,
            created_by="import",
            expires_at=earned_expiry(config, now),
        )
        if posted is None:
            result.already_credited += 1
        else:
            result.credited += 1
            result.points += row.balance
    return result


def _insert_member(connection: Connection, config: ClubConfig, row: ImportRow, now: datetime) -> int:
    """A member with no messenger account yet: language and calendar are the club's until they sign up."""
    language = config.club.default_language
    return insert_member(
        connection,
        phone=row.phone,
        name=row.name,
        tier=row.tier,
        language=language,
        calendar=DEFAULT_CALENDAR[language],
        birthday=row.birthday,
        marketing_consent=False,
        now=now,
    )
