"""The optional nightly backup: a verified copy per day, the newest `keep` kept, once per day."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from locales import Translator
from loyalty.club import Club
from loyalty.config import ClubConfig
from scheduler.service import run_now
from tests.conftest import FakeClock
from tests.helpers import new_member


async def test_nightly_backup_keeps_the_newest_copies(
    bot_club: Club, config: ClubConfig, clock: FakeClock, tmp_path: Path
) -> None:
    backups = tmp_path / "backups"
    settings = config.backup.model_copy(update={"daily": True, "directory": str(backups), "keep": 2})
    club = Club(db=bot_club.db, config=config.model_copy(update={"backup": settings}), clock=clock)
    await new_member(club)
    translator = Translator()
    results = []
    for _ in range(3):
        results.append(await run_now(club, {}, translator, "backup"))
        await run_now(club, {}, translator, "backup")  # twice the same day: still one copy that day
        clock.advance(days=1)
    assert all(result.get("members") == 1 for result in results), results
    files = sorted(path.name for path in backups.glob("bashgah-*.db"))
    assert files == ["bashgah-2026-03-11.db", "bashgah-2026-03-12.db"]
    with sqlite3.connect(backups / files[-1]) as copy:
        assert copy.execute("SELECT count(*) FROM members").fetchone() == (1,)
