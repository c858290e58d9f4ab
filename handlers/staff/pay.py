"""Paying with points: `/pay <member> <points> <amount> [receipt]` (or step by step) asks the member, who
confirms in their own chat; the cashier hears the answer. See loyalty.till."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, CommandObject, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy.ext.asyncio import AsyncSession

from bot.notifier import Notifier
from handlers.callbacks import AnswerPayment
from handlers.qr import member_in
from handlers.staff.access import HasRole
from handlers.staff.purchase import MAX_PURCHASE, MAX_RECEIPT
from locales import Texts
from loyalty.club import Club
from loyalty.members import find_member, member_number
from loyalty.parsing import parse_amount, parse_points
from loyalty.till import CONFIRM_WITHIN, request_points_payment

router = Router(name=__name__)
router.message.filter(HasRole("cashier"))


class PayForm(StatesGroup):
    member = State()
    points = State()
    amount = State()


@router.message(Command("pay"))
async def pay_command(
    message: Message,
    command: CommandObject,
    state: FSMContext,
    session: AsyncSession,
    club: Club,
    notifier: Notifier,
    platform: str,
    t: Texts,
) -> None:
    args = (command.args or "").split()
    if not args:
        await state.set_state(PayForm.member)
        await message.answer(t("purchase-ask-member"))
        return
    if len(args) not in (3, 4):
        await message.answer(t("pay-usage"))
        return
    member = await find_member(session, args[0], country=club.config.club.country)
    points = parse_points(args[1])
    amount = parse_amount(args[2], max_value=MAX_PURCHASE)
    receipt = args[3][:MAX_RECEIPT] if len(args) == 4 else None
    await _ask_member(message, club, notifier, platform, t, member.id, points, amount, receipt)


@router.message(StateFilter(PayForm.member), F.text | F.photo)
async def pay_member(message: Message, state: FSMContext, session: AsyncSession, club: Club, t: Texts) -> None:
    assert message.bot is not None
    member = await member_in(message, message.bot, session, club)
    await state.update_data(member_id=member.id)
    await state.set_state(PayForm.points)
    await message.answer(t("pay-ask-points", number=t.digits(member_number(member.id)), balance=member.balance))


@router.message(StateFilter(PayForm.points), F.text)
async def pay_points(message: Message, state: FSMContext, t: Texts) -> None:
    await state.update_data(points=parse_points(message.text or ""))
    await state.set_state(PayForm.amount)
    await message.answer(t("pay-ask-amount"))


@router.message(StateFilter(PayForm.amount), F.text)
async def pay_amount(
    message: Message, state: FSMContext, club: Club, notifier: Notifier, platform: str, t: Texts
) -> None:
    amount = parse_amount(message.text or "", max_value=MAX_PURCHASE)
    data = await state.get_data()
    await state.clear()
    await _ask_member(message, club, notifier, platform, t, data["member_id"], data["points"], amount, None)


async def _ask_member(
    message: Message,
    club: Club,
    notifier: Notifier,
    platform: str,
    t: Texts,
    member_id: int,
    points: int,
    amount: int,
    receipt: str | None,
) -> None:
    assert message.from_user is not None
    request = await request_points_payment(
        club,
        member_id=member_id,
        points=points,
        amount=amount,
        receipt=receipt,
        platform=platform,
        staff_user_id=message.from_user.id,
        staff_chat_id=message.chat.id,
        idempotency_key=f"{platform}:{message.chat.id}:{message.message_id}",
    )
    currency = club.config.club.currency
    minutes = int(CONFIRM_WITHIN.total_seconds() // 60)

    def buttons(texts: Texts) -> InlineKeyboardMarkup:
        builder = InlineKeyboardBuilder()
        builder.button(
            text=texts.plain("btn-pay-yes"), callback_data=AnswerPayment(payment_id=request.payment_id, yes=True)
        )
        builder.button(
            text=texts.plain("btn-pay-no"), callback_data=AnswerPayment(payment_id=request.payment_id, yes=False)
        )
        return builder.as_markup()

    delivered = await notifier.tell_member(
        member_id,
        lambda texts: texts(
            "pay-confirm-ask",
            points=request.points,
            discount=texts.number(request.discount),
            currency=texts.currency(currency),
            amount=texts.number(amount),
            minutes=minutes,
        ),
        keyboard=buttons,
    )
    key = "pay-waiting" if delivered else "pay-unreachable"
    await message.answer(t(key, number=t.digits(member_number(member_id)), points=request.points, minutes=minutes))
