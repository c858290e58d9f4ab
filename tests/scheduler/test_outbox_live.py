"""The outbox through the real aiogram client against the fake Bot API server, in real (short) time."""

from __future__ import annotations

import time

from sqlalchemy import select

from bot.fakebotapi import FakeBotAPI
from bot.notifier import Notifier
from bot.runtime import ClubBot
from loyalty.campaigns import Segment, campaign_progress, create_campaign
from loyalty.club import Club
from loyalty.config import OutboxSection
from models import Identity
from scheduler.outbox import Outbox
from tests.scheduler.helpers import add_members, translator

TOKEN = "123456:LIVE-token"
RATE = 20.0


async def test_live_delivery_keeps_the_rate_honours_429_and_marks_403(bot_club: Club) -> None:
    club = Club(bot_club.db, bot_club.config.model_copy(update={"outbox": OutboxSection(telegram_rate=RATE)}))
    members = await add_members(club, 40)
    async with club.db.sessions() as session:
        users = list(await session.scalars(select(Identity.user_id).where(Identity.member_id.in_(members))))
    async with FakeBotAPI(TOKEN) as api:
        api.send_limit = 25  # the server refuses beyond 25/s; the outbox is set to 20/s
        for user_id in users:
            api.user(user_id)
        for user_id in users[:2]:
            await api.user(user_id).block(wait=False)
        api.fail_next("sendMessage", status=429, retry_after=1)
        bot = ClubBot(TOKEN, platform="telegram", api_base=api.base_url)
        try:
            await create_campaign(club, "Weekend offer", Segment.everyone(), None, "owner")
            started = time.monotonic()
            run = await Outbox(club, Notifier(club, {"telegram": bot}, translator), translator).run()
            elapsed = time.monotonic() - started
        finally:
            await bot.session.close()
        delivered = [call for call in api.calls_to("sendMessage") if call.error is None]
    assert (run.sent, run.blocked, run.retried) == (38, 2, 1)
    assert sorted(int(call.params["chat_id"]) for call in delivered) == sorted(users[2:])  # once each
    assert len(delivered) == len({int(call.params["chat_id"]) for call in delivered})
    refused = [call for call in api.calls_to("sendMessage") if call.error is not None and call.error.status == 429]
    assert len(refused) == 1  # only the injected one: the pacing never tripped the server's limit
    times = [call.time for call in delivered]
    assert (len(times) - 1) / (times[-1] - times[0]) <= RATE * 1.05
    assert elapsed >= 38 / RATE  # 38 sends at 20/s, plus the 1 s pause
    async with club.db.sessions() as session:
        marked = set(await session.scalars(select(Identity.user_id).where(Identity.blocked_bot_at.is_not(None))))
        progress = await campaign_progress(session, 1)
    assert marked == set(users[:2])
    assert progress is not None and (progress.sent, progress.blocked, progress.status) == (38, 2, "done")
