"""Two webhook workers behind a round-robin proxy, sharing one PostgreSQL and one Redis."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Iterator

import aiohttp
import pytest
from aiohttp import web
from redis.asyncio import Redis
from sqlalchemy import select

from bot.fakebotapi import FakeBotAPI
from bot.http.ratelimit import RedisRateLimiter
from bot.http.webhook import WebhookTarget
from bot.middlewares import ThrottleMiddleware
from bot.runtime import ClubBot, make_storage
from bot.settings import Settings
from bot.worker import Worker
from loyalty.club import Club
from loyalty.config import ClubConfig
from models import Member, SupportTicket
from models.database import Database
from tests.conftest import FakeClock, _truncate_all
from tests.harness import TOKEN
from tests.servers import RedisServer, _free_port, redis_available, start_redis

SECRET = "scale-out-secret-0123456789"


@pytest.fixture(scope="module")
def redis_url() -> Iterator[str]:
    if not redis_available():
        pytest.skip("no redis-server on this machine")
    server: RedisServer = start_redis()
    yield server.url
    server.stop()


class RoundRobin:
    """The proxy in front of the workers: each request goes to the next worker."""

    def __init__(self, backends: list[str]) -> None:
        self.backends = itertools.cycle(backends)
        self.served: list[str] = []
        self.app = web.Application()
        self.app.router.add_route("*", "/{path:.*}", self.forward)

    async def forward(self, request: web.Request) -> web.Response:
        backend = next(self.backends)
        self.served.append(backend)
        headers = {k: v for k, v in request.headers.items() if k.lower() not in {"host", "content-length"}}
        body = await request.read()
        async with (
            aiohttp.ClientSession() as http,
            http.request(request.method, backend + request.path_qs, data=body, headers=headers) as response,
        ):
            return web.Response(status=response.status, body=await response.read(), content_type=response.content_type)


@pytest.fixture
async def pg_club(postgres_url: str, config: ClubConfig, clock: FakeClock) -> AsyncIterator[Club]:
    await _truncate_all(postgres_url)
    database = Database(postgres_url)
    yield Club(db=database, config=config, clock=clock)
    await database.close()


async def test_a_signup_alternating_between_two_workers(pg_club: Club, redis_url: str) -> None:
    api = FakeBotAPI(TOKEN)
    await api.start()
    proxy_port = _free_port()
    workers = []
    settings = Settings(redis_url=redis_url, _env_file=None)  # type: ignore[call-arg]
    for _ in range(2):
        port = _free_port()
        workers.append(
            Worker(
                pg_club,
                [ClubBot(api.token, platform="telegram", api_base=api.base_url)],
                storage=make_storage(settings),  # FSM state in Redis, keyed by bot id
                limiter=RedisRateLimiter(Redis.from_url(redis_url)),  # API limits counted across workers
                webhook=WebhookTarget(f"http://127.0.0.1:{proxy_port}", SECRET),
                port=port,
                scheduler=False,
                throttle=ThrottleMiddleware(rate=10_000, period=1),
            )
        )
    proxy = RoundRobin([f"http://127.0.0.1:{worker.http.port}" for worker in workers])
    runner = web.AppRunner(proxy.app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", proxy_port).start()
    try:
        for worker in workers:
            await worker.start()
        user = api.user(901, first_name="Nima", language_code="en")
        await user.send("/start")
        await user.press("English")
        await user.send_contact("989121110901")
        await user.press_reply("Nima")
        await user.press_reply(user.reply_keyboard[0]["text"])  # skip the birthday
        await user.press_reply(user.reply_keyboard[0]["text"])  # yes to offers
        await user.send("/support")  # the question's state goes to Redis on one worker…
        await user.send("The card reader was broken today.")  # …and the answer reaches the other
        assert len(set(proxy.served)) == 2 and len(proxy.served) == 8
        assert not api.webhook.errors
        async with pg_club.db.sessions() as session:
            [member] = list(await session.scalars(select(Member)))
            ticket = await session.scalar(select(SupportTicket))
        assert (member.name, member.phone, member.marketing_consent) == ("Nima", "+989121110901", True)
        assert ticket is not None and ticket.text == "The card reader was broken today."
    finally:
        for worker in workers:
            await worker.stop()
        await runner.cleanup()
        await api.stop()


async def test_the_api_rate_limit_is_shared_through_redis(redis_url: str) -> None:
    first, second = RedisRateLimiter(Redis.from_url(redis_url)), RedisRateLimiter(Redis.from_url(redis_url))
    try:
        assert await first.allow(77, 3) is None
        assert await second.allow(77, 3) is None
        assert await first.allow(77, 3) is None
        wait = await second.allow(77, 3)  # the fourth call in this minute, whichever worker takes it
        assert wait is not None and 0 < wait <= 60
        assert await second.allow(78, 3) is None  # another client has its own count
    finally:
        await first.redis.aclose()
        await second.redis.aclose()
