"""FakeBotAPI: the aiohttp application that answers the Bot API over HTTP, plus the test-facing controls."""

from __future__ import annotations

import asyncio
import json
import mimetypes
import time
from collections.abc import Callable
from typing import Any

from aiogram import Bot
from aiogram.client.telegram import TelegramAPIServer
from aiohttp import web

from bot.fakebotapi import editing, methods, service
from bot.fakebotapi.client import LocalSession
from bot.fakebotapi.errors import ApiError, Fault, not_found, unauthorized
from bot.fakebotapi.params import Params, lookup
from bot.fakebotapi.records import ApiCall
from bot.fakebotapi.state import BotState, Chat, Platform
from bot.fakebotapi.users import FakeUser
from bot.fakebotapi.webhook import WebhookDelivery

# Importing registers their methods; this keeps the registry complete whoever imports the server.
_METHOD_MODULES = (methods, editing, service)


class FakeBotAPI:
    """A local stand-in for api.telegram.org serving one bot; see the package docstring for the contract."""

    def __init__(
        self,
        token: str,
        *,
        username: str = "bashgah_bot",
        bot_id: int | None = None,
        first_name: str = "Bashgah",
        platform: Platform = "telegram",
        clock: Callable[[], float] = time.time,
    ) -> None:
        prefix = token.split(":", 1)[0]
        # aiogram derives Bot.id from the token, so the default keeps getMe consistent with it.
        bot_id = bot_id if bot_id is not None else (int(prefix) if prefix.isdigit() else 123456789)
        self.state = BotState(
            token, username=username, bot_id=bot_id, first_name=first_name, platform=platform, clock=clock
        )
        self.latency = 0.0
        """Seconds every Bot API call waits before it is handled."""
        self.method_latency: dict[str, float] = {}
        """Extra per-method delay, keyed by method name in any case."""
        self.send_limit: float | None = None
        """Messages per second accepted across all chats (Telegram's bulk limit); more get 429 retry_after=1."""
        self._send_tokens = 0.0
        self._send_refilled = 0.0
        self.listeners: list[Callable[[ApiCall], None]] = []
        """Called after every handled Bot API call (the sandbox page wakes its long polls with this)."""
        self.webhook = WebhookDelivery(self.state)
        """Posts updates to the URL given to setWebhook; `webhook.errors` lists failed attempts."""
        self._faults: dict[str, list[Fault]] = {}
        self._users: dict[int, FakeUser] = {}
        self._runner: web.AppRunner | None = None
        self._base_url: str | None = None
        # Telegram accepts uploads up to 50 MB; aiohttp's own default would refuse anything over 1 MB.
        self.app = web.Application(client_max_size=50 * 1024 * 1024)
        self.app.router.add_route("*", "/bot{token}/{method}", self._handle_method)
        self.app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        self.app.on_shutdown.append(self._on_shutdown)

    @property
    def token(self) -> str:
        """The only token this server accepts."""
        return self.state.token

    @property
    def platform(self) -> Platform:
        """Which messenger this server imitates."""
        return self.state.platform

    @property
    def base_url(self) -> str:
        """Root URL for `TelegramAPIServer.from_base()`; valid after `start()`."""
        if self._base_url is None:
            raise RuntimeError("FakeBotAPI is not started")
        return self._base_url

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Listen on host:port (0 picks a free port) and return the base URL."""
        self.state.updates.closed = False
        # Cancelling the handler of a dropped connection ends an abandoned long poll right away.
        self._runner = web.AppRunner(self.app, handler_cancellation=True, shutdown_timeout=1.0, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        bound_port = self._runner.addresses[0][1]
        self._base_url = f"http://{host}:{bound_port}"
        self.webhook.start()
        return self._base_url

    async def stop(self) -> None:
        """Release pending long polls and stop listening."""
        self.state.updates.close()
        await self.webhook.stop()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    def session(self, **kwargs: Any) -> LocalSession:
        """An aiogram session pointed at this server (after `start()`)."""
        return LocalSession(api=TelegramAPIServer.from_base(self.base_url), **kwargs)

    def bot(self, **kwargs: Any) -> Bot:
        """An aiogram Bot for this server's token and URL; kwargs go to `Bot` (e.g. `default=`)."""
        return Bot(self.token, session=self.session(), **kwargs)

    async def __aenter__(self) -> FakeBotAPI:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    def user(
        self,
        user_id: int,
        first_name: str = "User",
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "fa",
    ) -> FakeUser:
        """The driver for one user who has opened the chat with the bot; the same id gives the same driver."""
        if user_id not in self._users:
            user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
            extras = {"last_name": last_name, "username": username, "language_code": language_code}
            user.update({key: value for key, value in extras.items() if value is not None})
            self._users[user_id] = FakeUser(self.state, self.settle, user)
            self.state.ensure_chat(user)
        return self._users[user_id]

    async def settle(self, timeout: float = 5.0) -> None:  # noqa: ASYNC109 - the waiting is the API's point
        """Return once the bot confirmed every update queued so far (its handlers have finished)."""
        await self.state.updates.settle(timeout)

    async def wait_for_poll(self, timeout: float = 5.0) -> None:  # noqa: ASYNC109 - the waiting is the API's point
        """Return once the bot has a getUpdates long poll open, i.e. it is polling and idle."""
        await self.state.updates.wait_for_poll(timeout)

    def fail_next(
        self,
        method: str,
        *,
        status: int = 429,
        retry_after: int = 1,
        description: str | None = None,
        times: int = 1,
    ) -> None:
        """Make the next `times` calls of `method` fail with `status` (429 carries `retry_after`) untouched."""
        self._faults.setdefault(method.lower(), []).append(Fault(status, description, retry_after, times))

    @property
    def calls(self) -> list[ApiCall]:
        """Every request the bot made, in order."""
        return self.state.calls

    def calls_to(self, method: str) -> list[ApiCall]:
        """The recorded calls of one method (name in any case)."""
        return [call for call in self.state.calls if call.method.lower() == method.lower()]

    def chat(self, chat_id: int) -> Chat:
        """A chat by id (the user's id for private chats)."""
        return self.state.chat(chat_id)

    def commands(self, scope: dict[str, Any] | None = None, language_code: str = "") -> list[dict[str, Any]]:
        """The commands set for a scope (default scope when None) and language."""
        key = json.dumps(scope or {"type": "default"}, sort_keys=True)
        return self.state.commands.get((key, language_code), [])

    def _take_fault(self, method: str) -> ApiError | None:
        queue = self._faults.get(method.lower())
        if not queue:
            return None
        fault = queue[0]
        fault.times -= 1
        if fault.times <= 0:
            queue.pop(0)
        return fault.error()

    def _over_send_limit(self, method: str) -> ApiError | None:
        # A token bucket holding one second of sends, as a real server tolerates a short burst.
        if self.send_limit is None or not method.lower().startswith("send"):
            return None
        now = time.monotonic()
        refill = (now - self._send_refilled) * self.send_limit
        self._send_tokens = min(self.send_limit, self._send_tokens + refill)
        self._send_refilled = now
        if self._send_tokens < 1:
            return ApiError(429, "Too Many Requests: retry after 1", {"retry_after": 1})
        self._send_tokens -= 1
        return None

    async def _handle_method(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.state.token:
            return _reply(unauthorized())
        registered = lookup(request.match_info["method"])
        name = registered.name if registered else request.match_info["method"]
        try:
            params = await Params.from_request(request)
        except ApiError as error:
            return _reply(error)
        delay = self.latency + sum(v for k, v in self.method_latency.items() if k.lower() == name.lower())
        if delay > 0:
            await asyncio.sleep(delay)
        call = ApiCall(name, params.describe(), self.state.clock())
        self.state.calls.append(call)
        try:
            fault = self._take_fault(name) or self._over_send_limit(name)
            if fault is not None:
                raise fault
            if registered is None:
                raise not_found()
            call.result = await registered.handler(self.state, params)
        except ApiError as error:
            call.error = error
            return _reply(error)
        finally:
            for listener in self.listeners:
                listener(call)
        return web.json_response({"ok": True, "result": call.result})

    async def _handle_file(self, request: web.Request) -> web.Response:
        stored = self.state.files.by_path(request.match_info["path"])
        if request.match_info["token"] != self.state.token or stored is None:
            return _reply(not_found())
        content_type = stored.mime_type or mimetypes.guess_type(stored.file_path)[0] or "application/octet-stream"
        return web.Response(body=stored.data, content_type=content_type)

    async def _on_shutdown(self, app: web.Application) -> None:
        self.state.updates.close()


def _reply(error: ApiError) -> web.Response:
    return web.json_response(error.to_json(), status=error.status)
