"""A member's taps on messages the till sent them: confirming a points payment, rating a purchase."""

from __future__ import annotations

import contextlib

from aiogram import Bot, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.types import CallbackQuery, Message

from bot.notifier import Notifier
from handlers.callbacks import AnswerPayment, RatePurchase
from handlers.filters import IsMember
from handlers.replies import edit_pressed
from handlers.staff.purchase import announce
from locales import Texts, Translator
from loyalty.club import Club
from loyalty.feedback import record_feedback
from loyalty.members import member_number
from loyalty.till import confirm_points_payment, decline_points_payment
from models import Member

router = Router(name=__name__)
router.callback_query.filter(IsMember())


@router.callback_query(AnswerPayment.filter())
async def answer_payment(
    query: CallbackQuery,
    callback_data: AnswerPayment,
    bot: Bot,
    club: Club,
    member: Member,
    notifier: Notifier,
    translator: Translator,
    t: Texts,
) -> None:
    staff_t = translator.club_texts(club.config.club)
    currency = club.config.club.currency
    number = staff_t.digits(member_number(member.id))
    if not callback_data.yes:
        payment = await decline_points_payment(club, payment_id=callback_data.payment_id, member_id=member.id)
        await query.answer()
        await edit_pressed(query, t("pay-declined"))
        await _tell_cashier(bot, payment.staff_chat_id, staff_t("pay-cashier-declined", number=number))
        return
    done = await confirm_points_payment(club, payment_id=callback_data.payment_id, member_id=member.id)
    await query.answer()
    await edit_pressed(
        query,
        t(
            "pay-done",
            points=done.points,
            discount=t.number(done.discount),
            currency=t.currency(currency),
            balance=done.balance,
        ),
    )
    await _tell_cashier(
        bot,
        done.staff_chat_id,
        staff_t(
            "pay-cashier-confirmed",
            number=number,
            points=done.points,
            discount=staff_t.number(done.discount),
            paid=staff_t.number(done.paid),
            currency=staff_t.currency(currency),
        ),
    )
    if done.purchase is not None:
        await announce(notifier, club, done.purchase)


async def _tell_cashier(bot: Bot, chat_id: int, text: str) -> None:
    with contextlib.suppress(TelegramAPIError):  # the member's answer stands either way
        await bot.send_message(chat_id, text)


@router.callback_query(RatePurchase.filter())
async def rate_purchase(
    query: CallbackQuery, callback_data: RatePurchase, club: Club, member: Member, t: Texts
) -> None:
    await record_feedback(club, member_id=member.id, purchase_id=callback_data.purchase_id, score=callback_data.score)
    await query.answer(t.plain("feedback-thanks"))
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)
