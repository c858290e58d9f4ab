"""Who may act now: the users free for a visit, and those resting after one."""

from __future__ import annotations

import random
import time
from collections import deque

REST_SECONDS = 5.0  # the bot's flood control allows 8 updates per 4 s; no visit sends more than 7


class Pool:
    """Users free for a visit; after one they rest REST_SECONDS, so no one trips the bot's flood control."""

    def __init__(self, users: list[int]) -> None:
        self._free = list(users)
        self._resting: deque[tuple[float, int]] = deque()

    def _wake(self) -> None:
        now = time.monotonic()
        while self._resting and self._resting[0][0] <= now:
            self._free.append(self._resting.popleft()[1])

    def take(self, rng: random.Random) -> int | None:
        self._wake()
        if not self._free:
            return None
        index = rng.randrange(len(self._free))
        self._free[index], self._free[-1] = self._free[-1], self._free[index]
        return self._free.pop()

    def take_user(self, user_id: int) -> bool:
        self._wake()
        try:
            self._free.remove(user_id)
        except ValueError:
            return False
        return True

    def release(self, user_id: int) -> None:
        self._resting.append((time.monotonic() + REST_SECONDS, user_id))
