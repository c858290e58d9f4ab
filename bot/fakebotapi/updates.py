"""The update queue behind getUpdates, and the confirmation tracking that makes `settle()` deterministic."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from bot.fakebotapi.errors import ApiError

# Telegram's default when allowed_updates was never given: everything except these.
_OPT_IN_ONLY = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
# The only update types Bale sends (no my_chat_member: a bot learns it was blocked from a 403).
BALE_UPDATES = frozenset({"message", "edited_message", "callback_query", "pre_checkout_query"})


class Signal:
    """Wakes every waiter on each change; waiters re-check their own condition (no lost wake-ups)."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def notify(self) -> None:
        """Wake everyone currently waiting."""
        self._event.set()
        self._event = asyncio.Event()

    async def wait_until(self, predicate: Callable[[], bool], seconds: float) -> bool:
        """Wait until `predicate()` holds or `seconds` pass; returns the predicate's final value."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        while not predicate():
            remaining = deadline - loop.time()
            if remaining <= 0:
                return False
            event = self._event
            try:
                await asyncio.wait_for(event.wait(), remaining)
            except TimeoutError:
                return predicate()
        return True


class UpdateQueue:
    """Unconfirmed updates with Telegram's getUpdates semantics (offset confirms, long polling, allowed_updates)."""

    def __init__(self, supported: frozenset[str] | None = None) -> None:
        self.supported = supported
        """The update types this messenger has at all (None: every Telegram type)."""
        self.pending: list[dict[str, Any]] = []
        self.dropped: list[dict[str, Any]] = []
        self.allowed: frozenset[str] | None = None
        self.confirmed_through = 0
        self.closed = False
        self.waiting = 0
        self._last_id = 0
        self._generation = 0
        self._signal = Signal()

    @property
    def last_id(self) -> int:
        """The id of the newest update ever queued (0 before the first)."""
        return self._last_id

    def accepts(self, kind: str) -> bool:
        """Whether the messenger has this kind of update and the bot's allowed_updates lets it through."""
        if self.supported is not None and kind not in self.supported:
            return False
        if self.allowed is None:
            return kind not in _OPT_IN_ONLY
        return kind in self.allowed

    def push(self, kind: str, payload: dict[str, Any]) -> int | None:
        """Queue an update; returns its update_id, or None when allowed_updates filters it out as Telegram does."""
        if not self.accepts(kind):
            self.dropped.append({kind: payload})
            return None
        self._last_id += 1
        self.pending.append({"update_id": self._last_id, kind: payload})
        self._signal.notify()
        return self._last_id

    def confirm(self, offset: int) -> None:
        """Forget every update below `offset`; a negative offset keeps only the last -offset updates."""
        if offset < 0:
            keep = self.pending[offset:]
            offset = keep[0]["update_id"] if keep else self._last_id + 1
        self.pending = [update for update in self.pending if update["update_id"] >= offset]
        if offset - 1 > self.confirmed_through:
            self.confirmed_through = min(offset - 1, self._last_id)
            self._signal.notify()

    def wake(self) -> None:
        """Wake every waiter to re-check its condition (e.g. the webhook changed)."""
        self._signal.notify()

    async def wait_for(self, predicate: Callable[[], bool], seconds: float) -> bool:
        """Wait until `predicate()` holds (re-checked on every change) or `seconds` pass."""
        return await self._signal.wait_until(predicate, seconds)

    def drop_pending(self) -> None:
        """deleteWebhook(drop_pending_updates=True): everything queued counts as confirmed."""
        self.confirm(self._last_id + 1)

    async def get(
        self, offset: int | None, limit: int, poll_seconds: float, allowed: list[str] | None
    ) -> list[dict[str, Any]]:
        """One getUpdates call: confirm, then answer at once or long-poll up to `poll_seconds`."""
        if allowed is not None:
            # An empty list means Telegram's default, not "nothing".
            self.allowed = frozenset(allowed) if allowed else None
        if offset is not None:
            self.confirm(offset)
        # A newer getUpdates terminates the older one with 409, as Telegram does for two pollers.
        self._generation += 1
        generation = self._generation
        self.waiting += 1
        self._signal.notify()
        try:
            await self._signal.wait_until(
                lambda: bool(self.pending) or self.closed or generation != self._generation, max(poll_seconds, 0)
            )
        finally:
            self.waiting -= 1
        if generation != self._generation:
            raise ApiError(
                409, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"
            )
        return [] if self.closed else self.pending[: max(1, min(limit, 100))]

    async def settle(self, within: float) -> None:
        """Return once every update queued so far is confirmed; raise TimeoutError naming what is stuck."""
        target = self._last_id
        await self._signal.wait_until(lambda: self.confirmed_through >= target or self.closed, within)
        if self.confirmed_through >= target:
            return
        stuck = [update["update_id"] for update in self.pending if update["update_id"] <= target]
        raise TimeoutError(
            f"updates {stuck} were not confirmed within {within}s: is the bot polling, or is a handler stuck?"
        )

    async def wait_for_poll(self, within: float) -> None:
        """Return once a getUpdates call is waiting for updates (the bot is idle and online)."""
        if not await self._signal.wait_until(lambda: self.waiting > 0, within):
            raise TimeoutError(f"no getUpdates long poll arrived within {within}s")

    def close(self) -> None:
        """Release every long poll and settle so the server can shut down promptly."""
        self.closed = True
        self._signal.notify()
