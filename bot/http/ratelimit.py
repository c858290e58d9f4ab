"""Per-client request limits for the HTTP API: in this process, or shared by every worker through Redis."""

from __future__ import annotations

import time
from collections import OrderedDict
from typing import TYPE_CHECKING, Protocol

from aiolimiter import AsyncLimiter

if TYPE_CHECKING:
    from redis.asyncio import Redis

WINDOW_SECONDS = 60


class RateLimiter(Protocol):
    async def allow(self, client_id: int, per_minute: int) -> float | None:
        """None when the call may go ahead; otherwise the seconds to wait (Retry-After)."""


class MemoryRateLimiter:
    """A leaky bucket per client in this process: exact for one worker; with N workers each allows the rate."""

    def __init__(self, max_clients: int = 10_000) -> None:
        self.max_clients = max_clients
        self._limiters: OrderedDict[tuple[int, int], AsyncLimiter] = OrderedDict()

    async def allow(self, client_id: int, per_minute: int) -> float | None:
        key = (client_id, per_minute)
        limiter = self._limiters.get(key)
        if limiter is None:
            limiter = self._limiters[key] = AsyncLimiter(per_minute, WINDOW_SECONDS)
            if len(self._limiters) > self.max_clients:
                self._limiters.popitem(last=False)
        if not limiter.has_capacity():
            return WINDOW_SECONDS / per_minute
        await limiter.acquire()
        return None


class RedisRateLimiter:
    """A fixed one-minute window per client in Redis, shared by every worker (one INCR per call)."""

    def __init__(self, redis: Redis, prefix: str = "bashgah:api-rate") -> None:
        self.redis, self.prefix = redis, prefix

    async def allow(self, client_id: int, per_minute: int) -> float | None:
        now = time.time()
        window = int(now // WINDOW_SECONDS)
        key = f"{self.prefix}:{client_id}:{window}"
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.incr(key)
            pipe.expire(key, WINDOW_SECONDS * 2)
            count, _ = await pipe.execute()
        if int(count) <= per_minute:
            return None
        return (window + 1) * WINDOW_SECONDS - now
