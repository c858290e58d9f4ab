"""Receiving updates by webhook: one route per bot, guarded per messenger, handled inside the request.

Telegram sends the `secret_token` given to setWebhook in `X-Telegram-Bot-Api-Secret-Token`; a request without
the right one gets 401 and changes nothing. Bale has no secret token, so its route is a long path derived from
the secret (HMAC), the same on every worker and unknown to anyone without the secret; any other path is a 404.

Each update is handled before the request is answered, so when the server stops (SIGTERM) it stops accepting,
then waits for the requests in flight, i.e. every update it accepted is finished, not dropped.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
from dataclasses import dataclass

from aiogram import Bot, Dispatcher
from aiogram.types import Update
from aiohttp import web
from pydantic import ValidationError

from bot.middlewares import platform_of

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def webhook_path(platform: str, bot_id: int, secret: str) -> str:
    """The route a bot's updates arrive on."""
    if platform == "bale":
        digest = hmac.new(secret.encode(), f"bale:{bot_id}".encode(), hashlib.sha256).hexdigest()
        return f"/webhook/bale/{digest}"
    return f"/webhook/{platform}"


@dataclass(frozen=True)
class WebhookTarget:
    """Where the messengers should send updates: the public base URL (the proxy) and the shared secret."""

    base_url: str
    secret: str

    def url(self, bot: Bot) -> str:
        return self.base_url.rstrip("/") + webhook_path(platform_of(bot), bot.id, self.secret)

    async def register(self, bot: Bot, allowed_updates: list[str]) -> None:
        """setWebhook: Telegram with the secret token and update types; Bale takes only the URL."""
        if platform_of(bot) == "bale":
            await bot.set_webhook(self.url(bot))
        else:
            await bot.set_webhook(self.url(bot), secret_token=self.secret, allowed_updates=allowed_updates)


@dataclass
class InFlight:
    """Counts updates being handled, so shutdown can wait for them."""

    count: int = 0

    def __post_init__(self) -> None:
        self._idle = asyncio.Event()
        self._idle.set()

    def enter(self) -> None:
        self.count += 1
        self._idle.clear()

    def leave(self) -> None:
        self.count -= 1
        if self.count == 0:
            self._idle.set()

    async def drained(self, timeout: float) -> bool:  # noqa: ASYNC109 - a bounded wait is the point
        try:
            await asyncio.wait_for(self._idle.wait(), timeout)
        except TimeoutError:
            return False
        return True


class WebhookEndpoint:
    """The aiohttp handler for one bot's webhook."""

    def __init__(self, dispatcher: Dispatcher, bot: Bot, secret: str, in_flight: InFlight) -> None:
        self.dispatcher, self.bot, self.in_flight = dispatcher, bot, in_flight
        self.platform = platform_of(bot)
        # Bale sends no header: its long path is the guard.
        self.secret = secret if self.platform != "bale" else None

    async def handle(self, request: web.Request) -> web.Response:
        if self.secret is not None:
            given = request.headers.get(SECRET_HEADER, "")
            if not hmac.compare_digest(given.encode(), self.secret.encode()):
                log.warning("webhook.bad_secret", extra={"platform": self.platform, "peer": request.remote})
                return web.json_response({"ok": False, "error": "unauthorized"}, status=401)
        try:
            update = Update.model_validate(await request.json(), context={"bot": self.bot})
        except (ValueError, ValidationError):
            return web.json_response({"ok": False, "error": "bad update"}, status=400)
        self.in_flight.enter()
        try:
            await self.dispatcher.feed_update(self.bot, update)
        except Exception:  # already logged by the error handler; a 5xx would only make the messenger resend it
            log.exception("webhook.update_failed", extra={"platform": self.platform, "update_id": update.update_id})
        finally:
            self.in_flight.leave()
        return web.json_response({"ok": True})
