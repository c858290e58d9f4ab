"""Settings: language, marketing consent, birthday (once), and deleting one's data."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message, ReplyKeyboardRemove
from aiogram.utils.keyboard import InlineKeyboardBuilder

from handlers.callbacks import ConfirmDelete, PickLanguage, SettingsAction
from handlers.filters import Action, IsMember
from handlers.keyboards import LANGUAGE_NAMES, language_picker, main_menu
from handlers.prompts import BIRTHDAY_EXAMPLE
from handlers.replies import edit_pressed
from locales import Texts, Translator
from loyalty.club import Club
from loyalty.dates import DEFAULT_CALENDAR, InvalidDate, parse_date
from loyalty.profile import erase_member, set_birthday, set_language, set_marketing_consent
from models import Member

router = Router(name=__name__)
router.message.filter(IsMember())
router.callback_query.filter(IsMember())


class SettingsForm(StatesGroup):
    birthday = State()


def _settings_view(member: Member, t: Texts, marketing: bool | None = None) -> tuple[str, InlineKeyboardMarkup]:
    marketing = member.marketing_consent if marketing is None else marketing
    has_birthday = member.birthday_month is not None
    text = "\n".join(
        [
            t("settings-title"),
            t("settings-language", language=LANGUAGE_NAMES[t.lang]),
            t("settings-marketing-on") if marketing else t("settings-marketing-off"),
            t("settings-birthday-set") if has_birthday else t("settings-birthday-missing"),
        ]
    )
    builder = InlineKeyboardBuilder()
    builder.button(text=t.plain("btn-language"), callback_data=SettingsAction(action="language"))
    toggle = "btn-marketing-off" if marketing else "btn-marketing-on"
    builder.button(text=t.plain(toggle), callback_data=SettingsAction(action="marketing"))
    if not has_birthday:
        builder.button(text=t.plain("btn-birthday"), callback_data=SettingsAction(action="birthday"))
    builder.button(text=t.plain("btn-delete-data"), callback_data=SettingsAction(action="delete"))
    builder.adjust(1)
    return text, builder.as_markup()


@router.message(Action("settings", "menu-settings"))
async def show_settings(message: Message, member: Member, t: Texts) -> None:
    text, keyboard = _settings_view(member, t)
    await message.answer(text, reply_markup=keyboard)


@router.message(Command("language"))
@router.callback_query(SettingsAction.filter(F.action == "language"))
async def choose_language(event: Message | CallbackQuery, club: Club, t: Texts) -> None:
    picker = language_picker(club.config.club.languages)
    if isinstance(event, CallbackQuery):
        await event.answer()
        event = event.message  # type: ignore[assignment]
    if isinstance(event, Message):
        await event.answer(t("settings-choose-language"), reply_markup=picker)


@router.callback_query(PickLanguage.filter())
async def pick_language(
    query: CallbackQuery, callback_data: PickLanguage, club: Club, member: Member, translator: Translator
) -> None:
    lang = callback_data.lang
    if lang not in club.config.club.languages:
        await query.answer()
        return
    await set_language(club, member.id, lang, DEFAULT_CALENDAR[lang])
    t = translator.club_texts(club.config.club, lang, DEFAULT_CALENDAR[lang])
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.answer(t("settings-language-changed"), reply_markup=main_menu(t))


@router.callback_query(SettingsAction.filter(F.action == "marketing"))
async def toggle_marketing(query: CallbackQuery, club: Club, member: Member, t: Texts) -> None:
    consent = not member.marketing_consent
    await set_marketing_consent(club, member.id, consent)
    await query.answer(t.plain("settings-saved"))
    text, keyboard = _settings_view(member, t, marketing=consent)
    await edit_pressed(query, text, keyboard)


@router.callback_query(SettingsAction.filter(F.action == "birthday"))
async def ask_birthday(query: CallbackQuery, state: FSMContext, t: Texts) -> None:
    await state.set_state(SettingsForm.birthday)
    calendar = t.calendar
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.answer(
            t(
                "settings-birthday-ask",
                calendar=t.plain(f"calendar-{calendar}"),
                example=t.digits(BIRTHDAY_EXAMPLE[calendar]),
            )
        )


@router.message(StateFilter(SettingsForm.birthday), F.text)
async def type_birthday(message: Message, state: FSMContext, club: Club, member: Member, t: Texts) -> None:
    try:
        birthday = parse_date(message.text or "", t.calendar)
    except InvalidDate as error:
        await message.answer(t(f"date-invalid-{error.reason}"))
        return
    await set_birthday(club, member.id, birthday)
    await state.clear()
    await message.answer(t("settings-birthday-saved"), reply_markup=main_menu(t))


@router.callback_query(SettingsAction.filter(F.action == "delete"))
async def ask_delete(query: CallbackQuery, member: Member, t: Texts) -> None:
    builder = InlineKeyboardBuilder()
    builder.button(text=t.plain("btn-delete-confirm"), callback_data=ConfirmDelete(member_id=member.id))
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.answer(t("settings-delete-ask"), reply_markup=builder.as_markup())


@router.callback_query(ConfirmDelete.filter())
async def delete_data(
    query: CallbackQuery, callback_data: ConfirmDelete, state: FSMContext, club: Club, member: Member, t: Texts
) -> None:
    if callback_data.member_id != member.id:
        await query.answer(t.plain("button-expired"), show_alert=True)
        return
    await erase_member(club, member.id)
    await state.clear()
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)
        await query.message.answer(t("settings-deleted"), reply_markup=ReplyKeyboardRemove())
