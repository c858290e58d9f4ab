"""Messages the club starts (purchase news, scheduled greetings, campaigns) rather than replies to an update.

A member is reached in the chats of their linked messenger accounts; a send that the messenger refuses for good
(403: the user blocked the bot or deleted their account) marks that account unreachable, and later sends skip
it. Rate limiting and 429 back-off belong to the caller that sends in bulk (the campaign outbox).

A message told at once (`tell_member`) waits out one short 429 and tries again. When it still reaches no chat
because the messenger failed for now (5xx, a timeout, a longer 429), a caller that passes `later` has it written
as a notice, which the outbox delivers with its own retries: purchase news is never lost to a messenger outage.
After a timeout the messenger may in fact have delivered the first try, so the member may then read it twice;
twice is better than never for news of their own points.
"""

from __future__ import annotations

import asyncio
import enum
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from aiogram import Bot
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.types import BufferedInputFile, InlineKeyboardMarkup
from sqlalchemy.exc import SQLAlchemyError

from locales import Texts, Translator
from loyalty.club import Club
from loyalty.contacts import MemberChat, mark_unreachable, member_chats
from loyalty.notices import owe_notice

log = logging.getLogger(__name__)

# A 429 telling us to wait longer than this is not waited out while the handler holds the chat: the message
# goes to the notices queue instead (when the caller gave `later`). Seconds; Telegram's per-chat waits are ~1 s.
RETRY_WAIT_MAX = 5.0
# Seconds one send may take. aiogram's default (60 s) would hold a cashier's update for a minute when the
# messenger stalls; a send that times out counts as failed (and is queued when the caller gave `later`).
SEND_TIMEOUT = 15


class Outcome(enum.StrEnum):
    SENT = "sent"
    BLOCKED = "blocked"  # the messenger refuses for good: do not try this chat again
    RETRY = "retry"  # rate limited: try again after `retry_after` seconds
    FAILED = "failed"  # anything else (network, 5xx, bad request): worth a later attempt


@dataclass(frozen=True)
class SendResult:
    outcome: Outcome
    retry_after: float | None = None
    error: str | None = None
    transient: bool = False  # the messenger may take it later (429, 5xx, network, timeout), unlike a 400


@dataclass(frozen=True)
class Later:
    """The notice to owe the member when a message cannot reach them now (see loyalty.notices for kinds, keys
    and how args are rendered)."""

    kind: str
    key: str
    args: dict[str, Any] = field(default_factory=dict)


class Notifier:
    """Sends to members through the bot of each messenger they use."""

    def __init__(self, club: Club, bots: Mapping[str, Bot], translator: Translator) -> None:
        self.club, self.bots, self.translator = club, bots, translator
        self.send_timeout: int = SEND_TIMEOUT  # seconds (aiogram takes whole seconds)
        self.retry_wait_max: float = RETRY_WAIT_MAX

    def texts_for(self, language: str, calendar: str | None) -> Texts:
        return self.translator.club_texts(self.club.config.club, language, calendar)

    async def send(
        self,
        chat: MemberChat,
        text: str,
        *,
        photo: bytes | str | None = None,
        keyboard: InlineKeyboardMarkup | None = None,
    ) -> SendResult:
        """Send one message to one chat and say how it went; never raises for messenger errors."""
        bot = self.bots.get(chat.platform)
        if bot is None:
            return SendResult(Outcome.FAILED, error="no bot for platform")
        try:
            if photo is not None:
                picture = BufferedInputFile(photo, "image.png") if isinstance(photo, bytes) else photo  # or file id/URL
                await bot.send_photo(
                    chat.chat_id, picture, caption=text, reply_markup=keyboard, request_timeout=self.send_timeout
                )
            else:
                await bot.send_message(chat.chat_id, text, reply_markup=keyboard, request_timeout=self.send_timeout)
        except TelegramRetryAfter as error:
            return SendResult(Outcome.RETRY, retry_after=float(error.retry_after), error="429", transient=True)
        except TelegramForbiddenError:
            await mark_unreachable(self.club, chat.platform, chat.user_id)
            log.info("notify.blocked", extra={"platform": chat.platform, "member_id": chat.member_id})
            return SendResult(Outcome.BLOCKED, error="403")
        except TelegramAPIError as error:
            log.warning("notify.failed", extra={"platform": chat.platform, "error": type(error).__name__})
            transient = isinstance(error, TelegramServerError | TelegramNetworkError)
            return SendResult(Outcome.FAILED, error=type(error).__name__, transient=transient)
        return SendResult(Outcome.SENT)

    async def tell_member(
        self,
        member_id: int,
        render: Callable[[Texts], str],
        keyboard: Callable[[Texts], InlineKeyboardMarkup] | None = None,
        *,
        later: Later | None = None,
    ) -> bool:
        """Send `render(texts)` (and buttons) to every reachable chat of the member, in their language; True if
        one got it. If none did because the messenger failed for now, `later` (when given) is owed instead."""
        try:
            async with self.club.db.quick_sessions() as session:
                chats = await member_chats(session, member_id)
        except (SQLAlchemyError, ConnectionRefusedError):
            # What is announced was committed before: a database failing now must not read as if it had not been.
            log.exception("notify.lookup_failed", extra={"member_id": member_id})
            return False
        delivered = transient = False
        for chat in chats:
            texts = self.texts_for(chat.language, chat.calendar)
            buttons = keyboard(texts) if keyboard is not None else None
            result = await self._send_waiting_once(chat, render(texts), buttons)
            delivered |= result.outcome is Outcome.SENT
            transient |= result.transient
        if not delivered and transient and later is not None:
            await self._owe(member_id, later)
        return delivered

    async def _send_waiting_once(
        self, chat: MemberChat, text: str, keyboard: InlineKeyboardMarkup | None
    ) -> SendResult:
        result = await self.send(chat, text, keyboard=keyboard)
        wait = result.retry_after if result.retry_after is not None else 1.0
        if result.outcome is Outcome.RETRY and wait <= self.retry_wait_max:
            log.info("notify.rate_limited", extra={"platform": chat.platform, "retry_after": wait})
            await asyncio.sleep(wait)
            result = await self.send(chat, text, keyboard=keyboard)
        return result

    async def _owe(self, member_id: int, later: Later) -> None:
        now = self.club.clock()
        try:
            await self.club.db.write(
                lambda connection: owe_notice(
                    connection, member_id=member_id, kind=later.kind, key=later.key, now=now, **later.args
                )
            )
        except SQLAlchemyError:  # what it announces is already committed: log, never fail the caller for this
            log.exception("notify.queue_failed", extra={"member_id": member_id, "kind": later.kind})
            return
        log.info("notify.queued", extra={"member_id": member_id, "kind": later.kind})
