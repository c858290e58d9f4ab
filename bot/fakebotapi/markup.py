"""reply_markup: validated as Telegram validates it, plus lookups the user driver needs."""

from __future__ import annotations

from typing import Any

from bot.fakebotapi.errors import bad_request
from bot.fakebotapi.params import Params

_MARKUP_JSON_ERROR = "can't parse reply keyboard markup JSON object"
# An inline button must do exactly one of these; a text-only button is rejected by Telegram.
_INLINE_ACTIONS = (
    "callback_data",
    "url",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)


def parse_reply_markup(params: Params) -> dict[str, Any] | None:
    """The request's reply_markup after Telegram's checks, or None when absent."""
    markup = params.parsed("reply_markup", _MARKUP_JSON_ERROR)
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise bad_request(_MARKUP_JSON_ERROR)
    if "inline_keyboard" in markup:
        for button in _buttons(markup["inline_keyboard"], "inline keyboard"):
            _check_inline_button(button)
    elif "keyboard" in markup:
        for button in _buttons(markup["keyboard"], "keyboard"):
            if isinstance(button, str):
                continue
            if not isinstance(button, dict) or not str(button.get("text", "")).strip():
                raise bad_request("keyboard button text is empty")
    elif not ({"remove_keyboard", "force_reply"} & markup.keys()):
        raise bad_request(_MARKUP_JSON_ERROR)
    return markup


def _buttons(rows: Any, what: str) -> list[Any]:
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request(f"can't parse {what}: field must be an Array of Arrays")
    return [button for row in rows for button in row]


def _check_inline_button(button: Any) -> None:
    if not isinstance(button, dict) or not str(button.get("text", "")).strip():
        raise bad_request("can't parse inline keyboard button: Text is empty")
    actions = [key for key in _INLINE_ACTIONS if key in button]
    if not actions:
        raise bad_request("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard")
    data = button.get("callback_data")
    if "callback_data" in button and (not isinstance(data, str) or not 1 <= len(data.encode("utf-8")) <= 64):
        raise bad_request("BUTTON_DATA_INVALID")
    url = button.get("url")
    if "url" in button and not (isinstance(url, str) and url.startswith(("http://", "https://", "tg://"))):
        raise bad_request("BUTTON_URL_INVALID")


def is_inline(markup: dict[str, Any] | None) -> bool:
    """Whether this markup is an inline keyboard (the only kind a Message carries back)."""
    return markup is not None and "inline_keyboard" in markup


def inline_buttons(markup: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The buttons of an inline keyboard, row by row, or [] for any other markup."""
    if not markup or "inline_keyboard" not in markup:
        return []
    return [button for row in markup["inline_keyboard"] for button in row]


def reply_buttons(markup: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The buttons of a reply keyboard as objects (plain-string buttons become {"text": ...})."""
    if not markup or "keyboard" not in markup:
        return []
    return [button if isinstance(button, dict) else {"text": button} for row in markup["keyboard"] for button in row]
