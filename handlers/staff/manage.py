"""Admin tools on one member: adjust points, block and unblock."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.notifier import Notifier
from handlers.staff.access import HasRole
from locales import Texts
from loyalty.adjustments import adjust_balance
from loyalty.club import Club
from loyalty.members import find_member, member_number
from loyalty.parsing import parse_points
from loyalty.profile import set_blocked
from loyalty.staff import actor_id

router = Router(name=__name__)
router.message.filter(HasRole("admin"))


@router.message(Command("adjust"))
async def adjust_command(
    message: Message,
    command: CommandObject,
    session: AsyncSession,
    club: Club,
    notifier: Notifier,
    platform: str,
    t: Texts,
) -> None:
    parts = (command.args or "").split(maxsplit=2)
    if len(parts) < 3:
        await message.answer(t("adjust-usage"))
        return
    member = await find_member(session, parts[0], country=club.config.club.country)
    delta = parse_points(parts[1], signed=True)
    assert message.from_user is not None
    result = await adjust_balance(
        club,
        member_id=member.id,
        delta=delta,
        reason=parts[2][:200],
        actor=actor_id(platform, message.from_user.id),
        idempotency_key=f"chat:{platform}:{message.chat.id}:{message.message_id}",
    )
    number = t.digits(member_number(member.id))
    await message.answer(
        t(
            "adjust-done",
            number=number,
            delta=f"{'+' if delta > 0 else '−'}{t.number(abs(delta))}",
            balance=result.balance,
        )
    )
    if not result.replayed:
        await notifier.tell_member(
            member.id,
            lambda texts: texts(
                "notify-adjusted",
                delta=f"{'+' if delta > 0 else '−'}{texts.number(abs(delta))}",
                balance=result.balance,
                reason=parts[2][:200],
            ),
        )


@router.message(Command("block", "unblock"))
async def block_command(
    message: Message, command: CommandObject, session: AsyncSession, club: Club, platform: str, t: Texts
) -> None:
    if not command.args:
        await message.answer(t("block-usage"))
        return
    member = await find_member(session, command.args, country=club.config.club.country)
    blocked = command.command == "block"
    assert message.from_user is not None
    changed = await set_blocked(club, member.id, blocked=blocked, actor=actor_id(platform, message.from_user.id))
    number = t.digits(member_number(member.id))
    key = ("block-done" if blocked else "unblock-done") if changed else "block-unchanged"
    await message.answer(t(key, number=number))
