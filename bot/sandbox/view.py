"""A chat as the page shows it: the user's and the bot's messages in order, keyboards and the command menu."""

from __future__ import annotations

import html
import json
from typing import Any

from bot.fakebotapi import BotMessage, BotState, Chat, StoredFile
from bot.fakebotapi.markup import reply_buttons
from bot.sandbox.markup import telegram_html


def file_json(stored: StoredFile | None) -> dict[str, Any] | None:
    """A file the page can show or download through its own `files/` route (no token in the page)."""
    if stored is None:
        return None
    return {
        "url": f"files/{stored.file_id}",
        "kind": stored.kind,
        "name": stored.filename or stored.file_path.rsplit("/", 1)[-1],
        "size": stored.size,
        "width": stored.width,
        "height": stored.height,
    }


def inline_json(markup: dict[str, Any] | None) -> list[list[dict[str, Any]]]:
    """Inline keyboard rows: callback buttons carry `data`, link buttons a safe `url`, others neither."""
    if not markup or "inline_keyboard" not in markup:
        return []
    rows = []
    for row in markup["inline_keyboard"]:
        buttons = []
        for button in row:
            shown: dict[str, Any] = {"text": str(button.get("text", ""))}
            url = button.get("url")
            if "callback_data" in button:
                shown["data"] = str(button["callback_data"])
            elif isinstance(url, str) and url.startswith(("http://", "https://")):
                shown["url"] = url
            buttons.append(shown)
        rows.append(buttons)
    return rows


def bot_message_json(message: BotMessage) -> dict[str, Any]:
    """One message the bot sent, with edits applied."""
    return {
        "id": message.message_id,
        "from": "bot",
        "kind": message.kind,
        "html": telegram_html(message.raw, message.parse_mode),
        "date": message.date,
        "edited": message.edit_date is not None,
        "file": file_json(message.file),
        "buttons": inline_json(message.reply_markup),
    }


def user_message_json(state: BotState, message: dict[str, Any]) -> dict[str, Any]:
    """One message the persona sent: text, contact, photo or document."""
    body: dict[str, Any] = {"id": message["message_id"], "from": "me", "date": message["date"], "buttons": []}
    text = message.get("text") or message.get("caption") or ""
    body["html"] = html.escape(text, quote=False)
    body["kind"], body["file"] = "text", None
    if "contact" in message:
        body["kind"] = "contact"
        body["html"] = html.escape(str(message["contact"].get("phone_number", "")), quote=False)
    elif "photo" in message:
        body["kind"] = "photo"
        body["file"] = file_json(state.files.get(message["photo"][-1]["file_id"]))
    elif "document" in message:
        body["kind"] = "document"
        body["file"] = file_json(state.files.get(message["document"]["file_id"]))
    return body


def reply_keyboard_json(chat: Chat) -> dict[str, Any] | None:
    """The reply keyboard under the input field, or None when the bot removed it."""
    markup = chat.reply_keyboard
    if not markup:
        return None
    rows = []
    for row in markup.get("keyboard", []):
        shown = reply_buttons({"keyboard": [row]})
        rows.append([{"text": str(b.get("text", "")), "contact": bool(b.get("request_contact"))} for b in shown])
    return {"rows": rows, "placeholder": str(markup.get("input_field_placeholder") or "")}


def commands_json(state: BotState, chat_id: int, language: str) -> list[dict[str, str]]:
    """The command menu a Telegram client shows this chat: the narrowest scope set, in its language if set."""
    scopes = [{"type": "chat", "chat_id": chat_id}, {"type": "all_private_chats"}, {"type": "default"}]
    for scope in scopes:
        key = json.dumps(scope, sort_keys=True)
        for lang in (language, ""):
            commands = state.commands.get((key, lang))
            if commands:
                return [{"command": str(c["command"]), "description": str(c["description"])} for c in commands]
    return []


def chat_json(state: BotState, chat: Chat, language: str) -> dict[str, Any]:
    """Everything the page draws for one chat."""
    shown = [bot_message_json(message) for message in chat.messages if not message.deleted]
    shown += [user_message_json(state, message) for message in chat.incoming.values()]
    shown.sort(key=lambda message: int(message["id"]))
    return {
        "messages": shown,
        "keyboard": reply_keyboard_json(chat),
        "commands": commands_json(state, chat.id, language),
    }
