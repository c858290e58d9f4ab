"""The one place errors become messages: a domain refusal gets its localized reason, a database that is busy or
unreachable for a moment a "nothing was saved, try again", anything else an apology."""

from __future__ import annotations

import contextlib
import logging
from typing import Any

from aiogram import Router
from aiogram.exceptions import TelegramAPIError
from aiogram.types import ErrorEvent

from locales import Texts, Translator
from loyalty.dates import InvalidDate
from loyalty.errors import LoyaltyError
from loyalty.parsing import InvalidAmount, InvalidInput, InvalidPhone
from models.database import database_busy

log = logging.getLogger(__name__)
router = Router(name=__name__)


@router.errors()
async def explain(event: ErrorEvent, translator: Translator, t: Texts | None = None, **_: Any) -> None:
    update = event.update
    error = event.exception
    texts = t or translator.texts("en")
    if isinstance(error, LoyaltyError | InvalidInput):
        text = texts(_key(error))
        log.info("handler.refused", extra={"update_id": update.update_id, "error": type(error).__name__})
    elif database_busy(error):
        text = texts("error-database-busy")
        log.warning("handler.database_busy", extra={"update_id": update.update_id, "error": type(error).__name__})
    else:
        text = texts("error-internal")
        log.exception("handler.failed", extra={"update_id": update.update_id}, exc_info=error)
    # The apology itself may fail (a blocked chat, a query answered too late): log it, never raise from here.
    with contextlib.suppress(TelegramAPIError):
        if update.callback_query is not None:
            alert = texts.plain(_key(error)) if isinstance(error, LoyaltyError | InvalidInput) else None
            with contextlib.suppress(TelegramAPIError):
                await update.callback_query.answer(alert)
            if update.callback_query.message is not None:
                await update.callback_query.message.answer(text)
        elif update.message is not None:
            await update.message.answer(text)


# Input errors name a reason ("negative", "impossible"…); the locale key says what was being read.
_INPUT_PREFIX = {InvalidAmount: "amount", InvalidPhone: "phone", InvalidDate: "date"}


def _key(error: LoyaltyError | InvalidInput) -> str:
    if isinstance(error, LoyaltyError):
        return error.key
    prefix = next((name for kind, name in _INPUT_PREFIX.items() if isinstance(error, kind)), "input")
    return f"{prefix}-invalid-{error.reason}"
