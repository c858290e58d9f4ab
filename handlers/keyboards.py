"""Keyboards every flow shares: the member's menu, the language picker, yes/no."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from aiogram.types import InlineKeyboardMarkup, KeyboardButton, ReplyKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from handlers.callbacks import PickLanguage
from locales import Texts, Translator

# Menu buttons, two per row; each sends its label, recognised in every language (see handlers.menu).
MENU = (
    ("menu-card", "menu-balance"),
    ("menu-rewards", "menu-history"),
    ("menu-invite", "menu-settings"),
    ("menu-support", "menu-help"),
)
LANGUAGE_NAMES = {"fa": "فارسی", "en": "English", "tr": "Türkçe"}


def main_menu(t: Texts) -> ReplyKeyboardMarkup:
    """The member's reply keyboard in their language (built once per language: every reply may carry it)."""
    return _main_menu(t.translator, t.lang)


@cache
def _main_menu(translator: Translator, lang: str) -> ReplyKeyboardMarkup:
    rows = [[KeyboardButton(text=translator.text(lang, key)) for key in row] for row in MENU]
    return ReplyKeyboardMarkup(keyboard=rows, resize_keyboard=True, is_persistent=True)


def language_picker(languages: Sequence[str], action: type[PickLanguage] = PickLanguage) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for lang in languages:
        builder.button(text=LANGUAGE_NAMES[lang], callback_data=action(lang=lang))
    builder.adjust(len(languages))
    return builder.as_markup()
