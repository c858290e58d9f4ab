"""Backing up and restoring the SQLite database, safely while the bot runs.

A backup uses SQLite's online backup API from a connection holding one read transaction: in WAL mode that
snapshot never blocks the bot's writer, and the copy is exactly the database as of the snapshot. The row
counts are read in the same snapshot, so the copy can be checked against them. The copy is written next to
its destination and renamed into place only once `PRAGMA integrity_check` and the counts agree.

PostgreSQL is backed up with its own tools; `pg_commands` gives the documented commands.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy.engine import URL, make_url

from models.base import Base
from models.migrate import alembic_config

BUSY_TIMEOUT_MS = 10_000


class BackupError(Exception):
    """A backup or restore was refused or did not verify; the message says why (no data in it)."""


class DatabaseInUse(BackupError):
    """The database to restore over is open in another connection (the bot is running)."""


@dataclass(frozen=True)
class BackupReport:
    path: Path
    revision: str
    rows: Mapping[str, int]


def sqlite_path(url: str) -> Path | None:
    """The file of an SQLite database URL; None for any other database."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def head_revision() -> str:
    """The latest migration this code knows."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def _connect(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, isolation_level=None)  # explicit BEGIN/COMMIT only
    connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    return connection


def _row_counts(connection: sqlite3.Connection) -> dict[str, int]:
    # Table names come from our own metadata, never from input.
    return {
        table.name: int(connection.execute(f'SELECT count(*) FROM "{table.name}"').fetchone()[0])
        for table in Base.metadata.sorted_tables
    }


def _revision(connection: sqlite3.Connection) -> str | None:
    try:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError:  # no such table, or not a database at all
        return None
    return None if row is None else str(row[0])


def _check_integrity(connection: sqlite3.Connection, what: str) -> None:
    try:
        result = [row[0] for row in connection.execute("PRAGMA integrity_check").fetchall()]
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{what} is not an SQLite database ({error})") from error
    if result != ["ok"]:
        raise BackupError(f"{what} failed the integrity check: {'; '.join(map(str, result[:5]))}")


def _check_counts(connection: sqlite3.Connection, expected: Mapping[str, int], what: str) -> None:
    counted = _row_counts(connection)
    wrong = [f"{name}: {counted[name]} != {rows}" for name, rows in expected.items() if counted[name] != rows]
    if wrong:
        raise BackupError(f"{what} does not match its source: {', '.join(wrong)}")


def backup_sqlite(source: Path, destination: Path) -> BackupReport:
    """Copy the live database `source` to `destination` (replaced only once the copy is verified)."""
    if not source.exists():
        raise BackupError(f"{source} does not exist")
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(f".{destination.name}.partial")
    partial.unlink(missing_ok=True)
    snapshot = _connect(source)
    try:
        snapshot.execute("BEGIN")
        rows = _row_counts(snapshot)  # opens the read transaction the backup below reuses
        revision = _revision(snapshot)
        if revision is None:
            raise BackupError(f"{source} is not a Bashgah database (no alembic_version)")
        copy = sqlite3.connect(partial, isolation_level=None)
        try:
            snapshot.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, whatever the source used
            _check_integrity(copy, "the backup")
            _check_counts(copy, rows, "the backup")
        finally:
            copy.close()
        snapshot.execute("COMMIT")
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    finally:
        snapshot.close()
    os.replace(partial, destination)
    return BackupReport(destination, revision, rows)


def check_backup(path: Path) -> BackupReport:
    """Whether `path` is a sound Bashgah database at the current migration; raises BackupError if not."""
    if not path.is_file():
        raise BackupError(f"{path} does not exist")
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        _check_integrity(connection, str(path))
        revision = _revision(connection)
        if revision is None:
            raise BackupError(f"{path} is not a Bashgah database (no alembic_version)")
        if revision != head_revision():
            raise BackupError(
                f"{path} is at migration {revision}, this Bashgah expects {head_revision()}: "
                "restore it with the Bashgah version that wrote it, then upgrade"
            )
        return BackupReport(path, revision, _row_counts(connection))
    finally:
        connection.close()


def restore_sqlite(backup: Path, target: Path, *, force: bool = False) -> BackupReport:
    """Replace the database `target` with the verified `backup`.

    Refused (DatabaseInUse) while anyone else has `target` open, unless `force`: then the bot's connections
    see the restored data on their next transaction, but anything they hold in memory is stale, so restart it.
    """
    report = check_backup(backup)
    target.parent.mkdir(parents=True, exist_ok=True)
    destination = _connect(target)
    try:
        if not force:
            # Leaving WAL mode needs the only connection to the file: a cheap, exact "is it open?" test.
            destination.execute("PRAGMA busy_timeout=0")
            try:
                destination.execute("PRAGMA journal_mode=DELETE").fetchone()
            except sqlite3.OperationalError as error:
                raise DatabaseInUse(f"{target} is in use (stop the bot, or pass --force)") from error
            destination.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        source = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
        try:
            source.backup(destination)
        finally:
            source.close()
        destination.execute("PRAGMA journal_mode=WAL")
        _check_integrity(destination, "the restored database")
        _check_counts(destination, report.rows, "the restored database")
    finally:
        destination.close()
    return BackupReport(target, report.revision, report.rows)


def pg_commands(url: str, path: str) -> tuple[str, str]:
    """The pg_dump and pg_restore commands for a PostgreSQL URL (password left to PGPASSWORD or ~/.pgpass)."""
    parsed = make_url(url)
    dsn = URL.create(
        "postgresql", parsed.username, None, parsed.host, parsed.port, parsed.database, parsed.query
    ).render_as_string(hide_password=False)
    dump = f"pg_dump --format=custom --no-owner --dbname='{dsn}' --file='{path}'"
    restore = f"pg_restore --clean --if-exists --no-owner --single-transaction --dbname='{dsn}' '{path}'"
    return dump, restore


def prune_backups(directory: Path, keep: int, pattern: str = "bashgah-*.db") -> list[Path]:
    """Delete all but the newest `keep` backups named by `pattern` in `directory`; the deleted paths."""
    backups = sorted(directory.glob(pattern))  # names carry the date, so name order is age order
    stale = backups[: max(0, len(backups) - keep)]
    for path in stale:
        path.unlink()
    return stale
