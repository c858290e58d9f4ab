"""The command menu each messenger client shows, per language (setMyCommands)."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import BotCommand, BotCommandScopeChat

from locales import Translator
from loyalty.staff import STAFF_COMMANDS, may

log = logging.getLogger(__name__)

CUSTOMER_COMMANDS = (
    "start",
    "card",
    "balance",
    "history",
    "rewards",
    "invite",
    "link",
    "settings",
    "support",
    "help",
    "language",
    "cancel",
)


def customer_commands(translator: Translator, lang: str) -> list[BotCommand]:
    return [BotCommand(command=name, description=translator.text(lang, f"cmd-{name}")) for name in CUSTOMER_COMMANDS]


async def publish_commands(bot: Bot, translator: Translator, languages: Sequence[str], default_language: str) -> None:
    """Register the customer menu in every offered language, and in the club's language for everyone else."""
    await bot.set_my_commands(customer_commands(translator, default_language))
    for lang in languages:
        await bot.set_my_commands(customer_commands(translator, lang), language_code=lang)


def staff_commands(translator: Translator, lang: str, role: str) -> list[BotCommand]:
    """The customer menu plus every staff command `role` may use."""
    allowed = [name for name, needed in STAFF_COMMANDS.items() if may(role, needed)]
    staff = [BotCommand(command=name, description=translator.text(lang, f"cmd-{name}")) for name in allowed]
    return customer_commands(translator, lang) + staff


async def publish_staff_commands(bot: Bot, translator: Translator, chat_id: int, role: str | None, lang: str) -> None:
    """Show a staff member their commands in their own chat only; None (role taken away) restores the default."""
    scope = BotCommandScopeChat(chat_id=chat_id)
    try:
        if role is None:
            await bot.delete_my_commands(scope=scope)
        else:
            await bot.set_my_commands(staff_commands(translator, lang, role), scope=scope)
    except TelegramAPIError as error:  # e.g. they have not opened the bot yet: /start shows the menu later
        log.info("commands.staff_menu_failed", extra={"chat_id": chat_id, "error": type(error).__name__})
