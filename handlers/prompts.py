"""Asking the next signup question, and recognising reply-keyboard answers in any language."""

from __future__ import annotations

from aiogram.types import KeyboardButton, Message, ReplyKeyboardMarkup

from handlers.keyboards import language_picker
from locales import Texts
from loyalty.club import Club
from loyalty.dates import DEFAULT_CALENDAR
from loyalty.signup import SignupStep, next_step
from models import SignupDraft

BIRTHDAY_EXAMPLE = {"jalali": "1370/05/23", "gregorian": "1991-08-14"}


def button_pressed(text: str, key: str, t: Texts) -> bool:
    """Whether `text` is the label of button `key` (in any language: the keyboard may predate a switch)."""
    return text in t.translator.variants(key)


def _reply_keyboard(*labels: str, contact: bool = False) -> ReplyKeyboardMarkup:
    buttons = [[KeyboardButton(text=label, request_contact=contact)] for label in labels]
    return ReplyKeyboardMarkup(keyboard=buttons, resize_keyboard=True, one_time_keyboard=True)


async def ask_step(message: Message, t: Texts, club: Club, draft: SignupDraft) -> None:
    """Send the question the draft has no answer to yet."""
    step = next_step(draft)
    if step is SignupStep.LANGUAGE:
        text = t("signup-welcome", club=club.config.club.name.get(t.lang))
        await message.answer(text, reply_markup=language_picker(club.config.club.languages))
    elif step is SignupStep.PHONE:
        await message.answer(t("signup-phone"), reply_markup=_reply_keyboard(t.plain("btn-share-phone"), contact=True))
    elif step is SignupStep.NAME:
        user = message.chat
        profile = " ".join(part for part in (user.first_name, user.last_name) if part)[:64]
        keyboard = _reply_keyboard(profile) if profile else None
        await message.answer(t("signup-name"), reply_markup=keyboard)
    elif step is SignupStep.BIRTHDAY:
        calendar = DEFAULT_CALENDAR[t.lang]
        example = t.digits(BIRTHDAY_EXAMPLE[calendar])
        await message.answer(
            t("signup-birthday", calendar=t.plain(f"calendar-{calendar}"), example=example),
            reply_markup=_reply_keyboard(t.plain("btn-skip")),
        )
    else:
        await message.answer(
            t("signup-consent"),
            reply_markup=_reply_keyboard(t.plain("btn-consent-yes"), t.plain("btn-consent-no")),
        )
