"""One Bashgah process: the bots, one Dispatcher, the scheduler and the HTTP server, in polling or webhook mode.

With PostgreSQL and Redis several workers run side by side behind a proxy (webhook mode): chat state lives in
Redis, the API rate limit is counted in Redis, the scheduler runs on the lease holder only, and flood control
stays per worker by design (bot.middlewares.ThrottleMiddleware).
"""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Callable, Sequence

from aiogram import Dispatcher
from aiogram.fsm.storage.base import BaseStorage
from aiohttp import web

from bot.http import HttpServer, build_http_app
from bot.http.ratelimit import MemoryRateLimiter, RateLimiter, RedisRateLimiter
from bot.http.webhook import WebhookTarget
from bot.middlewares import ThrottleMiddleware, platform_of
from bot.runtime import ClubBot, build_dispatcher, make_bots, make_storage, prepare_bot
from bot.settings import Settings
from bot.startup import open_club
from loyalty.club import Club
from scheduler.service import attach_scheduler

log = logging.getLogger(__name__)

HttpSetup = Callable[[web.Application], None]


def make_limiter(settings: Settings) -> RateLimiter:
    """API rate limits shared through Redis when several workers may serve one client."""
    if settings.redis_url:
        from redis.asyncio import Redis

        return RedisRateLimiter(Redis.from_url(settings.redis_url))
    return MemoryRateLimiter()


class Worker:
    """The running club. `start()` prepares the bots and listens; `run()` serves until stopped; `stop()` finishes
    the updates in flight, then stops the scheduler and closes everything."""

    def __init__(
        self,
        club: Club,
        bots: Sequence[ClubBot],
        *,
        storage: BaseStorage,
        limiter: RateLimiter | None = None,
        webhook: WebhookTarget | None = None,
        host: str = "127.0.0.1",
        port: int = 8080,
        scheduler: bool = True,
        throttle: ThrottleMiddleware | None = None,
        http_setup: HttpSetup | None = None,
    ) -> None:
        self.club, self.bots, self.webhook = club, list(bots), webhook
        self.limiter = limiter or MemoryRateLimiter()
        self.dispatcher: Dispatcher = build_dispatcher(club, storage=storage, bots=self.bots, throttle=throttle)
        if scheduler:
            bots_by_platform = {platform_of(bot): bot for bot in self.bots}
            attach_scheduler(self.dispatcher, club, bots_by_platform, self.dispatcher["translator"])
        self.app = build_http_app(
            club,
            notifier=self.dispatcher["notifier"],
            limiter=self.limiter,
            dispatcher=self.dispatcher,
            webhook_bots=self.bots if webhook else (),
            webhook_secret=webhook.secret if webhook else None,
        )
        if http_setup is not None:
            http_setup(self.app)  # e.g. the sandbox page at "/"
        self.http = HttpServer(self.app, host, port)
        self._started = False

    def _workflow(self) -> dict[str, object]:
        return {"dispatcher": self.dispatcher, "bots": self.bots, **self.dispatcher.workflow_data}

    async def start(self) -> int:
        """Prepare every bot (setWebhook or deleteWebhook, menus), listen, and in webhook mode start the
        scheduler. Returns the HTTP port."""
        for bot in self.bots:
            await prepare_bot(bot, self.dispatcher, webhook=self.webhook)
        port = await self.http.start()
        if self.webhook is not None and self.bots:
            await self.dispatcher.emit_startup(bot=self.bots[-1], **self._workflow())
            self._started = True
        return port

    async def run(self) -> None:
        """Serve until SIGINT/SIGTERM (polling: aiogram handles the signals; webhook: we do)."""
        if self.webhook is None:
            if self.bots:
                await self.dispatcher.start_polling(*self.bots, handle_signals=True)
            return
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        await stop.wait()

    async def stop(self) -> None:
        await self.http.stop()  # stop accepting; updates in flight finish first (bot.http.webhook)
        if self._started:
            self._started = False
            await self.dispatcher.emit_shutdown(bot=self.bots[-1], **self._workflow())
        await self.dispatcher.storage.close()
        if isinstance(self.limiter, RedisRateLimiter):
            await self.limiter.redis.aclose()
        for bot in self.bots:
            await bot.session.close()


async def serve(settings: Settings, *, http_setup: HttpSetup | None = None) -> None:
    """`bashgah run`: the club on every configured messenger, in the configured mode, until interrupted."""
    club = await open_club(settings)
    webhook = None
    if settings.mode == "webhook" and settings.webhook_url and settings.webhook_secret:
        webhook = WebhookTarget(settings.webhook_url, settings.webhook_secret.get_secret_value())
    worker = Worker(
        club,
        make_bots(settings),
        storage=make_storage(settings),
        limiter=make_limiter(settings),
        webhook=webhook,
        host=settings.http_host,
        port=settings.http_port,
        http_setup=http_setup,
    )
    try:
        await worker.start()
        await worker.run()
    finally:
        await worker.stop()
        await club.db.close()
