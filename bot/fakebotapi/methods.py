"""Bot API methods that post messages: sendMessage, sendPhoto, sendDocument, copyMessage, forwardMessage."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from bot.fakebotapi.errors import bad_request
from bot.fakebotapi.files import StoredFile
from bot.fakebotapi.html import render
from bot.fakebotapi.markdown import bale_text
from bot.fakebotapi.markup import parse_reply_markup
from bot.fakebotapi.params import Params, Upload, method
from bot.fakebotapi.state import BotState

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024


def utf16_length(text: str) -> int:
    """Telegram measures text in UTF-16 code units, so emoji count twice."""
    return len(text.encode("utf-16-le")) // 2


def shown(raw: str, parse_mode: str | None, platform: str) -> str:
    """What the user sees of a text: Telegram applies `parse_mode`; Bale reads Markdown and has no parse_mode."""
    return bale_text(raw, parse_mode) if platform == "bale" else render(raw, parse_mode)


def message_text(params: Params, name: str = "text", *, platform: str = "telegram") -> tuple[str, str, str | None]:
    """(raw, plain, parse_mode) of a message text, with Telegram's emptiness, markup and length checks."""
    raw = params.string(name) or ""
    if not raw.strip():
        raise bad_request("message text is empty")
    parse_mode = params.string("parse_mode")
    plain = shown(raw, parse_mode, platform)
    if not plain.strip():
        raise bad_request("message text is empty")
    if utf16_length(plain) > TEXT_LIMIT:
        raise bad_request("message is too long")
    return raw, plain, parse_mode


def caption(params: Params, *, platform: str = "telegram") -> tuple[str | None, str | None, str | None]:
    """(raw, plain, parse_mode) of an optional caption."""
    raw = params.string("caption")
    parse_mode = params.string("parse_mode")
    if platform == "bale" and parse_mode:
        raise bad_request("parse_mode is not supported: Bale reads every text as Markdown")
    if not raw:
        return None, None, parse_mode
    plain = shown(raw, parse_mode, platform)
    if utf16_length(plain) > CAPTION_LIMIT:
        raise bad_request("message caption is too long")
    return raw, plain, parse_mode


def input_file(state: BotState, params: Params, name: str, kind: Literal["photo", "document"]) -> StoredFile:
    """A new upload, or a file the server already has by file_id."""
    value = params.file(name)
    if value is None or value == "":
        raise bad_request(f"there is no {name} in the request")
    if isinstance(value, Upload):
        return state.files.add(value.data, kind, value.filename)
    stored = state.files.get(value)
    if stored is None:
        if value.startswith(("http://", "https://")):
            raise bad_request("failed to get HTTP URL content")
        raise bad_request("wrong file identifier/HTTP URL specified")
    if stored.kind != kind:
        raise bad_request(f"can't use file of type {stored.kind.title()} as {kind.title()}")
    return stored


@method("sendMessage")
async def send_message(state: BotState, params: Params) -> dict[str, Any]:
    """Post a text message."""
    chat = state.writable_chat(params.chat_id())
    raw, plain, parse_mode = message_text(params, platform=state.platform)
    markup = parse_reply_markup(params)
    message = state.add_message(
        chat, kind="text", raw=raw, text=plain, parse_mode=parse_mode, reply_markup=markup, file=None
    )
    return message.to_json()


async def _send_media(state: BotState, params: Params, kind: Literal["photo", "document"]) -> dict[str, Any]:
    chat = state.writable_chat(params.chat_id())
    raw, plain, parse_mode = caption(params, platform=state.platform)
    markup = parse_reply_markup(params)
    stored = input_file(state, params, kind, kind)
    message = state.add_message(
        chat, kind=kind, raw=raw, text=plain, parse_mode=parse_mode, reply_markup=markup, file=stored
    )
    return message.to_json()


@method("sendPhoto")
async def send_photo(state: BotState, params: Params) -> dict[str, Any]:
    """Post a photo (uploaded bytes or an existing file_id)."""
    return await _send_media(state, params, "photo")


@method("sendDocument")
async def send_document(state: BotState, params: Params) -> dict[str, Any]:
    """Post a document (uploaded bytes or an existing file_id)."""
    return await _send_media(state, params, "document")


@dataclass(frozen=True)
class _Source:
    kind: Literal["text", "photo", "document"]
    raw: str | None
    text: str | None
    parse_mode: str | None
    file: StoredFile | None
    sender: dict[str, Any]


def _source(state: BotState, params: Params, verb: str) -> _Source:
    chat = state.chat(params.chat_id("from_chat_id"))
    message_id = params.integer("message_id")
    sent = chat.find(message_id)
    if sent is not None:
        return _Source(sent.kind, sent.raw, sent.text, sent.parse_mode, sent.file, sent.sender)
    incoming = chat.incoming.get(message_id or 0)
    if incoming is None:
        raise bad_request(f"message to {verb} not found")
    if "text" in incoming:
        return _Source("text", incoming["text"], incoming["text"], None, None, incoming["from"])
    text = incoming.get("caption")
    if "photo" in incoming:
        photo = state.files.get(incoming["photo"][-1]["file_id"])
        return _Source("photo", text, text, None, photo, incoming["from"])
    if "document" in incoming:
        document = state.files.get(incoming["document"]["file_id"])
        return _Source("document", text, text, None, document, incoming["from"])
    raise bad_request(f"message can't be {'copied' if verb == 'copy' else 'forwarded'}")


@method("copyMessage")
async def copy_message(state: BotState, params: Params) -> dict[str, Any]:
    """Post a copy without the "forwarded from" header; returns only the new MessageId."""
    source = _source(state, params, "copy")
    chat = state.writable_chat(params.chat_id())
    raw, text, parse_mode = source.raw, source.text, source.parse_mode
    if source.kind != "text" and params.get("caption") is not None:
        raw, text, parse_mode = caption(params, platform=state.platform)
    message = state.add_message(
        chat,
        kind=source.kind,
        raw=raw,
        text=text,
        parse_mode=parse_mode,
        reply_markup=parse_reply_markup(params),
        file=source.file,
    )
    return {"message_id": message.message_id}


@method("forwardMessage")
async def forward_message(state: BotState, params: Params) -> dict[str, Any]:
    """Post a forward that credits the original sender."""
    source = _source(state, params, "forward")
    chat = state.writable_chat(params.chat_id())
    origin = {"type": "user", "date": state.now(), "sender_user": source.sender}
    message = state.add_message(
        chat,
        kind=source.kind,
        raw=source.raw,
        text=source.text,
        parse_mode=source.parse_mode,
        file=source.file,
        forward_origin=origin,
    )
    return message.to_json()
