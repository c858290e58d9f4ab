"""Bot API methods that change what was already posted: edits, deletions and callback answers."""

from __future__ import annotations

from typing import Any

from bot.fakebotapi.errors import bad_request
from bot.fakebotapi.markup import is_inline, parse_reply_markup
from bot.fakebotapi.methods import caption, message_text, utf16_length
from bot.fakebotapi.params import Params, method
from bot.fakebotapi.records import CallbackAnswer
from bot.fakebotapi.state import BotMessage, BotState

NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the same "
    "as a current content and reply markup of the message"
)


def _target(state: BotState, params: Params) -> BotMessage:
    if params.get("inline_message_id"):
        # The bot has no inline mode, so no inline message can exist.
        raise bad_request("message to edit not found")
    chat = state.writable_chat(params.chat_id())
    message_id = params.integer("message_id")
    message = chat.find(message_id)
    if message is None:
        raise bad_request("message can't be edited" if message_id in chat.incoming else "message to edit not found")
    return message


def _inline_markup(params: Params) -> dict[str, Any] | None:
    markup = parse_reply_markup(params)
    if markup is not None and not is_inline(markup):
        raise bad_request("inline keyboard expected")
    return markup


def _apply(
    message: BotMessage,
    edit_date: int,
    raw: str | None,
    text: str | None,
    parse_mode: str | None,
    markup: dict[str, Any] | None,
) -> dict[str, Any]:
    current_inline = message.reply_markup if is_inline(message.reply_markup) else None
    if (raw, text, markup) == (message.raw, message.text, current_inline):
        raise bad_request(NOT_MODIFIED)
    message.history.append(message.snapshot())
    message.raw, message.text, message.parse_mode = raw, text, parse_mode
    # Omitting reply_markup in an edit removes an inline keyboard; a reply keyboard is client-side and stays.
    if markup is not None or current_inline is not None:
        message.reply_markup = markup
    message.edit_date = edit_date
    return message.to_json()


@method("editMessageText")
async def edit_message_text(state: BotState, params: Params) -> dict[str, Any]:
    """Replace a text message's text (and its inline keyboard, removed when omitted)."""
    message = _target(state, params)
    if message.kind != "text":
        raise bad_request("there is no text in the message to edit")
    raw, plain, parse_mode = message_text(params, platform=state.platform)
    return _apply(message, state.now(), raw, plain, parse_mode, _inline_markup(params))


@method("editMessageCaption")
async def edit_message_caption(state: BotState, params: Params) -> dict[str, Any]:
    """Replace a media message's caption (an omitted caption removes it)."""
    message = _target(state, params)
    if message.kind == "text":
        raise bad_request("there is no caption in the message to edit")
    raw, plain, parse_mode = caption(params, platform=state.platform)
    return _apply(message, state.now(), raw, plain, parse_mode, _inline_markup(params))


@method("editMessageReplyMarkup")
async def edit_message_reply_markup(state: BotState, params: Params) -> dict[str, Any]:
    """Replace or remove a message's inline keyboard."""
    message = _target(state, params)
    return _apply(message, state.now(), message.raw, message.text, message.parse_mode, _inline_markup(params))


@method("deleteMessage")
async def delete_message(state: BotState, params: Params) -> bool:
    """Delete a bot message (kept in the record with `deleted=True`) or a user's message."""
    chat = state.chat(params.chat_id())
    message_id = params.integer("message_id")
    message = chat.find(message_id)
    if message is not None:
        message.deleted = True
        return True
    if message_id is not None and chat.incoming.pop(message_id, None) is not None:
        return True
    raise bad_request("message to delete not found")


@method("deleteMessages")
async def delete_messages(state: BotState, params: Params) -> bool:
    """Delete several messages; like Telegram, ids that do not exist are skipped."""
    chat = state.chat(params.chat_id())
    ids = params.parsed("message_ids")
    if not isinstance(ids, list) or not 1 <= len(ids) <= 100:
        raise bad_request("message_ids must be a non-empty array")
    for message_id in ids:
        message = chat.find(int(message_id))
        if message is not None:
            message.deleted = True
        chat.incoming.pop(int(message_id), None)
    return True


@method("answerCallbackQuery")
async def answer_callback_query(state: BotState, params: Params) -> bool:
    """Answer a button press once; a second answer or an unknown id fails as in Telegram."""
    query_id = params.string("callback_query_id") or ""
    text = params.string("text")
    if text and utf16_length(text) > 200:
        raise bad_request("MESSAGE_TOO_LONG")
    pending = state.pending_queries.pop(query_id, None)
    if pending is None:
        raise bad_request("query is too old and response timeout expired or query ID is invalid")
    answer = CallbackAnswer(query_id, pending.data, text, params.flag("show_alert"), params.string("url"))
    state.chats[pending.chat_id].callback_answers.append(answer)
    return True
