"""An imported member who then signs up in the chat is linked by phone: their balance, no second welcome bonus."""

from __future__ import annotations

import io

from sqlalchemy import func, select

from loyalty.imports import import_members, read_members_csv
from models import LedgerEntry
from tests.bot.test_signup import sign_up
from tests.harness import Harness, member_of

USER = 701


async def test_imported_member_signing_up_keeps_balance_without_signup_bonus(harness: Harness) -> None:
    club = harness.club
    csv_text = f"phone,name,balance,tier\n0912{USER:07d},Imported Name,300,gold\n"
    plan = read_members_csv(io.StringIO(csv_text), club.config)
    assert not plan.problems
    await import_members(club, plan.rows)

    await sign_up(harness, USER)

    member = await member_of(harness, USER)
    assert (member.balance, member.tier, member.name, member.language) == (300, "gold", "Imported Name", "en")
    assert "welcome back" in (harness.user(USER).last.text or "").lower()
    async with club.db.sessions() as session:
        assert await session.scalar(select(func.count()).where(LedgerEntry.kind == "signup")) == 0
        assert await session.scalar(select(func.count()).select_from(LedgerEntry)) == 1
