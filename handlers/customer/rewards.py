"""Rewards: the catalog, claim with confirmation (voucher code and QR), my vouchers, cancel a voucher."""

from __future__ import annotations

import secrets

from aiogram import Router
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.callbacks import CancelVoucher, ConfirmClaim, MyVouchers, ShowCatalog, ShowReward
from handlers.filters import Action, IsMember
from handlers.qr import qr_png
from handlers.replies import edit_pressed
from locales import Texts
from loyalty.club import Club
from loyalty.errors import RewardNotFound
from loyalty.rewards import cancel_claim, catalog, claim_reward, member_vouchers
from models import Member, Reward

router = Router(name=__name__)
router.message.filter(IsMember())
router.callback_query.filter(IsMember())


def title_of(titles: dict[str, str], t: Texts) -> str:
    """A reward's title (its titles by language) in the reader's language, else English, else any."""
    return titles.get(t.lang) or titles.get("en") or next(iter(titles.values()), "?")


@router.message(Action("rewards", "menu-rewards"))
async def show_catalog(message: Message, session: AsyncSession, club: Club, member: Member, t: Texts) -> None:
    text, keyboard = await _catalog(session, club, member, t)
    await message.answer(text, reply_markup=keyboard)


@router.callback_query(ShowCatalog.filter())
async def back_to_catalog(query: CallbackQuery, session: AsyncSession, club: Club, member: Member, t: Texts) -> None:
    text, keyboard = await _catalog(session, club, member, t)
    await query.answer()
    await edit_pressed(query, text, keyboard)


@router.callback_query(ShowReward.filter())
async def show_reward(
    query: CallbackQuery, callback_data: ShowReward, session: AsyncSession, member: Member, t: Texts
) -> None:
    reward = await session.get(Reward, callback_data.reward_id)
    if reward is None or not reward.active:
        raise RewardNotFound(reward_id=callback_data.reward_id)
    builder = InlineKeyboardBuilder()
    # A fresh nonce per confirmation screen: a double tap on its button claims once, a later claim again.
    nonce = secrets.token_urlsafe(9)
    builder.button(text=t.plain("btn-claim-confirm"), callback_data=ConfirmClaim(reward_id=reward.id, nonce=nonce))
    builder.button(text=t.plain("btn-back"), callback_data=ShowCatalog())
    text = t("reward-confirm", title=title_of(reward.title, t), cost=reward.cost, balance=member.balance)
    await query.answer()
    await edit_pressed(query, text, builder.as_markup())


@router.callback_query(ConfirmClaim.filter())
async def confirm_claim(
    query: CallbackQuery, callback_data: ConfirmClaim, club: Club, member: Member, t: Texts
) -> None:
    key = f"chat:{member.id}:{callback_data.nonce}"
    claim = await claim_reward(club, member_id=member.id, reward_id=callback_data.reward_id, idempotency_key=key)
    await query.answer()
    text = t(
        "reward-claimed",
        title=title_of(claim.title, t),
        code=claim.code,
        until=t.date(claim.expires_at),
        balance=claim.balance,
    )
    await edit_pressed(query, text)
    if isinstance(query.message, Message) and not claim.replayed:  # a double tap shows the voucher once
        photo = BufferedInputFile(qr_png(claim.code), filename=f"{claim.code}.png")
        await query.message.answer_photo(photo, caption=t("voucher-show-cashier", code=claim.code))


@router.callback_query(MyVouchers.filter())
async def my_vouchers(query: CallbackQuery, session: AsyncSession, club: Club, member: Member, t: Texts) -> None:
    text, keyboard = await _vouchers(session, club, member, t)
    await query.answer()
    await edit_pressed(query, text, keyboard)


@router.callback_query(CancelVoucher.filter())
async def cancel_voucher(
    query: CallbackQuery, callback_data: CancelVoucher, session: AsyncSession, club: Club, member: Member, t: Texts
) -> None:
    result = await cancel_claim(club, member_id=member.id, voucher_id=callback_data.voucher_id)
    await query.answer(t.plain("voucher-cancelled", points=result.refunded))
    text, keyboard = await _vouchers(session, club, member, t)
    refunded = t("voucher-cancelled-balance", points=result.refunded, balance=result.balance)
    await edit_pressed(query, f"{refunded}\n\n{text}", keyboard)


async def _catalog(session: AsyncSession, club: Club, member: Member, t: Texts) -> tuple[str, InlineKeyboardMarkup]:
    rewards = await catalog(session, club.clock())
    builder = InlineKeyboardBuilder()
    lines = [t("rewards-title", balance=member.balance)] if rewards else [t("rewards-empty")]
    for reward in rewards:
        lines.append(t("rewards-item", title=title_of(reward.title, t), cost=reward.cost))
        if reward.stock is not None:
            lines.append(t("rewards-stock", stock=reward.stock))
        if reward.valid_until is not None:
            lines.append(t("rewards-until", date=t.date(reward.valid_until)))
        builder.button(
            text=t.plain("btn-reward", title=title_of(reward.title, t), cost=reward.cost),
            callback_data=ShowReward(reward_id=reward.id),
        )
    builder.button(text=t.plain("btn-my-vouchers"), callback_data=MyVouchers())
    builder.adjust(1)
    return "\n".join(lines), builder.as_markup()


async def _vouchers(session: AsyncSession, club: Club, member: Member, t: Texts) -> tuple[str, InlineKeyboardMarkup]:
    vouchers = await member_vouchers(session, member.id, club.clock())
    builder = InlineKeyboardBuilder()
    lines = [t("vouchers-title")] if vouchers else [t("vouchers-empty")]
    for voucher in vouchers:
        reward = await session.get(Reward, voucher.reward_id)
        title = title_of(reward.title if reward else {}, t)
        lines.append(t("vouchers-item", title=title, code=voucher.code, until=t.date(voucher.expires_at)))
        builder.button(
            text=t.plain("btn-cancel-voucher", code=voucher.code), callback_data=CancelVoucher(voucher_id=voucher.id)
        )
    builder.button(text=t.plain("btn-back"), callback_data=ShowCatalog())
    builder.adjust(1)
    return "\n".join(lines), builder.as_markup()
