"""Bot API methods about the bot itself: identity, updates, webhooks, commands, menu button, files."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlsplit

from bot.fakebotapi.errors import ApiError, bad_request
from bot.fakebotapi.params import Params, method
from bot.fakebotapi.state import BotState

_COMMAND = re.compile(r"[a-z0-9_]{1,32}")
_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")
_CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
_DOWNLOAD_LIMIT = 20 * 1024 * 1024
_USE_DELETE_WEBHOOK = "use deleteWebhook to delete the webhook first"


@method("getMe")
async def get_me(state: BotState, params: Params) -> dict[str, Any]:
    """The bot's User object; the capability flags are Telegram's and Bale does not send them."""
    user = state.bot_user()
    if state.platform == "telegram":
        user.update(
            can_join_groups=True,
            can_read_all_group_messages=False,
            supports_inline_queries=False,
            can_connect_to_business=False,
            has_main_web_app=False,
        )
    return user


@method("getUpdates")
async def get_updates(state: BotState, params: Params) -> list[dict[str, Any]]:
    """Long polling; see UpdateQueue.get for the semantics."""
    if state.webhook is not None:
        raise ApiError(409, f"Conflict: can't use getUpdates method while webhook is active; {_USE_DELETE_WEBHOOK}")
    allowed = params.parsed("allowed_updates")
    if allowed is not None and not (isinstance(allowed, list) and all(isinstance(kind, str) for kind in allowed)):
        raise bad_request("can't parse allowed_updates JSON array")
    limit = params.integer("limit")
    timeout = params.integer("timeout") or 0
    return await state.updates.get(params.integer("offset"), 100 if limit is None else limit, timeout, allowed)


@method("setWebhook")
async def set_webhook(state: BotState, params: Params) -> bool:
    """Set (or, with an empty URL, remove) the webhook; the server then POSTs updates to it (see webhook.py).

    Telegram: an https URL (http is accepted for loopback test servers) and an optional `secret_token`
    of 1-256 characters A-Za-z0-9_- sent back in `X-Telegram-Bot-Api-Secret-Token`. Bale takes only `url`,
    on port 443 or 88, and has no secret token: the fake refuses one rather than silently dropping it.
    """
    url = params.string("url") or ""
    secret = params.string("secret_token")
    if state.platform == "bale":
        if secret is not None:
            raise bad_request("secret_token is not supported by Bale")
        port = urlsplit(url).port or 443
        if url and not url.startswith("http://127.0.0.1") and port not in (443, 88):
            raise bad_request("bad webhook: webhook can be set up only on ports 443 or 88")
    elif secret is not None and not _SECRET.fullmatch(secret):
        raise bad_request("secret token contains unallowed characters")
    if url and not url.startswith(("https://", "http://127.0.0.1", "http://localhost")):
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    state.webhook = {"url": url, **params.describe()} if url else None
    state.updates.wake()
    return True


@method("deleteWebhook")
async def delete_webhook(state: BotState, params: Params) -> bool:
    """Remove the webhook; drop_pending_updates confirms everything queued."""
    state.webhook = None
    if params.flag("drop_pending_updates"):
        state.updates.drop_pending()
    return True


@method("getWebhookInfo")
async def get_webhook_info(state: BotState, params: Params) -> dict[str, Any]:
    """The recorded webhook, if any."""
    url = state.webhook["url"] if state.webhook else ""
    return {"url": url, "has_custom_certificate": False, "pending_update_count": len(state.updates.pending)}


@method("sendChatAction")
async def send_chat_action(state: BotState, params: Params) -> bool:
    """Chat actions such as "typing"; only validated and recorded."""
    state.writable_chat(params.chat_id())
    if params.string("action") not in _CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")
    return True


def _command_key(params: Params) -> tuple[str, str]:
    scope = params.parsed("scope", "can't parse BotCommandScope JSON object") or {"type": "default"}
    if not isinstance(scope, dict) or "type" not in scope:
        raise bad_request("can't parse BotCommandScope JSON object")
    return json.dumps(scope, sort_keys=True), params.string("language_code") or ""


@method("setMyCommands")
async def set_my_commands(state: BotState, params: Params) -> bool:
    """Store the command list for one (scope, language_code)."""
    commands = params.parsed("commands", "can't parse commands JSON array")
    if not isinstance(commands, list) or len(commands) > 100:
        raise bad_request("can't parse commands JSON array")
    for command in commands:
        if not isinstance(command, dict) or not _COMMAND.fullmatch(str(command.get("command", ""))):
            raise bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(str(command.get("description", "")).strip()) <= 256:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
    state.commands[_command_key(params)] = commands
    return True


@method("getMyCommands")
async def get_my_commands(state: BotState, params: Params) -> list[dict[str, Any]]:
    """The list stored for exactly this (scope, language_code); like Telegram, no fallback to other languages."""
    return state.commands.get(_command_key(params), [])


@method("deleteMyCommands")
async def delete_my_commands(state: BotState, params: Params) -> bool:
    """Forget the list for one (scope, language_code)."""
    state.commands.pop(_command_key(params), None)
    return True


@method("setChatMenuButton")
async def set_chat_menu_button(state: BotState, params: Params) -> bool:
    """Set the menu button of one chat, or the default one when chat_id is omitted."""
    button = params.parsed("menu_button", "can't parse menu button JSON object") or {"type": "default"}
    if not isinstance(button, dict) or "type" not in button:
        raise bad_request("can't parse menu button JSON object")
    if params.get("chat_id") in {None, ""}:
        state.default_menu_button = button
    else:
        state.chat(params.chat_id()).menu_button = button
    return True


@method("getChatMenuButton")
async def get_chat_menu_button(state: BotState, params: Params) -> dict[str, Any]:
    """The chat's menu button, falling back to the default one."""
    chat = None if params.get("chat_id") in {None, ""} else state.chat(params.chat_id())
    return (chat.menu_button if chat else None) or state.default_menu_button or {"type": "commands"}


@method("getFile")
async def get_file(state: BotState, params: Params) -> dict[str, Any]:
    """A File with the path to download it from `{base}/file/bot{token}/{file_path}`."""
    stored = state.files.get(params.string("file_id") or "")
    if stored is None:
        raise bad_request("invalid file_id")
    if stored.size > _DOWNLOAD_LIMIT:
        raise bad_request("file is too big")
    return stored.file()


@method("getChat")
async def get_chat(state: BotState, params: Params) -> dict[str, Any]:
    """A ChatFullInfo for a private chat."""
    chat = state.chat(params.chat_id())
    return {**chat.to_json(), "accent_color_id": 0, "max_reaction_count": 11}


async def _record_only(state: BotState, params: Params) -> bool:
    """Accepted and visible in the call log; no behaviour to fake."""
    return True


for _name in ("close", "logOut", "setMyDescription", "setMyShortDescription", "setMyName"):
    method(_name)(_record_only)
