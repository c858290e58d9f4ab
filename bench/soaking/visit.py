"""One visit: a user acting and waiting for the bot."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any

from bench.soaking.tracking import REPLIES, Reply
from bot.fakebotapi import BotMessage, CallbackAnswer
from bot.fakebotapi.markup import inline_buttons
from loyalty.codes import ALPHABET, CODE_LENGTH
from loyalty.parsing import normalize_digits

if TYPE_CHECKING:  # a visit belongs to a soak, whose scenarios make visits
    from bench.soaking.traffic import Soak

VOUCHER_CODE = re.compile(rf"\b[{ALPHABET}]{{{CODE_LENGTH}}}\b")


class Aborted(Exception):
    """The visit cannot go on: the bot did not answer in time, or did not show what it should have."""


class Visit:
    def __init__(self, soak: Soak, user_id: int) -> None:
        self.soak = soak
        self.user = soak.api.user(user_id)
        self.inbox = soak.tracker.inbox(user_id)
        self.mark = max((message.message_id for message in self.user.chat.messages), default=0)
        self.since = 0
        self.query_id = ""

    async def act(self, label: str, action: Coroutine[Any, Any, object], query: bool = False) -> Reply:
        """Queue one update and wait for the bot's first answer to it (a message, an edit, a query answer)."""
        self.since, started = self.inbox.seq, time.perf_counter()
        await action  # wait=False: queued, no await inside, so the query id below is this press's
        wanted: Callable[[Reply], bool] = lambda reply: reply.method in REPLIES  # noqa: E731
        if query:
            query_id = self.query_id = next(reversed(self.soak.api.state.pending_queries))
            self.soak.tracker.queries[query_id] = self.user.id
            wanted = lambda reply: reply.query_id == query_id  # noqa: E731
        self.soak.figures.updates += 1
        reply = await self.inbox.next(self.since, wanted, self.soak.timeout)
        if reply is None:
            self.soak.figures.unanswered[label] += 1
            raise Aborted(label)
        self.soak.figures.answered(label, started, reply.at - started)
        return reply

    async def say(self, text: str, label: str) -> None:
        await self.act(label, self.user.send(text, wait=False))

    async def reply_button(self, index: int, label: str) -> None:
        keyboard = self.user.reply_keyboard
        if len(keyboard) <= index:
            self.soak.figures.missing[label] += 1
            raise Aborted(label)
        await self.act(label, self.user.press_reply(str(keyboard[index]["text"]), wait=False))

    async def tap(
        self, message: BotMessage, data: str, label: str, then: frozenset[str] | None = None
    ) -> CallbackAnswer | None:
        """Press an inline button; with `then`, also wait for the edit or message the press brings."""
        await self.act(label, self.user.press(data, message, wait=False), query=True)
        if then is not None:
            await self.follow(then, label)
        return next((answer for answer in self.user.callback_answers if answer.query_id == self.query_id), None)

    async def follow(self, methods: frozenset[str], label: str) -> None:
        if await self.inbox.next(self.since, lambda reply: reply.method in methods, self.soak.timeout) is None:
            self.soak.figures.missing[label] += 1
            raise Aborted(label)

    def find(self, prefix: str, *, fresh: bool = True, text: str = "") -> tuple[BotMessage, list[str]] | None:
        """The newest message with buttons whose callback data starts with `prefix` (and whose text has `text`)."""
        for message in reversed(self.user.messages):
            if fresh and message.message_id <= self.mark:
                break
            data = [
                str(button["callback_data"])
                for button in inline_buttons(message.reply_markup)
                if str(button.get("callback_data", "")).startswith(prefix)
                and text in normalize_digits(str(button["text"]))
            ]
            if data:
                return message, data
        return None

    async def buttons(self, prefix: str, label: str) -> tuple[BotMessage, list[str]]:
        """Like `find`, waiting for the bot to show them."""
        while True:
            seen = self.inbox.seq
            found = self.find(prefix)
            if found is not None:
                return found
            if await self.inbox.next(seen, lambda reply: True, self.soak.timeout) is None:
                self.soak.figures.missing[label] += 1
                raise Aborted(label)

    def expect(self, texts: str | frozenset[str], label: str) -> None:
        """The bot's newest message says this (any of these): a wrong answer counts as missing."""
        shown = normalize_digits(self.user.last.text or "")
        if not any(text in shown for text in ([texts] if isinstance(texts, str) else texts)):
            self.soak.figures.missing[label] += 1
            raise Aborted(label)

    def voucher_code(self) -> str | None:
        photo = next((m for m in reversed(self.user.messages) if m.kind == "photo"), None)
        found = VOUCHER_CODE.search(normalize_digits(photo.text or "")) if photo else None
        return found[0] if found else None
