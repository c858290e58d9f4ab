"""`bashgah backup` / `restore` on SQLite: consistent copies while the club writes, and a careful restore."""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

import bot.cli
from loyalty.club import Club
from loyalty.ledger import post_entry
from models import Member
from models.backup import (
    BackupError,
    BackupReport,
    DatabaseInUse,
    backup_sqlite,
    check_backup,
    head_revision,
    restore_sqlite,
)
from models.database import Database
from tests.helpers import new_member


def _db_file(club: Club) -> Path:
    assert club.db.url.database is not None
    return Path(club.db.url.database)


def _balances_match_ledger(path: Path) -> int:
    """Members in the copy whose cached balance equals their ledger sum (asserting it is all of them)."""
    connection = sqlite3.connect(path)
    try:
        wrong = connection.execute(
            "SELECT count(*) FROM members m WHERE m.balance != "
            "(SELECT coalesce(sum(delta), 0) FROM ledger_entries e WHERE e.member_id = m.id)"
        ).fetchone()[0]
        members = connection.execute("SELECT count(*) FROM members").fetchone()[0]
    finally:
        connection.close()
    assert wrong == 0
    return int(members)


def _check_copy(copy: BackupReport) -> int:
    """The copy's members, once checked: sound, at head, one self-contained file, balances equal to ledgers."""
    assert check_backup(copy.path).rows == copy.rows and copy.revision == head_revision()
    assert not Path(f"{copy.path}-wal").exists()
    return _balances_match_ledger(copy.path)


async def test_backup_while_the_club_writes_is_consistent(bot_club: Club, tmp_path: Path) -> None:
    club = bot_club
    source = _db_file(club)
    members = [(await new_member(club)).member_id for _ in range(5)]
    stop = asyncio.Event()

    async def keep_writing() -> int:
        writes = 0
        while not stop.is_set():
            member_id = members[writes % len(members)]
            key = f"test:{writes}"
            await asyncio.gather(
                club.db.write(
                    lambda c, m=member_id, k=key: post_entry(
                        c, member_id=m, delta=3, kind="adjust", key=k, now=club.clock()
                    )
                ),
                new_member(club),
            )
            writes += 1
        return writes

    writer = asyncio.create_task(keep_writing())
    copies = []
    for number in range(4):
        copies.append(await asyncio.to_thread(backup_sqlite, source, tmp_path / f"copy{number}.db"))
        await asyncio.sleep(0.02)  # let writes land between copies
    stop.set()
    assert await writer > 0
    counted = [_check_copy(copy) for copy in copies]
    assert counted == sorted(counted) and counted[-1] > counted[0] >= 5  # each copy a later, whole snapshot


async def test_restore_refuses_a_database_in_use_unless_forced(bot_club: Club, tmp_path: Path) -> None:
    club = bot_club
    target = _db_file(club)
    kept = await new_member(club)
    saved = backup_sqlite(target, tmp_path / "saved.db")
    await new_member(club)
    with pytest.raises(DatabaseInUse):
        restore_sqlite(saved.path, target)
    restored = restore_sqlite(saved.path, target, force=True)
    assert restored.rows["members"] == 1
    async with club.db.sessions() as session:  # the running club reads the restored data
        assert list(await session.scalars(select(Member.id))) == [kept.member_id]


async def test_restore_when_stopped_and_refusals(bot_club: Club, tmp_path: Path) -> None:
    club = bot_club
    target = _db_file(club)
    await new_member(club)
    saved = backup_sqlite(target, tmp_path / "saved.db")
    await new_member(club)
    await club.db.close()
    assert restore_sqlite(saved.path, target).rows["members"] == 1
    reopened = Database(f"sqlite+aiosqlite:///{target}")
    try:
        await new_member(Club(reopened, club.config, club.clock))  # the restored file is a working database
    finally:
        await reopened.close()

    not_ours = tmp_path / "other.db"
    sqlite3.connect(not_ours).execute("CREATE TABLE t (x)").connection.commit()
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"not a database at all" * 100)
    old = tmp_path / "old.db"
    shutil.copy(saved.path, old)
    with sqlite3.connect(old) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0001'")
    for path, reason in ((not_ours, "not a Bashgah database"), (garbage, "not an SQLite database"), (old, "0001")):
        with pytest.raises(BackupError, match=reason):
            restore_sqlite(path, target)


def test_cli_backup_and_restore(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, sqlite_template: Path) -> None:
    database = tmp_path / "club.db"
    shutil.copy(sqlite_template, database)
    monkeypatch.setenv("BASHGAH_DATABASE_URL", f"sqlite+aiosqlite:///{database}")
    runner = CliRunner()
    result = runner.invoke(bot.cli.app, ["backup", str(tmp_path / "b" / "copy.db")])
    assert result.exit_code == 0, result.output
    assert "verified" in result.output and (tmp_path / "b" / "copy.db").exists()
    result = runner.invoke(bot.cli.app, ["restore", str(tmp_path / "b" / "copy.db")])
    assert result.exit_code == 0, result.output
    result = runner.invoke(bot.cli.app, ["restore", str(tmp_path / "missing.db")])
    assert result.exit_code == 2 and "does not exist" in result.output

    monkeypatch.setenv("BASHGAH_DATABASE_URL", "postgresql+asyncpg://club:secret@db.example/bashgah")
    result = runner.invoke(bot.cli.app, ["backup", "club.dump"])
    assert result.exit_code == 0 and "pg_dump --format=custom" in result.output
    assert "secret" not in result.output and "db.example/bashgah" in result.output
    result = runner.invoke(bot.cli.app, ["restore", "club.dump"])
    assert "pg_restore" in result.output


def test_cli_import_members_dry_run_then_apply(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, sqlite_template: Path
) -> None:
    database = tmp_path / "club.db"
    shutil.copy(sqlite_template, database)
    monkeypatch.setenv("BASHGAH_DATABASE_URL", f"sqlite+aiosqlite:///{database}")
    members = tmp_path / "members.csv"
    members.write_text("\ufeffphone,name,balance\n09121110001,Sara,100\nnope,Bad,1\n", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(bot.cli.app, ["import", "members", str(members)])
    assert result.exit_code == 0, result.output
    assert "line 3: phone: not_a_number" in result.output and "Dry run" in result.output
    assert sqlite3.connect(database).execute("SELECT count(*) FROM members").fetchone()[0] == 0
    for created in ("1 new members", "0 new members"):
        result = runner.invoke(bot.cli.app, ["import", "members", str(members), "--apply"])
        assert result.exit_code == 0, result.output
        assert created in result.output
    assert sqlite3.connect(database).execute("SELECT sum(balance) FROM members").fetchone()[0] == 100
