"""Per-update context: flood control, the member and their texts, and a database session for handlers that read."""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any

from aiogram import BaseMiddleware
from aiogram.dispatcher.event.handler import HandlerObject
from aiogram.types import TelegramObject, Update, User
from aiolimiter import AsyncLimiter

from bot.metrics import THROTTLED, UPDATE_ERRORS, UpdateMeter
from locales import Translator
from loyalty.accounts import Account, account_of
from loyalty.club import Club
from loyalty.contacts import mark_reachable
from loyalty.errors import LoyaltyError
from loyalty.parsing import InvalidInput
from models import Member, SignupDraft

log = logging.getLogger(__name__)

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]
NOBODY = Account(None, False, None)  # an update with no user (a channel post, say)


def platform_of(bot: object) -> str:
    """The messenger a bot serves (`ClubBot.platform`); a plain aiogram Bot is taken for Telegram."""
    return str(getattr(bot, "platform", "telegram"))


class ThrottleMiddleware(BaseMiddleware):
    """Drops a user's updates beyond `rate` per `period` seconds, so one flooding user cannot slow others.

    Limiters live in this process (a bounded LRU): with several workers each enforces its own share, which
    is enough to stop a flood without a Redis round trip on every update.
    """

    def __init__(self, rate: float = 8, period: float = 4, max_users: int = 20_000) -> None:
        self.rate, self.period, self.max_users = rate, period, max_users
        self._limiters: OrderedDict[tuple[str, int], AsyncLimiter] = OrderedDict()
        self._warned: set[tuple[str, int]] = set()

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        user: User | None = data.get("event_from_user")
        if user is None:
            return await handler(event, data)
        key = (platform_of(data["bot"]), user.id)
        limiter = self._limiter(key)
        if limiter.has_capacity():
            await limiter.acquire()
            self._warned.discard(key)
            return await handler(event, data)
        log.info("update.throttled", extra={"platform": key[0], "user_id": user.id})
        THROTTLED.labels(key[0]).inc()
        if key not in self._warned:
            self._warned.add(key)
            translator: Translator = data["translator"]
            club: Club = data["club"]
            lang = _language(club, None, None, user)
            await data["bot"].send_message(user.id, translator.text(lang, "error-too-fast"))
        return None

    def _limiter(self, key: tuple[str, int]) -> AsyncLimiter:
        limiter = self._limiters.get(key)
        if limiter is None:
            limiter = self._limiters[key] = AsyncLimiter(self.rate, self.period)
            if len(self._limiters) > self.max_users:
                old, _ = self._limiters.popitem(last=False)
                self._warned.discard(old)
        else:
            self._limiters.move_to_end(key)
        return limiter


class ContextMiddleware(BaseMiddleware):
    """Loads who is talking (one read unit, `loyalty.accounts`).

    Handlers receive `platform`, `member` (None before joining), `draft` (an unfinished signup) and `t`
    (their texts); `session` comes from SessionMiddleware. Staff roles are looked up only by the staff
    handlers' filter, not on every customer update.

    It also feeds the update metrics (bot.metrics): one counter and one timer per update, errors when raised.
    """

    def __init__(self) -> None:
        self.meter = UpdateMeter()

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        started = time.perf_counter()
        club: Club = data["club"]
        translator: Translator = data["translator"]
        user: User | None = data.get("event_from_user")
        platform = platform_of(data["bot"])
        counter, timer = self.meter.of(platform, event.event_type if isinstance(event, Update) else "other")
        counter.inc()
        try:
            account = (
                NOBODY if user is None else await club.db.read(partial(account_of, platform=platform, user_id=user.id))
            )
            if user is not None and account.unreachable:  # they write to us again (Bale sends no unblock)
                await mark_reachable(club, platform, user.id)
            member, draft = account.member, account.draft
            lang = _language(club, member, draft, user)
            calendar = member.calendar if member is not None else None
            data.update(
                platform=platform,
                member=member,
                draft=draft,
                role_memo={},  # filled by the staff filters, once per update, only if one asks
                t=translator.club_texts(club.config.club, lang, calendar),
            )
            return await handler(event, data)
        except Exception as error:
            refused = isinstance(error, LoyaltyError | InvalidInput)  # told to the member, not a bug
            UPDATE_ERRORS.labels(platform, "refused" if refused else "failed").inc()
            raise
        finally:
            timer.observe(time.perf_counter() - started)


class SessionMiddleware(BaseMiddleware):
    """Gives a handler that asks for `session` one for its reads: committed on success, rolled back on error.

    An inner middleware, so it runs once a handler has matched and only opens a session for a handler that
    names one: most updates (the member's own actions) read through `Database.read` and never need it, and
    building an AsyncSession per update costs more than those reads.
    """

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        wanted: HandlerObject = data["handler"]
        if "session" not in wanted.params and not wanted.varkw:
            return await handler(event, data)
        club: Club = data["club"]
        # Not `async with`: closing an AsyncSession that way costs a task, and a session whose reads were
        # committed holds nothing to close.
        session = data["session"] = club.db.quick_sessions()
        try:
            result = await handler(event, data)
            if session.in_transaction():
                await session.commit()
            return result
        finally:
            if session.in_transaction():  # the handler (or the commit) failed: roll back
                await session.close()


def _language(club: Club, member: Member | None, draft: SignupDraft | None, user: User | None) -> str:
    offered = club.config.club.languages
    for candidate in (
        member.language if member else None,
        draft.language if draft else None,
        user.language_code if user else None,
    ):
        if candidate in offered:
            return str(candidate)
    return club.config.club.default_language
