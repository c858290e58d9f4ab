"""Joining the club: /start, then language, phone (contact button), name, birthday, consent.

Every confirmed answer is stored in the signup draft (loyalty.signup), and the next question follows from
the draft, so a restart or another worker carries on where the user was.
"""

from __future__ import annotations

import re

from aiogram import F, Router
from aiogram.filters import CommandObject, CommandStart
from aiogram.types import CallbackQuery, Message, User
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.callbacks import PickLanguage
from handlers.filters import Joining
from handlers.keyboards import language_picker, main_menu
from handlers.prompts import ask_step, button_pressed
from locales import Texts, Translator
from loyalty.club import Club
from loyalty.dates import DEFAULT_CALENDAR, InvalidDate, parse_date
from loyalty.members import phone_taken
from loyalty.parsing import InvalidPhone, normalize_phone
from loyalty.referrals import AttachOutcome
from loyalty.signup import SignupStep, birthday_fields, finish_signup, save_signup
from models import Member, SignupDraft

router = Router(name=__name__)
# Filter order matters for speed: aiogram runs a plain (non-async) filter such as `F.text` in a worker thread,
# so the cheap async `Joining` check goes first and most updates never reach the magic filter.

# Telegram start payloads are at most 64 chars of A-Za-z0-9_-; ours are "ref_<code>".
REFERRAL_PAYLOAD = re.compile(r"^ref_([A-Za-z0-9]{4,16})$")
MAX_NAME = 64


@router.message(CommandStart())
async def start(
    message: Message, command: CommandObject, club: Club, platform: str, member: Member | None, t: Texts
) -> None:
    payload = command.args
    if member is not None:
        note = t("start-link-member") if payload else t("start-welcome-back", name=member.name or "")
        await message.answer(note, reply_markup=main_menu(t))
        return
    match = REFERRAL_PAYLOAD.match(payload or "")
    if payload and match is None:
        await message.answer(t("start-link-unknown"))
    user = _sender(message)
    fields = {"referral_code": match[1]} if match else {}
    draft = await save_signup(club, platform, user.id, message.chat.id, **fields)
    await ask_step(message, t, club, draft)


@router.callback_query(PickLanguage.filter(), Joining(SignupStep.LANGUAGE))
async def pick_language(
    query: CallbackQuery, callback_data: PickLanguage, club: Club, platform: str, translator: Translator
) -> None:
    if callback_data.lang not in club.config.club.languages:
        await query.answer()
        return
    draft = await save_signup(club, platform, query.from_user.id, query.from_user.id, language=callback_data.lang)
    t = translator.club_texts(club.config.club, callback_data.lang)
    await query.answer()
    if isinstance(query.message, Message):
        await ask_step(query.message, t, club, draft)


@router.message(Joining(SignupStep.LANGUAGE))
async def language_expected(message: Message, club: Club, t: Texts) -> None:
    await message.answer(t("signup-use-buttons"), reply_markup=language_picker(club.config.club.languages))


@router.message(Joining(SignupStep.PHONE), F.contact)
async def share_phone(message: Message, club: Club, platform: str, session: AsyncSession, t: Texts) -> None:
    contact = message.contact
    user = _sender(message)
    assert contact is not None
    if contact.user_id != user.id:
        await message.answer(t("signup-phone-not-yours"))
        return
    # A shared contact's number is international, though Telegram omits the "+".
    raw = contact.phone_number if contact.phone_number.startswith("+") else f"+{contact.phone_number}"
    try:
        phone = normalize_phone(raw, club.config.club.country)
    except InvalidPhone:
        await message.answer(t("signup-phone-invalid"))
        return
    if await phone_taken(session, platform, phone):
        await message.answer(t("error-phone-taken"))
        return
    draft = await save_signup(club, platform, user.id, message.chat.id, phone=phone)
    await ask_step(message, t, club, draft)


@router.message(Joining(SignupStep.PHONE))
async def phone_expected(message: Message, club: Club, draft: SignupDraft, t: Texts) -> None:
    await message.answer(t("signup-phone-use-button"))
    await ask_step(message, t, club, draft)


@router.message(Joining(SignupStep.NAME), F.text)
async def type_name(message: Message, club: Club, platform: str, t: Texts) -> None:
    name = " ".join((message.text or "").split())
    if not name or len(name) > MAX_NAME or name.startswith("/"):
        await message.answer(t("signup-name-invalid", max=MAX_NAME))
        return
    user = _sender(message)
    draft = await save_signup(club, platform, user.id, message.chat.id, name=name)
    await ask_step(message, t, club, draft)


@router.message(Joining(SignupStep.BIRTHDAY), F.text)
async def type_birthday(message: Message, club: Club, platform: str, draft: SignupDraft, t: Texts) -> None:
    text = message.text or ""
    if button_pressed(text, "btn-skip", t):
        birthday = None
    else:
        try:
            birthday = parse_date(text, DEFAULT_CALENDAR[t.lang])
        except InvalidDate as error:
            await message.answer(t(f"date-invalid-{error.reason}"))
            return
    user = _sender(message)
    draft = await save_signup(club, platform, user.id, message.chat.id, **birthday_fields(birthday))
    await ask_step(message, t, club, draft)


@router.message(Joining(SignupStep.CONSENT), F.text)
async def answer_consent(message: Message, club: Club, draft: SignupDraft, t: Texts) -> None:
    text = message.text or ""
    if not (yes := button_pressed(text, "btn-consent-yes", t)) and not button_pressed(text, "btn-consent-no", t):
        await message.answer(t("signup-use-buttons"))
        return
    result = await finish_signup(club, draft, marketing_consent=yes, calendar=DEFAULT_CALENDAR[t.lang])
    if not result.created:
        await message.answer(t("start-welcome-back", name=draft.name or ""), reply_markup=main_menu(t))
        return
    lines = [t("signup-done", club=club.config.club.name.get(t.lang), number=t.digits(result.number))]
    if result.bonus:
        lines.append(t("signup-bonus", points=result.bonus))
    if result.referral == AttachOutcome.ATTACHED:
        lines.append(t("signup-referred", amount=t.number(club.config.referral.min_first_purchase)))
    elif result.referral != AttachOutcome.NONE:
        lines.append(t("signup-referral-ignored"))
    lines.append(t("signup-menu-hint"))
    await message.answer("\n\n".join(lines), reply_markup=main_menu(t))


def _sender(message: Message) -> User:
    assert message.from_user is not None  # private chats always have a sender
    return message.from_user
