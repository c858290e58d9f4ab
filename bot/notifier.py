"""Messages the club starts (purchase news, scheduled greetings, campaigns) rather than replies to an update.

A member is reached in the chats of their linked messenger accounts; a send that the messenger refuses for good
(403: the user blocked the bot or deleted their account) marks that account unreachable, and later sends skip
it. Rate limiting and 429 back-off belong to the caller that sends in bulk (the campaign outbox).
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramForbiddenError, TelegramRetryAfter
from aiogram.types import BufferedInputFile, InlineKeyboardMarkup

from locales import Texts, Translator
from loyalty.club import Club
from loyalty.contacts import MemberChat, mark_unreachable, member_chats

log = logging.getLogger(__name__)


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


class Notifier:
    """Sends to members through the bot of each messenger they use."""

    def __init__(self, club: Club, bots: Mapping[str, Bot], translator: Translator) -> None:
        self.club, self.bots, self.translator = club, bots, translator

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
                await bot.send_photo(chat.chat_id, picture, caption=text, reply_markup=keyboard)
            else:
                await bot.send_message(chat.chat_id, text, reply_markup=keyboard)
        except TelegramRetryAfter as error:
            return SendResult(Outcome.RETRY, retry_after=float(error.retry_after), error="429")
        except TelegramForbiddenError:
            await mark_unreachable(self.club, chat.platform, chat.user_id)
            log.info("notify.blocked", extra={"platform": chat.platform, "member_id": chat.member_id})
            return SendResult(Outcome.BLOCKED, error="403")
        except TelegramAPIError as error:
            log.warning("notify.failed", extra={"platform": chat.platform, "error": type(error).__name__})
            return SendResult(Outcome.FAILED, error=type(error).__name__)
        return SendResult(Outcome.SENT)

    async def tell_member(
        self,
        member_id: int,
        render: Callable[[Texts], str],
        keyboard: Callable[[Texts], InlineKeyboardMarkup] | None = None,
    ) -> bool:
        """Send `render(texts)` (and buttons) to every reachable chat of the member, in their language; True if
        one got it."""
        async with self.club.db.quick_sessions() as session:
            chats = await member_chats(session, member_id)
        delivered = False
        for chat in chats:
            texts = self.texts_for(chat.language, chat.calendar)
            buttons = keyboard(texts) if keyboard is not None else None
            delivered |= (await self.send(chat, render(texts), keyboard=buttons)).outcome is Outcome.SENT
        return delivered
