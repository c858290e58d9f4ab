"""Plain records kept by the fake server: call log entries, callback answers, edit snapshots."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.fakebotapi.errors import ApiError


@dataclass(frozen=True)
class Snapshot:
    """A message's content before one edit."""

    raw: str | None
    text: str | None
    parse_mode: str | None
    reply_markup: dict[str, Any] | None
    edit_date: int | None


@dataclass(frozen=True)
class CallbackAnswer:
    """How the bot answered one button press."""

    query_id: str
    data: str | None
    text: str | None
    show_alert: bool
    url: str | None


@dataclass(frozen=True)
class PendingQuery:
    """A callback query waiting for answerCallbackQuery."""

    chat_id: int
    data: str | None
    message_id: int


@dataclass
class ApiCall:
    """One request the bot made. `params` are as received; uploads are summarised."""

    method: str
    params: dict[str, Any]
    time: float
    result: Any = None
    error: ApiError | None = None
