"""Filters that route by who is talking: joining (and at which step), a member, a member action.

Every filter here is async on purpose: aiogram runs a plain callable filter (a magic `F.…` filter, or a bare
`State` used as a filter) in a worker thread, a costly hop on every update that reaches it. Handlers put
these async filters first, and match states with `StateFilter(...)`, never with a bare `State`.
"""

from __future__ import annotations

from aiogram import Bot
from aiogram.filters import Filter
from aiogram.types import Message, TelegramObject

from locales import Translator
from loyalty.signup import SignupStep, next_step
from models import Member, SignupDraft


class Joining(Filter):
    """A user who has started signing up and whose next question is `step`."""

    def __init__(self, step: SignupStep) -> None:
        self.step = step

    async def __call__(self, event: TelegramObject, member: Member | None, draft: SignupDraft | None) -> bool:
        return member is None and draft is not None and next_step(draft) == self.step


class IsMember(Filter):
    """An active member (blocked members are told so by the fallback and can do nothing else)."""

    async def __call__(self, event: TelegramObject, member: Member | None) -> bool:
        return member is not None and member.status == "active"


class Action(Filter):
    """A member action: its command (`/balance`, `/balance@ourbot`, arguments allowed) or its menu button's text
    in any language.

    Why not aiogram's Command filter OR'ed with a button check: these guard the handlers every chat update tries
    first, and Command parses the text anew for each handler it guards. This is one string check; like Command
    it is case-sensitive and reads a caption when there is no text.
    """

    def __init__(self, command: str, button: str) -> None:
        self.command, self.button = command, button

    async def __call__(self, message: Message, translator: Translator, bot: Bot) -> bool:
        text = message.text or message.caption
        if not text:
            return False
        if not text.startswith("/"):
            return text in translator.variants(self.button)
        name, _, mention = text.split(maxsplit=1)[0][1:].partition("@")
        if name != self.command:
            return False
        return not mention or mention.lower() == ((await bot.me()).username or "").lower()
