"""Cashier tools besides purchases: redeem a voucher, look a member up."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command, CommandObject, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.notifier import Notifier
from handlers.customer.rewards import title_of
from handlers.qr import member_in, read_code
from handlers.staff.access import HasRole
from locales import Texts
from loyalty.club import Club
from loyalty.members import find_member, member_number
from loyalty.parsing import mask_phone
from loyalty.profile import recent_purchases
from loyalty.rewards import redeem_voucher
from loyalty.staff import actor_id
from models import Member

router = Router(name=__name__)
router.message.filter(HasRole("cashier"))


class TillForm(StatesGroup):
    voucher = State()
    member = State()


@router.message(Command("redeem"))
async def redeem_command(
    message: Message,
    command: CommandObject,
    state: FSMContext,
    bot: Bot,
    club: Club,
    notifier: Notifier,
    platform: str,
    t: Texts,
) -> None:
    if not command.args:
        await state.set_state(TillForm.voucher)
        await message.answer(t("redeem-ask-code"))
        return
    await _redeem(message, command.args, club, notifier, platform, t)


@router.message(StateFilter(TillForm.voucher), F.text | F.photo)
async def redeem_code(
    message: Message, state: FSMContext, bot: Bot, club: Club, notifier: Notifier, platform: str, t: Texts
) -> None:
    code = await read_code(message, bot)
    await state.clear()
    await _redeem(message, code, club, notifier, platform, t)


async def _redeem(message: Message, code: str, club: Club, notifier: Notifier, platform: str, t: Texts) -> None:
    assert message.from_user is not None
    user_id = message.from_user.id
    result = await redeem_voucher(club, code=code, actor=actor_id(platform, user_id), account=(platform, user_id))
    title = title_of(result.title, t)
    await message.answer(
        t("redeem-done", code=result.code, title=title, number=t.digits(member_number(result.member_id)))
    )
    await notifier.tell_member(
        result.member_id,
        lambda texts: texts("notify-voucher-used", code=result.code, title=title_of(result.title, texts)),
    )


@router.message(Command("member"))
async def member_command(
    message: Message, command: CommandObject, state: FSMContext, session: AsyncSession, club: Club, t: Texts
) -> None:
    if not command.args:
        await state.set_state(TillForm.member)
        await message.answer(t("member-ask"))
        return
    member = await find_member(session, command.args, country=club.config.club.country)
    await _show_member(message, member, club, session, t)


@router.message(StateFilter(TillForm.member), F.text | F.photo)
async def member_query(
    message: Message, state: FSMContext, bot: Bot, session: AsyncSession, club: Club, t: Texts
) -> None:
    member = await member_in(message, bot, session, club)
    await state.clear()
    await _show_member(message, member, club, session, t)


async def _show_member(message: Message, member: Member, club: Club, session: AsyncSession, t: Texts) -> None:
    config = club.config
    lines = [
        t(
            "member-card",
            number=t.digits(member_number(member.id)),
            name=member.name or "",
            phone=mask_phone(member.phone) if member.phone else "",
            tier=config.tier(member.tier).name.get(t.lang),
            balance=member.balance,
            status=t.plain(f"member-status-{member.status}"),
            joined=t.date(member.joined_at),
        )
    ]
    purchases = await recent_purchases(session, member.id)
    lines.append(t("member-purchases") if purchases else t("member-no-purchases"))
    currency = t.currency(config.club.currency)
    for purchase in purchases:
        lines.append(
            t(
                "member-purchase",
                date=t.date(purchase.created_at),
                amount=t.number(purchase.amount),
                currency=currency,
                points=purchase.points,
            )
        )
    await message.answer("\n".join(lines))
