"""The soak benchmark's short run: the bot in its own process under mixed traffic, then the books (bench/soak.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import ColumnElement, func, select

from bench.soak import CASHIER_BASE, main
from models import Identity, Purchase, SupportTicket, Voucher
from models.database import Database


async def _count(database: Database, model: type, where: ColumnElement[bool] | None = None) -> int:
    async with database.sessions() as session:
        query = select(func.count()).select_from(model)
        return int(await session.scalar(query if where is None else query.where(where)) or 0)


async def test_a_short_soak_passes_and_its_traffic_reached_the_books(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "soak.db"
    argv = ["--minutes", "0.1", "--warmup", "1", "--users", "200", "--cashiers", "20", "--db", str(path)]
    status = await main(argv)
    out = capsys.readouterr().out
    assert status == 0, out
    assert "PASS" in out and "updates/s" in out and "0 balances differing from their ledger" in out

    database = Database(f"sqlite+aiosqlite:///{path}")
    try:
        assert await _count(database, Identity, Identity.user_id < CASHIER_BASE) == 200  # 4 joined in the chat
        assert await _count(database, Purchase, Purchase.source == "bot") > 0
        assert await _count(database, Voucher) > 0
        assert await _count(database, SupportTicket) > 0
    finally:
        await database.close()
