"""A running sandbox (fake Bot API server, real bot, chat page) on free loopback ports, per test."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.middlewares import ThrottleMiddleware
from bot.sandbox import Sandbox, open_sandbox
from bot.settings import EXAMPLE_CLUB_CONFIG, Settings


@pytest.fixture
async def sandbox() -> AsyncIterator[Sandbox]:
    # No database_url: the sandbox makes its own fresh SQLite file, as `bashgah run` does on a fresh clone.
    settings = Settings(_env_file=None, club_config=EXAMPLE_CLUB_CONFIG, http_host="127.0.0.1")  # type: ignore[call-arg]
    # Tests tap faster than a person: the production flood control would ask them to slow down.
    async with open_sandbox(settings, port=0, throttle=ThrottleMiddleware(rate=10_000, period=1)) as running:
        yield running
        # The fake server answers exactly as Telegram would, so any refused call is a bug in the bot (or the fake).
        failed = [(call.method, call.params, call.error) for call in running.api.calls if call.error is not None]
        assert failed == []
