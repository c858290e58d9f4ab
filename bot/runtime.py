"""Wiring: one `Bot` per messenger, one `Dispatcher` for all of them, and polling.

Bots are built on an `AiohttpSession` whose API server is the configured base URL, so the same code talks
to Telegram, to Bale, to a relay, or to the local fake Bot API server.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Sequence

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.fsm.storage.base import BaseStorage, DefaultKeyBuilder
from aiogram.fsm.storage.memory import MemoryStorage

from bot.bale import BaleMarkdown
from bot.commands import publish_commands, publish_staff_commands
from bot.http.webhook import WebhookTarget
from bot.metrics import ApiMetrics
from bot.middlewares import ContextMiddleware, SessionMiddleware, ThrottleMiddleware, platform_of
from bot.notifier import Notifier
from bot.settings import Settings
from bot.startup import open_club
from handlers import feature_routers
from locales import Translator
from loyalty.club import Club
from loyalty.staff import list_staff
from scheduler.service import attach_scheduler

log = logging.getLogger(__name__)

PLATFORMS = ("telegram", "bale")


class ClubBot(Bot):
    """A Bot that knows which messenger it speaks to: identities, links and limits depend on it.

    The club writes every text as Telegram HTML. Bale has no parse_mode and reads every text as Markdown, so
    the Bale bot's session converts each outgoing text (bot.bale.BaleMarkdown) and sends no link-preview option.
    """

    def __init__(self, token: str, *, platform: str, api_base: str, proxy: str | None = None) -> None:
        session = AiohttpSession(api=TelegramAPIServer.from_base(api_base), proxy=proxy)
        session.middleware(ApiMetrics(platform))  # counts calls and failures for /metrics
        if platform == "bale":
            session.middleware(BaleMarkdown())
            default = DefaultBotProperties(parse_mode=ParseMode.HTML)
        else:
            default = DefaultBotProperties(parse_mode=ParseMode.HTML, link_preview_is_disabled=True)
        super().__init__(token, session=session, default=default)
        self.platform = platform


def make_bots(settings: Settings) -> list[ClubBot]:
    """A bot for every messenger whose token is set."""
    bots = []
    if settings.telegram_token:
        bots.append(
            ClubBot(
                settings.telegram_token.get_secret_value(),
                platform="telegram",
                api_base=settings.telegram_api_base,
                proxy=settings.telegram_proxy,
            )
        )
    if settings.bale_token:
        bots.append(ClubBot(settings.bale_token.get_secret_value(), platform="bale", api_base=settings.bale_api_base))
    return bots


def make_storage(settings: Settings) -> BaseStorage:
    """Chat state in memory for one process; in Redis when several workers share the club."""
    if settings.redis_url:
        from aiogram.fsm.storage.redis import RedisStorage

        # Telegram and Bale user ids can collide: the bot id is part of every key.
        return RedisStorage.from_url(settings.redis_url, key_builder=DefaultKeyBuilder(with_bot_id=True))
    return MemoryStorage()


def build_dispatcher(
    club: Club,
    *,
    translator: Translator | None = None,
    storage: BaseStorage | None = None,
    throttle: ThrottleMiddleware | None = None,
    bots: Sequence[Bot] = (),
) -> Dispatcher:
    """The Dispatcher with the club, texts, notifier and middlewares as workflow data, and every handler router."""
    translator = translator or Translator()
    notifier = Notifier(club, {platform_of(bot): bot for bot in bots}, translator)
    dispatcher = Dispatcher(storage=storage or MemoryStorage(), club=club, translator=translator, notifier=notifier)
    dispatcher.update.outer_middleware(throttle or ThrottleMiddleware())
    dispatcher.update.outer_middleware(ContextMiddleware())
    for name, observer in dispatcher.observers.items():
        if name not in ("update", "error"):
            observer.middleware(SessionMiddleware())
    for router in feature_routers():
        if router.parent_router is not None:
            # Routers attach to one parent: another Dispatcher in this process (a second worker in a test, the
            # sandbox) gets its own copy of the handlers, and the first one keeps working.
            router = copy.deepcopy(router, memo={id(router.parent_router): None})
        dispatcher.include_router(router)
    return dispatcher


async def prepare_bot(bot: Bot, dispatcher: Dispatcher, *, webhook: WebhookTarget | None = None) -> None:
    """What each bot needs before its first update: its webhook set (webhook mode) or none in the way (polling),
    and its command menu."""
    club: Club = dispatcher["club"]
    if webhook is None:
        await bot.delete_webhook(drop_pending_updates=False)
    else:
        await webhook.register(bot, dispatcher.resolve_used_update_types())
    translator: Translator = dispatcher["translator"]
    await publish_commands(bot, translator, club.config.club.languages, club.config.club.default_language)
    async with club.db.sessions() as session:
        team = await list_staff(session, club.config, platform_of(bot))
    for member in team:
        await publish_staff_commands(bot, translator, member.user_id, member.role, club.config.club.default_language)
    me = await bot.me()
    log.info("bot.ready", extra={"platform": getattr(bot, "platform", "telegram"), "username": me.username})


async def serve_polling(settings: Settings) -> None:
    """Run the club on every configured messenger until interrupted."""
    club = await open_club(settings)
    bots = make_bots(settings)
    dispatcher = build_dispatcher(club, storage=make_storage(settings), bots=bots)
    # Scheduled jobs start and stop with polling; with several workers only the lease holder runs them.
    attach_scheduler(dispatcher, club, {platform_of(bot): bot for bot in bots}, dispatcher["translator"])
    try:
        for bot in bots:
            await prepare_bot(bot, dispatcher)
        await dispatcher.start_polling(*bots, handle_signals=True)
    finally:
        await dispatcher.storage.close()
        await club.db.close()
