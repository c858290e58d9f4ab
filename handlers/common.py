"""Commands that work for everyone at any time: /help and /cancel."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import Message, ReplyKeyboardRemove

from handlers.filters import Action
from handlers.keyboards import main_menu
from locales import Texts
from loyalty.club import Club
from loyalty.signup import restart_signup
from models import Member, SignupDraft

router = Router(name=__name__)


@router.message(Command("cancel"))
async def cancel(
    message: Message,
    state: FSMContext,
    club: Club,
    platform: str,
    member: Member | None,
    draft: SignupDraft | None,
    t: Texts,
) -> None:
    await state.clear()
    if member is not None:
        await message.answer(t("cancelled"), reply_markup=main_menu(t))
        return
    if draft is not None and message.from_user is not None:
        await restart_signup(club, platform, message.from_user.id)
    await message.answer(t("signup-cancelled"), reply_markup=ReplyKeyboardRemove())


@router.message(Action("help", "menu-help"))
async def help_text(message: Message, member: Member | None, t: Texts) -> None:
    await message.answer(t("help") if member is not None else t("help-guest"))
