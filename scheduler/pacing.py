"""Pacing sends to a messenger's rate, with time and sleep injectable so tests need no real waiting."""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Awaitable, Callable

Now = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]


class RateLimiter:
    """At most `rate` sends per second, evenly spaced (no bursts), and a pause for everyone after a 429.

    Even spacing rather than a token bucket: a messenger counting sends over any one-second window then never
    sees more than `rate` of them. Only one task may call `acquire` (the outbox's dispatch loop).
    """

    def __init__(self, rate: float, *, now: Now = time.monotonic, sleep: Sleep = asyncio.sleep) -> None:
        self.interval = 1.0 / rate
        self.now, self.sleep = now, sleep
        self._next = -math.inf

    async def acquire(self) -> None:
        """Wait until the next send may start, and reserve it."""
        while (wait := self._next - self.now()) > 0:
            await self.sleep(wait)  # loop: a pause() may have pushed the start further while we slept
        # Keep to the grid when a sleep overshot by less than one interval, so oversleeping does not pile up
        # into a lower rate; after an idle spell start afresh (no burst to "catch up").
        late = self.now() - self._next
        self._next = (self._next if late < self.interval else self.now()) + self.interval

    def pause(self, seconds: float) -> None:
        """Send nothing for `seconds` (the messenger's retry_after)."""
        self._next = max(self._next, self.now() + seconds)
