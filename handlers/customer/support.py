"""Support: the member writes to the shop; the message becomes a ticket and reaches the staff's chats."""

from __future__ import annotations

import logging

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import Message
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.callbacks import ReplyTicket
from handlers.filters import Action, IsMember
from handlers.keyboards import main_menu
from locales import Texts, Translator
from loyalty.club import Club
from loyalty.members import member_number
from loyalty.support import MAX_TICKET_TEXT, open_ticket, staff_chats
from models import Member

log = logging.getLogger(__name__)
router = Router(name=__name__)
router.message.filter(IsMember())


class SupportForm(StatesGroup):
    writing = State()


@router.message(Action("support", "menu-support"))
async def start_ticket(message: Message, state: FSMContext, t: Texts) -> None:
    await state.set_state(SupportForm.writing)
    await message.answer(t("support-ask"))


@router.message(StateFilter(SupportForm.writing), F.text, ~F.text.startswith("/"))
async def send_ticket(
    message: Message,
    bot: Bot,
    state: FSMContext,
    session: AsyncSession,
    club: Club,
    platform: str,
    member: Member,
    t: Texts,
    translator: Translator,
) -> None:
    text = (message.text or "").strip()
    if not text or len(text) > MAX_TICKET_TEXT:
        await message.answer(t("support-invalid", max=MAX_TICKET_TEXT))
        return
    ticket = await open_ticket(club, member_id=member.id, platform=platform, text=text)
    await state.clear()
    await message.answer(t("support-sent", ticket=ticket), reply_markup=main_menu(t))
    staff_t = translator.club_texts(club.config.club)
    note = staff_t(
        "support-staff-note",
        ticket=ticket,
        number=staff_t.digits(member_number(member.id)),
        name=member.name or "",
        text=text,
    )
    reply = InlineKeyboardBuilder()
    reply.button(text=staff_t.plain("btn-reply"), callback_data=ReplyTicket(ticket_id=ticket))
    for chat_id in await staff_chats(session, club.config, platform):
        try:
            await bot.send_message(chat_id, note, reply_markup=reply.as_markup())
        except TelegramAPIError as error:  # one unreachable staff chat must not hide the ticket from the rest
            log.warning("support.forward_failed", extra={"ticket": ticket, "error": type(error).__name__})
    log.info("support.ticket", extra={"ticket": ticket, "member_id": member.id})


@router.message(StateFilter(SupportForm.writing), ~F.text)
async def text_expected(message: Message, t: Texts) -> None:
    await message.answer(t("support-text-only"))
