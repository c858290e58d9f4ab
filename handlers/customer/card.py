"""The member's card (number, tier, balance, progress, QR for the cashier), balance and history."""

from __future__ import annotations

from datetime import timedelta
from functools import partial

from aiogram import Router
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.callbacks import HistoryPage
from handlers.filters import Action, IsMember
from handlers.qr import qr_png
from handlers.replies import edit_pressed
from locales import Texts
from loyalty.club import Club
from loyalty.expiry import expiring_points
from loyalty.ledger import history
from loyalty.members import card_payload, member_number
from loyalty.tiers import tier_progress
from models import Member

router = Router(name=__name__)
router.message.filter(IsMember())
router.callback_query.filter(IsMember())

PAGE_SIZE = 8


@router.message(Action("card", "menu-card"))
async def card(message: Message, session: AsyncSession, club: Club, member: Member, t: Texts) -> None:
    config = club.config
    progress = await tier_progress(session, config, member.id, member.tier, club.clock())
    lines = [
        t("card-title", club=config.club.name.get(t.lang)),
        t("card-number", number=t.digits(member_number(member.id))),
        t("card-tier", tier=progress.current.name.get(t.lang)),
        t("card-balance", points=member.balance),
    ]
    if progress.next is not None:
        lines.append(
            t(
                "card-progress",
                amount=t.number(progress.needed),
                currency=t.currency(config.club.currency),
                tier=progress.next.name.get(t.lang),
            )
        )
    else:
        lines.append(t("card-top-tier"))
    lines.append(t("card-show-cashier"))
    photo = BufferedInputFile(qr_png(card_payload(member.id)), filename="card.png")
    await message.answer_photo(photo, caption="\n".join(lines))


@router.message(Action("balance", "menu-balance"))
async def balance(message: Message, club: Club, member: Member, t: Texts) -> None:
    config = club.config
    points = member.balance  # loaded for this update by the context middleware
    lines = [
        t("balance-points", points=points),
        t(
            "balance-worth",
            amount=t.number(points * config.earn.point_value),
            currency=t.currency(config.club.currency),
        ),
    ]
    if config.expiry.months:
        window = timedelta(days=config.expiry.remind_days_before)
        soon = await club.db.read(partial(expiring_points, member_id=member.id, now=club.clock(), within=window))
        if soon:
            lines.append(t("balance-expiring", points=soon, days=config.expiry.remind_days_before))
    await message.answer("\n".join(lines))


@router.message(Action("history", "menu-history"))
async def show_history(message: Message, session: AsyncSession, member: Member, t: Texts) -> None:
    text, keyboard = await _history_page(session, member, t, 1)
    await message.answer(text, reply_markup=keyboard)


@router.callback_query(HistoryPage.filter())
async def turn_page(
    query: CallbackQuery, callback_data: HistoryPage, session: AsyncSession, member: Member, t: Texts
) -> None:
    text, keyboard = await _history_page(session, member, t, callback_data.page)
    await query.answer()
    await edit_pressed(query, text, keyboard)


async def _history_page(
    session: AsyncSession, member: Member, t: Texts, page: int
) -> tuple[str, InlineKeyboardMarkup | None]:
    found = await history(session, member.id, page=page, page_size=PAGE_SIZE)
    if not found.total:
        return t("history-empty"), None
    lines = [t("history-title", page=found.page, pages=found.pages)]
    for entry in found.entries:
        lines.append(
            t(
                "history-entry",
                date=t.date(entry.created_at),
                kind=t.plain(f"kind-{entry.kind}"),
                points=t.number(abs(entry.delta)),
                sign="+" if entry.delta > 0 else "−",
            )
        )
    builder = InlineKeyboardBuilder()
    if found.page > 1:
        builder.button(text=t.plain("btn-newer"), callback_data=HistoryPage(page=found.page - 1))
    if found.page < found.pages:
        builder.button(text=t.plain("btn-older"), callback_data=HistoryPage(page=found.page + 1))
    return "\n".join(lines), builder.as_markup() if found.pages > 1 else None
