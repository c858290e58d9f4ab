"""The one place errors become messages: a domain refusal gets its localized reason, a database that is busy or
unreachable for a moment a "nothing was saved, try again", anything else an apology."""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from typing import Any

from aiogram import Router
from aiogram.exceptions import TelegramAPIError
from aiogram.types import ErrorEvent
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from locales import Texts, Translator
from loyalty.dates import InvalidDate
from loyalty.errors import LoyaltyError
from loyalty.parsing import InvalidAmount, InvalidInput, InvalidPhone

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


# SQLSTATEs of a PostgreSQL that is there but cannot serve this transaction now: connection exceptions (class 08),
# too many connections, lock not available (lock_timeout), query cancelled (statement_timeout), shutting down or
# starting up.
_PG_UNAVAILABLE = ("08", "53300", "55P03", "57014", "57P01", "57P02", "57P03")


def database_busy(error: BaseException) -> bool:
    """Whether `error` means the database could not take the unit of work just now (locked, unreachable,
    out of connections), so nothing was written and the same request can simply be sent again.

    SQLite: another connection held the write lock past the busy timeout (SQLITE_BUSY / SQLITE_LOCKED); errors
    that would repeat (no such table, a constraint) are not "busy". A transaction that failed this way rolled
    back whole: every write is one unit of work (models.database).
    """
    if isinstance(error, PoolTimeout):  # no pooled connection came free in time
        return True
    if isinstance(error, ConnectionRefusedError):  # asyncpg's connect error, which SQLAlchemy passes on as is
        return True
    if not isinstance(error, DBAPIError):
        return False
    if error.connection_invalidated:
        return True
    orig = error.orig
    if isinstance(orig, sqlite3.Error):
        return str(getattr(orig, "sqlite_errorname", "")).startswith(("SQLITE_BUSY", "SQLITE_LOCKED"))
    state = str(getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None) or "")
    return bool(state) and state.startswith(_PG_UNAVAILABLE)
