"""The outbox's pacing on fake time: evenly spaced sends, pauses after a 429, no burst after an idle spell."""

from __future__ import annotations

import itertools

from scheduler.pacing import RateLimiter
from tests.scheduler.helpers import FakeTime


async def test_sends_are_evenly_spaced_and_pause_after_a_429() -> None:
    time = FakeTime()
    limiter = RateLimiter(10, now=time, sleep=time.sleep)
    starts = []
    for n in range(30):
        if n == 10:
            limiter.pause(2.5)
        await limiter.acquire()
        starts.append(round(time() - 1000, 6))
    assert starts[:10] == [round(n * 0.1, 6) for n in range(10)]
    assert starts[10] == 3.4  # 0.9 + the 2.5 s pause
    assert all(round(b - a, 6) == 0.1 for a, b in itertools.pairwise(starts[10:]))
    time.now += 60  # idle: the next send goes at once, the one after it a full interval later
    await limiter.acquire()
    await limiter.acquire()
    assert round(time() - 1000, 6) == round(starts[-1] + 60 + 0.1, 6)
