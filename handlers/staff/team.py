"""The owner's team: `/staff` lists, adds and removes admins and cashiers; `/myid` tells anyone their id."""

from __future__ import annotations

from aiogram import Bot, Router
from aiogram.filters import Command, CommandObject
from aiogram.types import Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.commands import publish_staff_commands
from handlers.staff.access import HasRole
from locales import Texts, Translator
from loyalty.club import Club
from loyalty.parsing import InvalidAmount, parse_points
from loyalty.staff import ASSIGNABLE_ROLES, actor_id, list_staff, remove_staff, set_staff

router = Router(name=__name__)


@router.message(Command("myid"))
async def my_id(message: Message, t: Texts) -> None:
    assert message.from_user is not None
    await message.answer(t("my-id", id=str(message.from_user.id)))


@router.message(Command("staff"), HasRole("owner"))
async def staff_command(
    message: Message,
    command: CommandObject,
    bot: Bot,
    session: AsyncSession,
    club: Club,
    platform: str,
    t: Texts,
    translator: Translator,
) -> None:
    args = (command.args or "").split(maxsplit=3)
    assert message.from_user is not None
    actor = actor_id(platform, message.from_user.id)
    if not args:
        team = await list_staff(session, club.config, platform)
        lines = [t("staff-title")] + [
            t("staff-line", id=str(member.user_id), role=t.plain(f"role-{member.role}"), name=member.name or "")
            for member in team
        ]
        await message.answer("\n".join(lines))
        return
    action = args[0].lower()
    try:
        user_id = parse_points(args[1]) if len(args) > 1 else None
    except InvalidAmount:
        user_id = None
    lang = club.config.club.default_language
    if action == "add" and user_id and len(args) >= 3 and args[2].lower() in ASSIGNABLE_ROLES:
        role = args[2].lower()
        name = args[3][:64] if len(args) > 3 else None
        await set_staff(club, platform=platform, user_id=user_id, role=role, name=name, actor=actor)
        await publish_staff_commands(bot, translator, user_id, role, lang)
        await message.answer(t("staff-added", id=str(user_id), role=t.plain(f"role-{role}")))
    elif action == "remove" and user_id and len(args) == 2:
        await remove_staff(club, platform=platform, user_id=user_id, actor=actor)
        await publish_staff_commands(bot, translator, user_id, None, lang)
        await message.answer(t("staff-removed", id=str(user_id)))
    else:
        await message.answer(t("staff-usage"))
