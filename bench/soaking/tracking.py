"""What the fake server saw the bot do, per chat: the replies a visit waits for, and when they came."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass

from bot.fakebotapi import ApiCall
from locales import Translator

SENDS = frozenset({"sendMessage", "sendPhoto", "sendDocument"})
EDITS = frozenset({"editMessageText", "editMessageCaption", "editMessageReplyMarkup"})
REPLIES = SENDS | EDITS


@dataclass(frozen=True)
class Reply:
    seq: int
    method: str
    at: float
    query_id: str | None


class Inbox:
    """The bot's recent calls addressed to one chat, for a visit waiting on them."""

    def __init__(self) -> None:
        self.seq = 0
        self.replies: deque[Reply] = deque(maxlen=32)
        self._changed = asyncio.Event()

    def add(self, method: str, at: float, query_id: str | None) -> None:
        self.seq += 1
        self.replies.append(Reply(self.seq, method, at, query_id))
        self._changed.set()
        self._changed = asyncio.Event()

    async def next(self, since: int, wanted: Callable[[Reply], bool], seconds: float) -> Reply | None:
        """The first reply after `since` that is `wanted`, waiting up to `seconds` for it."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        while True:
            found = next((reply for reply in self.replies if reply.seq > since and wanted(reply)), None)
            remaining = deadline - loop.time()
            if found is not None or remaining <= 0:
                return found
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), remaining)


class Tracker:
    """Listens to every Bot API call the fake server handles (FakeBotAPI.listeners)."""

    def __init__(self, translator: Translator) -> None:
        self.inboxes: dict[int, Inbox] = {}
        self.queries: dict[str, int] = {}  # callback query id -> the user who pressed
        self.apologies = translator.variants("error-internal")
        self.too_fast = translator.variants("error-too-fast")
        self.apologised = self.throttled = 0
        self.api_errors: Counter[str] = Counter()

    def inbox(self, chat_id: int) -> Inbox:
        inbox = self.inboxes.get(chat_id)
        if inbox is None:
            inbox = self.inboxes[chat_id] = Inbox()
        return inbox

    def __call__(self, call: ApiCall) -> None:
        if call.method == "getUpdates":
            return
        at = time.perf_counter()
        if call.error is not None:
            self.api_errors[f"{call.method}: {call.error.description}"] += 1
            return
        text = call.params.get("text")
        self.apologised += text in self.apologies
        self.throttled += text in self.too_fast
        query_id = None
        if call.method == "answerCallbackQuery":
            query_id = str(call.params.get("callback_query_id"))
            chat = self.queries.pop(query_id, None)
        elif call.method in REPLIES:
            chat = call.params.get("chat_id")
        else:
            return
        if chat is not None:
            self.inbox(int(chat)).add(call.method, at, query_id)
