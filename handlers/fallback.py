"""What nothing else handled: stale buttons, unexpected messages, users who have not joined. Included last."""

from __future__ import annotations

from aiogram import Router
from aiogram.types import CallbackQuery, Message

from handlers.keyboards import main_menu
from handlers.prompts import ask_step
from locales import Texts
from loyalty.club import Club
from models import Member, SignupDraft

router = Router(name=__name__)


@router.callback_query()
async def stale_button(query: CallbackQuery, t: Texts) -> None:
    # Forged, outdated or foreign payloads land here: answer so the client stops spinning, change nothing.
    await query.answer(t.plain("button-expired"), show_alert=True)


@router.message()
async def unexpected(message: Message, club: Club, member: Member | None, draft: SignupDraft | None, t: Texts) -> None:
    if member is not None and member.status == "blocked":
        await message.answer(t("error-member-blocked"))
    elif member is not None:
        await message.answer(t("not-understood"), reply_markup=main_menu(t))
    elif draft is not None:
        await message.answer(t("signup-use-buttons"))
        await ask_step(message, t, club, draft)
    else:
        await message.answer(t("join-first"))
