"""Delivering updates to a webhook, as Telegram and Bale do once `setWebhook` has a URL.

Updates go out one at a time, oldest first, as JSON POSTs. A 2xx answer confirms the update (so `settle()`
works the same as with polling); any other answer, or a connection error, is recorded in `errors` and the same
update is retried shortly after. On Telegram the `secret_token` given to setWebhook is sent back in the
`X-Telegram-Bot-Api-Secret-Token` header; Bale has no such header.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

import aiohttp

from bot.fakebotapi.state import BotState

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
RETRY_SECONDS = 0.05


class WebhookDelivery:
    """The background task that POSTs pending updates to the bot's webhook."""

    def __init__(self, state: BotState) -> None:
        self.state = state
        self.errors: list[str] = []
        """One line per failed delivery attempt: status code or exception name, and the URL."""
        self.delivered = 0
        self._task: asyncio.Task[None] | None = None
        self._session: aiohttp.ClientSession | None = None

    def start(self) -> None:
        self._session = aiohttp.ClientSession()
        self._task = asyncio.create_task(self._run())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        if self._session is not None:
            await self._session.close()
            self._session = None

    def _ready(self) -> bool:
        queue = self.state.updates
        return queue.closed or (self.state.webhook is not None and bool(queue.pending))

    async def _run(self) -> None:
        queue = self.state.updates
        while True:
            await queue.wait_for(self._ready, 3600)
            webhook = self.state.webhook
            if queue.closed:
                return
            if webhook is None or not queue.pending:
                continue
            update = queue.pending[0]
            if await self._post(webhook, update):
                self.delivered += 1
                queue.confirm(int(update["update_id"]) + 1)
            else:
                await asyncio.sleep(RETRY_SECONDS)

    async def _post(self, webhook: dict[str, Any], update: dict[str, Any]) -> bool:
        assert self._session is not None
        headers = {}
        secret = webhook.get("secret_token")
        if secret and self.state.platform == "telegram":
            headers[SECRET_HEADER] = str(secret)
        try:
            async with self._session.post(webhook["url"], json=update, headers=headers) as response:
                if 200 <= response.status < 300:
                    return True
                self.errors.append(f"{response.status} {webhook['url']}")
        except aiohttp.ClientError as error:
            self.errors.append(f"{type(error).__name__} {webhook['url']}")
        return False
