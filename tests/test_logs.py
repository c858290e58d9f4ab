"""Logs: JSON lines in production, text otherwise, and never a bot token or a phone number in either."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest

from bot.logs import JsonFormatter, RedactingFilter, redact
from bot.settings import Settings

TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawQ"
PHONE = "+989121234567"


@pytest.fixture
def captured() -> Iterator[tuple[logging.Logger, io.StringIO]]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RedactingFilter())
    logger = logging.getLogger("tests.logs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    yield logger, stream
    logger.removeHandler(handler)


def test_tokens_and_phones_are_masked_in_message_extras_and_tracebacks(
    captured: tuple[logging.Logger, io.StringIO],
) -> None:
    logger, stream = captured
    logger.info("calling https://api.telegram.org/bot%s/getMe for %s", TOKEN, PHONE, extra={"phone": "09121234567"})
    try:
        raise ConnectionError(f"cannot reach /bot{TOKEN}/sendMessage")
    except ConnectionError:
        logger.exception("api.failed", extra={"user_id": 5123456789, "platform": "telegram"})

    output = stream.getvalue()
    assert TOKEN not in output and "AAHdqTcvCH1v" not in output
    assert PHONE not in output and "9121234567" not in output
    first, second = (json.loads(line) for line in output.splitlines() if line.startswith("{"))
    assert first["message"] == "calling https://api.telegram.org/bot<token>/getMe for <phone>"
    assert first["phone"] == "<phone>" and first["level"] == "INFO" and first["logger"] == "tests.logs"
    assert second["message"] == "api.failed"
    assert second["user_id"] == 5123456789  # ids are not secrets and stay numbers
    assert "bot<token>/sendMessage" in second["exc_info"]


def test_what_is_not_a_secret_stays() -> None:
    assert redact("member 1001 bought 250,000 Rial at 12:30; user 5123456789") == (
        "member 1001 bought 250,000 Rial at 12:30; user 5123456789"
    )
    assert redact("123456:TEST-token") == "123456:TEST-token"  # too short to be a real token


def test_log_format_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BASHGAH_LOG_FORMAT", raising=False)
    assert Settings(_env_file=None).log_format == "text"  # type: ignore[call-arg]
    monkeypatch.setenv("BASHGAH_LOG_FORMAT", "json")
    assert Settings(_env_file=None).log_format == "json"  # type: ignore[call-arg]
