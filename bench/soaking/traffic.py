"""The simulated club at work: `--concurrency` visits at once, each starting as soon as one ends."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable

from bench.soaking.bot_process import BotProcess
from bench.soaking.member_visits import CUSTOMER_SCENARIOS, MemberVisits
from bench.soaking.pool import Pool
from bench.soaking.seeding import Roster
from bench.soaking.till_visits import TillVisits
from bench.soaking.visit import Aborted, Visit
from bot.fakebotapi import FakeBotAPI

KEEP_MESSAGES = 12  # per chat on the fake server: a visit only looks at the newest few
CASHIER_SHARE, SIGNUP_SHARE = 0.3, 0.02


class Soak(MemberVisits, TillVisits):
    """Runs the visits for the warm-up and the measured window, sampling the bot's RSS meanwhile."""

    def __init__(self, api: FakeBotAPI, roster: Roster, options: argparse.Namespace) -> None:
        super().__init__(api, roster, options)
        self.deadline = 0.0
        self._scenarios = [getattr(self, name) for name in CUSTOMER_SCENARIOS]
        self._weights = list(CUSTOMER_SCENARIOS.values())

    async def run(self, bot: BotProcess, warmup: float, duration: float) -> None:
        started = time.perf_counter()
        self.figures.window = (started + warmup, started + warmup + duration)
        self.deadline = self.figures.window[1]
        clients = [asyncio.create_task(self._client()) for _ in range(self.concurrency)]
        tidy = asyncio.create_task(self._tidy())
        await asyncio.sleep(warmup)
        every = max(2.0, duration / 20)
        while True:
            now = time.perf_counter()
            self.figures.rss.append((now - self.figures.window[0], bot.rss_mb()))
            if now >= self.deadline:
                break
            await asyncio.sleep(min(every, self.deadline - now))
        await asyncio.gather(*clients)
        tidy.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await tidy

    async def _client(self) -> None:
        while time.perf_counter() < self.deadline:
            if not await self._visit():
                await asyncio.sleep(0.01)  # everyone is resting or busy

    async def _visit(self) -> bool:
        rng = self.rng
        if rng.random() < CASHIER_SHARE and (cashier := self.cashiers.take(rng)) is not None:
            await self._run(self.at_the_till, cashier, self.cashiers)
        elif self.newcomers and rng.random() < SIGNUP_SHARE:
            await self._run(self.signup, self.newcomers.pop(), None)
        elif (customer := self.customers.take(rng)) is not None:
            scenario = rng.choices(self._scenarios, self._weights)[0]
            await self._run(scenario, customer, self.customers)
        else:
            return False
        return True

    async def _run(self, scenario: Callable[[Visit], Awaitable[None]], user_id: int, pool: Pool | None) -> None:
        self.figures.visits += 1
        try:
            await scenario(Visit(self, user_id))
        except Aborted:
            pass
        finally:
            if pool is not None:
                pool.release(user_id)

    async def _tidy(self) -> None:
        """Keep the fake server's records short: it remembers every call and message, a soak sends millions."""
        while True:
            await asyncio.sleep(5)
            state = self.api.state
            state.calls.clear()
            for chat in state.chats.values():
                del chat.messages[:-KEEP_MESSAGES]
                del chat.callback_answers[:-KEEP_MESSAGES]
                for message_id in list(chat.incoming)[:-KEEP_MESSAGES]:
                    del chat.incoming[message_id]
