"""The command menu each messenger client shows, per language (setMyCommands)."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram import Bot
from aiogram.types import BotCommand

from locales import Translator

CUSTOMER_COMMANDS = (
    "start",
    "card",
    "balance",
    "history",
    "rewards",
    "invite",
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
