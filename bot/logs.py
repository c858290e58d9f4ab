"""Logging for the process: text for a terminal, JSON lines in production (BASHGAH_LOG_FORMAT), never a secret.

Handlers log events with ids in `extra` (`log.info("bot.ready", extra={...})`), never phone numbers, tokens or
what members typed. `RedactingFilter` is the safety net on the output: anything in a record that looks like a
bot token (aiohttp errors carry the API URL, which contains it) or a phone number is masked before it is written.
"""

from __future__ import annotations

import json
import logging
import re
from datetime import UTC, datetime
from typing import Any, Literal

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"
# A bot token (`123456:AAH…`), an E.164 number (`+989121234567`), or an Iranian mobile written locally (09…).
SECRETS = re.compile(r"(?P<token>\d+:[A-Za-z0-9_-]{30,})|(?P<phone>\+[1-9]\d{6,14}|(?<!\d)09\d{9}(?!\d))")
_STANDARD = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message", "asctime", "taskName"}


def redact(text: str) -> str:
    """`text` with every token and phone number replaced by `<token>` / `<phone>`."""
    return SECRETS.sub(lambda match: f"<{match.lastgroup}>", text)


def extras(record: logging.LogRecord) -> dict[str, Any]:
    """The fields a call passed in `extra`."""
    return {key: value for key, value in record.__dict__.items() if key not in _STANDARD}


class RedactingFilter(logging.Filter):
    """Masks tokens and phone numbers in a record's message, its string extras and its traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            record.msg, record.args = redact(record.getMessage()), None
        except Exception:  # a malformed call (wrong %-args): let the handler report it, as it would anyway
            return True
        for key, value in extras(record).items():
            if isinstance(value, str):
                setattr(record, key, redact(value))
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, message, the extras, and the traceback if any."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            **extras(record),
        }
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exc_info"] = record.exc_text
        if record.stack_info:
            entry["stack_info"] = record.stack_info
        return json.dumps(entry, ensure_ascii=False, default=str)


def configure_logging(level: str, fmt: Literal["text", "json"] = "text") -> None:
    """Log to stderr at `level` in `fmt`, through the redacting filter (a no-op if logging is already set up)."""
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter() if fmt == "json" else logging.Formatter(TEXT_FORMAT))
    handler.addFilter(RedactingFilter())
    logging.basicConfig(level=level, handlers=[handler])
