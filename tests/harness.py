"""The real bot, polling a local fake Bot API server over HTTP: what the bot tests (and the sandbox) drive.

`run_bot` starts the fake server, a `ClubBot` pointed at it, and the real Dispatcher polling it with
`handle_as_tasks=False`, so when the server has seen an update confirmed its handler has finished and a test
can assert without sleeping (see bot.fakebotapi).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass

from aiogram import Dispatcher
from sqlalchemy import select

from bot.fakebotapi import FakeBotAPI, FakeUser
from bot.middlewares import ThrottleMiddleware
from bot.runtime import ClubBot, build_dispatcher, prepare_bot
from loyalty.club import Club
from loyalty.config import ClubConfig
from models import Identity, Member

OWNER = 9001  # the owner id the staffed club file names
TOKEN = "123456:TEST-token"
BOT_USERNAME = "bashgah_test_bot"


@dataclass
class Harness:
    api: FakeBotAPI
    bot: ClubBot
    dispatcher: Dispatcher
    club: Club

    def user(
        self, user_id: int, first_name: str = "Sara", last_name: str | None = "Ahmadi", language_code: str | None = "fa"
    ) -> FakeUser:
        return self.api.user(user_id, first_name=first_name, last_name=last_name, language_code=language_code)


def staffed(config: ClubConfig) -> ClubConfig:
    """The club file with OWNER as the Telegram owner."""
    return config.model_copy(update={"staff": config.staff.model_copy(update={"telegram_owner_ids": [OWNER]})})


async def member_of(harness: Harness, user_id: int) -> Member:
    """The member behind a messenger user of the harness (fails the test when there is none)."""
    async with harness.club.db.sessions() as session:
        member = await session.scalar(
            select(Member).join(Identity, Identity.member_id == Member.id).where(Identity.user_id == user_id)
        )
    assert member is not None, f"user {user_id} is not a member"
    return member


@contextlib.asynccontextmanager
async def run_bot(
    club: Club, *, platform: str = "telegram", throttle: ThrottleMiddleware | None = None
) -> AsyncIterator[Harness]:
    """The bot serving `club` against a fresh fake server, stopped cleanly on exit."""
    api = FakeBotAPI(TOKEN, username=BOT_USERNAME, platform=platform)  # type: ignore[arg-type]
    await api.start()
    bot = ClubBot(TOKEN, platform=platform, api_base=api.base_url)
    # Scenario tests send a burst of updates; flood control has its own test with real limits.
    dispatcher = build_dispatcher(club, throttle=throttle or ThrottleMiddleware(rate=10_000, period=1), bots=[bot])
    await prepare_bot(bot, dispatcher)
    polling = asyncio.create_task(
        dispatcher.start_polling(bot, handle_as_tasks=False, handle_signals=False, polling_timeout=1)
    )
    # Until the first poll tells the server which update types the bot wants, it cannot know what to keep.
    await api.wait_for_poll()
    try:
        yield Harness(api, bot, dispatcher, club)
    finally:
        with contextlib.suppress(RuntimeError):  # polling already stopped
            await dispatcher.stop_polling()
        await polling
        await api.stop()


BALE_TOKEN = "654321:BALE-token"
BALE_USERNAME = "bashgah_test_bale_bot"


@dataclass
class MultiHarness:
    """One Dispatcher serving a bot per messenger, each polling its own fake server."""

    apis: dict[str, FakeBotAPI]
    bots: dict[str, ClubBot]
    dispatcher: Dispatcher
    club: Club

    def user(self, platform: str, user_id: int, first_name: str = "Sara", language_code: str | None = "en") -> FakeUser:
        return self.apis[platform].user(user_id, first_name=first_name, language_code=language_code)


@contextlib.asynccontextmanager
async def run_bots(club: Club, platforms: tuple[str, ...] = ("telegram", "bale")) -> AsyncIterator[MultiHarness]:
    """Both messengers in one process, as `bashgah run` with both tokens: one Dispatcher, two Bots."""
    identity = {"telegram": (TOKEN, BOT_USERNAME), "bale": (BALE_TOKEN, BALE_USERNAME)}
    apis = {name: FakeBotAPI(identity[name][0], username=identity[name][1], platform=name) for name in platforms}  # type: ignore[arg-type]
    for api in apis.values():
        await api.start()
    bots = {name: ClubBot(api.token, platform=name, api_base=api.base_url) for name, api in apis.items()}
    dispatcher = build_dispatcher(club, throttle=ThrottleMiddleware(rate=10_000, period=1), bots=list(bots.values()))
    for bot in bots.values():
        await prepare_bot(bot, dispatcher)
    polling = asyncio.create_task(
        dispatcher.start_polling(*bots.values(), handle_as_tasks=False, handle_signals=False, polling_timeout=1)
    )
    for api in apis.values():  # as in run_bot: each server learns the bot's update types from its first poll
        await api.wait_for_poll()
    try:
        yield MultiHarness(apis, bots, dispatcher, club)
    finally:
        with contextlib.suppress(RuntimeError):
            await dispatcher.stop_polling()
        await polling
        for api in apis.values():
            await api.stop()
