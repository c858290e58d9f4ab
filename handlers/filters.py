"""Filters that route by who is talking: joining (and at which step), a member, a menu button press.

Every filter here is async on purpose: aiogram runs a plain callable filter (a magic `F.…` filter, or a bare
`State` used as a filter) in a worker thread, a costly hop on every update that reaches it. Handlers put
these async filters first, and match states with `StateFilter(...)`, never with a bare `State`.
"""

from __future__ import annotations

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


class MenuButton(Filter):
    """The text of a reply-keyboard button, in whichever language the keyboard was drawn."""

    def __init__(self, key: str) -> None:
        self.key = key

    async def __call__(self, message: Message, translator: Translator) -> bool:
        return message.text is not None and message.text in translator.variants(self.key)
