"""Who may use which staff command: the role filter, and the gate that refuses everyone else politely."""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

from aiogram import Router
from aiogram.filters import Filter
from aiogram.types import CallbackQuery, Message, TelegramObject, User

from locales import Texts
from loyalty.club import Club
from loyalty.staff import STAFF_COMMANDS, may, staff_role

log = logging.getLogger(__name__)
router = Router(name=__name__)


async def role_of(data: dict[str, Any]) -> str | None:
    """The sender's staff role, looked up at most once per update (several staff routers may ask)."""
    memo: dict[str, str | None] = data["role_memo"]
    if "role" not in memo:
        user: User | None = data.get("event_from_user")
        club: Club = data["club"]
        lookup = partial(staff_role, config=club.config, platform=data["platform"], user_id=user.id) if user else None
        memo["role"] = None if lookup is None else await club.db.read(lookup)
    return memo["role"]


class HasRole(Filter):
    """Staff with at least `needed`; passes their `role` on to the handler."""

    def __init__(self, needed: str) -> None:
        self.needed = needed

    async def __call__(self, event: TelegramObject, **data: Any) -> bool | dict[str, Any]:
        role = await role_of(data)
        return {"role": role} if may(role, self.needed) else False


def _command(message: Message) -> str | None:
    text = message.text or message.caption or ""
    if not text.startswith("/"):
        return None
    return text[1:].split(maxsplit=1)[0].split("@", 1)[0].lower() if len(text) > 1 else None


class RefusedStaffCommand(Filter):
    """A staff command from someone whose role is too low for it."""

    async def __call__(self, message: Message, **data: Any) -> bool | dict[str, Any]:
        command = _command(message)
        if command not in STAFF_COMMANDS:
            return False
        role = await role_of(data)
        return False if may(role, STAFF_COMMANDS[command]) else {"command": command, "role": role}


@router.message(RefusedStaffCommand())
async def refuse(message: Message, command: str, role: str | None, platform: str, t: Texts) -> None:
    user_id = message.from_user.id if message.from_user else None
    log.warning("staff.refused", extra={"command": command, "role": role, "platform": platform, "user_id": user_id})
    await message.answer(t("staff-refused") if role is None else t("staff-role-too-low"))


async def refuse_button(query: CallbackQuery, t: Texts) -> None:
    """For staff buttons pressed by someone without the role (a forwarded or forged button)."""
    await query.answer(t.plain("staff-refused"), show_alert=True)
