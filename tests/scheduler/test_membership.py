"""A user who blocks the bot is marked unreachable; unblocking (restarting) the bot makes them reachable again."""

from __future__ import annotations

from sqlalchemy import select

from loyalty.members import JoinRequest, join
from models import Identity
from tests.harness import Harness


async def _blocked_at(harness: Harness, user_id: int) -> object:
    async with harness.club.db.sessions() as session:
        return await session.scalar(select(Identity.blocked_bot_at).where(Identity.user_id == user_id))


async def test_blocking_and_unblocking_the_bot(harness: Harness) -> None:
    user = harness.user(7001)
    request = JoinRequest("telegram", user.id, user.id, "+989120007001", "en", "gregorian", name="Sara")
    await join(harness.club, request)
    await user.block()
    assert await _blocked_at(harness, user.id) == harness.club.clock()
    await user.unblock()
    assert await _blocked_at(harness, user.id) is None
    stranger = harness.user(7002)  # not a member: nothing to mark, nothing breaks
    await stranger.block()
    await stranger.unblock()
