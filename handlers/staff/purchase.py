"""Recording a purchase at the till: `/purchase <member> <amount> [receipt]`, or step by step.

The member may be given as member number, phone number, card QR payload, or a photo of the card's QR code.
Large amounts (config `earn.large_purchase_confirm`) ask for a tap first. The customer is told what they
earned, the referrer what they were paid, and a tier upgrade is announced once.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from aiogram import Bot, F, Router
from aiogram.filters import Command, CommandObject, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy.ext.asyncio import AsyncSession

from bot.notifier import Later, Notifier
from handlers.callbacks import ConfirmPurchase, RatePurchase
from handlers.qr import member_in
from handlers.replies import edit_pressed
from handlers.staff.access import HasRole
from locales import Texts
from loyalty.club import Club
from loyalty.members import find_member, member_number
from loyalty.parsing import parse_amount
from loyalty.purchases import PurchaseRequest, PurchaseResult, points_for, record_purchase
from loyalty.staff import actor_id
from models import Member

log = logging.getLogger(__name__)
router = Router(name=__name__)
router.message.filter(HasRole("cashier"))
router.callback_query.filter(HasRole("cashier"))

# Far above any till's purchase, far below what would overflow anything: a typo guard, in minor units.
MAX_PURCHASE = 10**13
MAX_RECEIPT = 64


class PurchaseForm(StatesGroup):
    member = State()
    amount = State()


@router.message(Command("purchase"))
async def purchase_command(
    message: Message,
    command: CommandObject,
    state: FSMContext,
    session: AsyncSession,
    club: Club,
    notifier: Notifier,
    t: Texts,
) -> None:
    args = (command.args or "").split()
    if not args:
        await state.set_state(PurchaseForm.member)
        await message.answer(t("purchase-ask-member"))
        return
    if len(args) == 1 or len(args) > 3:
        await message.answer(t("purchase-usage"))
        return
    member = await find_member(session, args[0], country=club.config.club.country)
    amount = parse_amount(args[1], max_value=MAX_PURCHASE)
    receipt = args[2][:MAX_RECEIPT] if len(args) == 3 else None
    await _record_or_confirm(message, state, club, notifier, t, member, amount, receipt)


@router.message(StateFilter(PurchaseForm.member), F.text | F.photo)
async def purchase_member(
    message: Message, bot: Bot, state: FSMContext, session: AsyncSession, club: Club, t: Texts
) -> None:
    member = await member_in(message, bot, session, club)
    await state.update_data(member_id=member.id)
    await state.set_state(PurchaseForm.amount)
    await message.answer(t("purchase-ask-amount", number=t.digits(member_number(member.id)), name=member.name or ""))


@router.message(StateFilter(PurchaseForm.amount), F.text)
async def purchase_amount(
    message: Message, state: FSMContext, session: AsyncSession, club: Club, notifier: Notifier, t: Texts
) -> None:
    amount = parse_amount(message.text or "", max_value=MAX_PURCHASE)
    member = await session.get(Member, (await state.get_data())["member_id"])
    if member is None:
        await state.clear()
        await message.answer(t("error-member-not-found"))
        return
    await _record_or_confirm(message, state, club, notifier, t, member, amount, None)


@router.callback_query(ConfirmPurchase.filter())
async def confirm_purchase(
    query: CallbackQuery, callback_data: ConfirmPurchase, state: FSMContext, club: Club, notifier: Notifier, t: Texts
) -> None:
    data = await state.get_data()
    pending = data.get("pending")
    if not pending or pending["key"] != callback_data.key:
        await query.answer(t.plain("button-expired"), show_alert=True)
        return
    await query.answer()
    result = await _record(club, query.from_user.id, data["platform"], pending)
    await state.clear()
    try:
        await edit_pressed(query, _receipt_text(club, t, result, pending["number"], pending["name"]))
    finally:  # the purchase is committed: the member hears of it even if the cashier's chat failed
        if not result.replayed:
            await announce(notifier, club, result)


async def _record_or_confirm(
    message: Message,
    state: FSMContext,
    club: Club,
    notifier: Notifier,
    t: Texts,
    member: Member,
    amount: int,
    receipt: str | None,
) -> None:
    platform = getattr(message.bot, "platform", "telegram")
    # The cashier's message identifies the request: a redelivered update records the purchase once.
    pending = {
        "member_id": member.id,
        "amount": amount,
        "receipt": receipt,
        "key": f"{message.chat.id}.{message.message_id}",
        "number": member_number(member.id),
        "name": member.name or "",
    }
    threshold = club.config.earn.large_purchase_confirm
    if threshold and amount >= threshold:
        await state.set_data({"pending": pending, "platform": platform})
        builder = InlineKeyboardBuilder()
        builder.button(text=t.plain("btn-confirm-purchase"), callback_data=ConfirmPurchase(key=pending["key"]))
        points = points_for(club.config, amount, club.config.tier(member.tier).multiplier_percent)
        currency = t.currency(club.config.club.currency)
        await message.answer(
            t(
                "purchase-confirm-large",
                amount=t.number(amount),
                currency=currency,
                points=points,
                name=pending["name"],
            ),
            reply_markup=builder.as_markup(),
        )
        return
    await state.clear()
    assert message.from_user is not None
    result = await _record(club, message.from_user.id, platform, pending)
    try:
        await message.answer(_receipt_text(club, t, result, pending["number"], pending["name"]))
    finally:  # the purchase is committed: the member hears of it even if the cashier's chat failed
        if not result.replayed:
            await announce(notifier, club, result)


async def _record(club: Club, staff_user_id: int, platform: str, pending: Mapping[str, Any]) -> PurchaseResult:
    request = PurchaseRequest(
        member_id=int(pending["member_id"]),
        amount=int(pending["amount"]),
        receipt=pending["receipt"],
        idempotency_key=str(pending["key"]),
        created_by=actor_id(platform, staff_user_id),
    )
    result = await record_purchase(club, request)
    log.info(
        "purchase.recorded", extra={"member_id": result.member_id, "points": result.points, "replayed": result.replayed}
    )
    return result


def _receipt_text(club: Club, t: Texts, result: PurchaseResult, number: object, name: object) -> str:
    lines = [
        t(
            "purchase-recorded",
            number=t.digits(number),
            name=str(name),
            amount=t.number(result.amount),
            currency=t.currency(club.config.club.currency),
            points=result.points,
            balance=result.balance,
            tier=club.config.tier(result.tier).name.get(t.lang),
        )
    ]
    if result.replayed:
        lines.append(t("purchase-replayed"))
    if result.tier_change is not None and result.tier_change.is_upgrade(club.config):
        lines.append(t("purchase-tier-upgrade", tier=club.config.tier(result.tier_change.new).name.get(t.lang)))
    return "\n".join(lines)


async def announce(notifier: Notifier, club: Club, result: PurchaseResult) -> None:
    """Tell the member what they earned (with the one-tap NPS question if the club asks it), an upgrade, and
    both sides of a completed referral. A message the messenger cannot take now is owed as a notice, keyed by
    the purchase, and the outbox delivers it (without the NPS buttons)."""
    config = club.config
    currency = config.club.currency
    purchase_id = result.purchase_id
    await notifier.tell_member(
        result.member_id,
        lambda t: (
            t(
                "notify-purchase",
                points=result.points,
                balance=result.balance,
                amount=t.number(result.amount),
                currency=t.currency(currency),
            )
            + (f"\n\n{t('feedback-ask')}" if config.earn.ask_feedback else "")
        ),
        keyboard=(lambda t: feedback_keyboard(purchase_id)) if config.earn.ask_feedback else None,
        later=Later(
            "purchase",
            f"purchase:{purchase_id}",
            {"points": result.points, "balance": result.balance, "amount": result.amount},
        ),
    )
    change = result.tier_change
    if change is not None and change.is_upgrade(config):
        tier = config.tier(change.new)
        await notifier.tell_member(
            result.member_id,
            lambda t: t("notify-tier-upgrade", tier=tier.name.get(t.lang), multiplier=tier.multiplier_percent),
            later=Later("tier_up", f"tier-up:purchase:{purchase_id}", {"tier": change.new}),
        )
    if result.referral is not None:
        payout = result.referral
        await notifier.tell_member(
            payout.referrer_id,
            lambda t: t("notify-referral-referrer", points=payout.referrer_bonus),
            later=Later(
                "referral_referrer", f"referral:{payout.referral_id}:referrer", {"points": payout.referrer_bonus}
            ),
        )
        await notifier.tell_member(
            payout.friend_id,
            lambda t: t("notify-referral-friend", points=payout.friend_bonus),
            later=Later("referral_friend", f"referral:{payout.referral_id}:friend", {"points": payout.friend_bonus}),
        )


def feedback_keyboard(purchase_id: int) -> InlineKeyboardMarkup:
    """0 to 10 in two rows: the Net Promoter question, answered with one tap."""
    builder = InlineKeyboardBuilder()
    for score in range(11):
        builder.button(text=str(score), callback_data=RatePurchase(purchase_id=purchase_id, score=score))
    builder.adjust(6, 5)
    return builder.as_markup()
