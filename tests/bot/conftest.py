"""The staffed shop the merchant tests share: the real bot with an owner (from the club file), an admin and a
cashier, each with an open chat."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from loyalty.club import Club
from loyalty.config import ClubConfig
from loyalty.staff import set_staff
from tests.harness import Harness, run_bot, staffed

ADMIN, CASHIER = 9002, 9003


@pytest.fixture
async def shop(bot_club: Club, config: ClubConfig) -> AsyncIterator[Harness]:
    """The owner's chat is opened by the test (its language is the test's to choose); staff read English."""
    club = Club(db=bot_club.db, config=staffed(config), clock=bot_club.clock)
    await set_staff(club, platform="telegram", user_id=ADMIN, role="admin", name="Ava", actor="test")
    await set_staff(club, platform="telegram", user_id=CASHIER, role="cashier", name="Cy", actor="test")
    async with run_bot(club) as harness:
        for user_id in (ADMIN, CASHIER):
            harness.user(user_id, first_name="Staff", language_code="en")
        yield harness
