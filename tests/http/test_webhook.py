"""Webhook mode through the real HTTP server: the fake messenger POSTs updates; secrets and paths guard them."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from aiogram.fsm.storage.memory import MemoryStorage
from sqlalchemy import func, select

from bot.fakebotapi import FakeBotAPI
from bot.http import SECRET_HEADER, webhook_path
from bot.http.app import IN_FLIGHT
from bot.http.webhook import WebhookTarget
from bot.middlewares import ThrottleMiddleware
from bot.runtime import ClubBot
from bot.worker import Worker
from loyalty.club import Club
from models import SignupDraft
from tests.harness import BALE_TOKEN, TOKEN
from tests.servers import _free_port

SECRET = "s3cret-token_for-tests-0123456789"


async def start_worker(club: Club, platform: str = "telegram") -> tuple[FakeBotAPI, Worker]:
    api = FakeBotAPI(TOKEN if platform == "telegram" else BALE_TOKEN, platform=platform)  # type: ignore[arg-type]
    await api.start()
    port = _free_port()
    worker = Worker(
        club,
        [ClubBot(api.token, platform=platform, api_base=api.base_url)],
        storage=MemoryStorage(),
        webhook=WebhookTarget(f"http://127.0.0.1:{port}", SECRET),
        port=port,
        scheduler=False,
        throttle=ThrottleMiddleware(rate=10_000, period=1),
    )
    await worker.start()
    return api, worker


@pytest.fixture
async def telegram(bot_club: Club) -> AsyncIterator[tuple[FakeBotAPI, Worker]]:
    api, worker = await start_worker(bot_club)
    yield api, worker
    await worker.stop()
    await api.stop()


def update(update_id: int, user_id: int, text: str) -> dict[str, Any]:
    user = {"id": user_id, "is_bot": False, "first_name": "Eve", "language_code": "en"}
    message = {"message_id": 1, "date": 0, "chat": {"id": user_id, "type": "private"}, "from": user, "text": text}
    if text.startswith("/"):
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
    return {"update_id": update_id, "message": message}


async def drafts(club: Club) -> int:
    async with club.db.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(SignupDraft)) or 0)


async def test_set_webhook_with_secret_and_updates_arrive_through_it(
    telegram: tuple[FakeBotAPI, Worker], bot_club: Club
) -> None:
    api, worker = telegram
    [call] = api.calls_to("setWebhook")
    assert call.params["url"] == f"http://127.0.0.1:{worker.http.port}/webhook/telegram"
    assert call.params["secret_token"] == SECRET
    user = api.user(301, language_code="en")
    await user.send("/start")  # delivered by POST, handled inside the request
    assert user.last.buttons == ["فارسی", "English", "Türkçe"]
    assert api.webhook.delivered == 1 and not api.webhook.errors
    async with aiohttp.ClientSession() as http, http.get(f"http://127.0.0.1:{worker.http.port}/healthz") as health:
        assert health.status == 200


@pytest.mark.parametrize("header", [None, "wrong-secret-0123456789", SECRET + "x"])
async def test_a_wrong_or_missing_secret_is_401_and_changes_nothing(
    telegram: tuple[FakeBotAPI, Worker], bot_club: Club, header: str | None
) -> None:
    api, worker = telegram
    api.user(302)
    headers = {SECRET_HEADER: header} if header else {}
    url = f"http://127.0.0.1:{worker.http.port}/webhook/telegram"
    async with aiohttp.ClientSession() as http, http.post(url, json=update(1, 302, "/start"), headers=headers) as r:
        assert r.status == 401
    assert api.chat(302).messages == [] and await drafts(bot_club) == 0
    right = {SECRET_HEADER: SECRET}
    async with aiohttp.ClientSession() as http, http.post(url, json=update(2, 302, "/start"), headers=right) as ok:
        assert ok.status == 200
    assert len(api.chat(302).messages) == 1 and await drafts(bot_club) == 1


async def test_bale_has_no_secret_header_so_a_long_path_guards_it(bot_club: Club) -> None:
    api, worker = await start_worker(bot_club, "bale")
    try:
        [call] = api.calls_to("setWebhook")
        assert "secret_token" not in call.params
        path = webhook_path("bale", worker.bots[0].id, SECRET)
        assert call.params["url"].endswith(path) and len(path) > 64
        user = api.user(303, language_code="en")
        await user.send("/start")
        assert user.last.buttons == ["فارسی", "English", "Türkçe"]
        base = f"http://127.0.0.1:{worker.http.port}"
        async with aiohttp.ClientSession() as http:
            for guess in ("/webhook/bale", "/webhook/bale/0123", "/webhook/telegram"):
                async with http.post(base + guess, json=update(9, 303, "/help")) as response:
                    assert response.status in (404, 405)
        assert len(user.messages) == 1
    finally:
        await worker.stop()
        await api.stop()


async def test_stopping_finishes_the_updates_in_flight(bot_club: Club) -> None:
    api, worker = await start_worker(bot_club)
    api.user(304)
    api.method_latency["sendMessage"] = 0.3  # the handler is mid-way when the stop comes
    url = f"http://127.0.0.1:{worker.http.port}/webhook/telegram"
    async with aiohttp.ClientSession() as http:
        posting = asyncio.create_task(http.post(url, json=update(1, 304, "/start"), headers={SECRET_HEADER: SECRET}))
        in_flight = worker.app[IN_FLIGHT]
        for _ in range(200):
            if in_flight.count:
                break
            await asyncio.sleep(0.01)
        assert in_flight.count == 1
        await worker.stop()
        response = await posting
        assert response.status == 200
        response.release()
    assert len(api.chat(304).messages) == 1 and await drafts(bot_club) == 1
    with pytest.raises(aiohttp.ClientConnectionError):
        async with aiohttp.ClientSession() as http, http.post(url, json=update(2, 304, "/help")):
            pass
    await api.stop()
