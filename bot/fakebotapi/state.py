"""What the fake server remembers: chats, the bot's messages with their edits, files, calls and updates."""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from bot.fakebotapi.errors import bad_request, forbidden
from bot.fakebotapi.files import FileStore, StoredFile
from bot.fakebotapi.markup import inline_buttons, is_inline
from bot.fakebotapi.records import ApiCall, CallbackAnswer, PendingQuery, Snapshot
from bot.fakebotapi.updates import BALE_UPDATES, UpdateQueue

Platform = Literal["telegram", "bale"]


@dataclass
class BotMessage:
    """A message the bot sent. `raw` is the text or caption as sent; `text` is what the user sees."""

    message_id: int
    chat: dict[str, Any] = field(repr=False)
    sender: dict[str, Any] = field(repr=False)
    date: int
    kind: Literal["text", "photo", "document"]
    raw: str | None
    text: str | None
    parse_mode: str | None = None
    reply_markup: dict[str, Any] | None = None
    file: StoredFile | None = None
    forward_origin: dict[str, Any] | None = None
    edit_date: int | None = None
    history: list[Snapshot] = field(default_factory=list)
    deleted: bool = False

    @property
    def chat_id(self) -> int:
        """The chat this message is in."""
        return int(self.chat["id"])

    @property
    def buttons(self) -> list[str]:
        """Texts of the inline buttons, row by row."""
        return [str(button["text"]) for button in inline_buttons(self.reply_markup)]

    def snapshot(self) -> Snapshot:
        """The current content, to keep in `history` before an edit."""
        return Snapshot(self.raw, self.text, self.parse_mode, self.reply_markup, self.edit_date)

    def to_json(self) -> dict[str, Any]:
        """The Message object as the Bot API returns it (entities omitted)."""
        body: dict[str, Any] = {"message_id": self.message_id, "from": self.sender, "chat": self.chat}
        body["date"] = self.date
        if self.forward_origin:
            body["forward_origin"] = self.forward_origin
        if self.edit_date is not None:
            body["edit_date"] = self.edit_date
        if self.kind == "text":
            body["text"] = self.raw if self.text is None else self.text
        else:
            assert self.file is not None
            if self.kind == "photo":
                body["photo"] = self.file.photo_sizes()
            else:
                body["document"] = self.file.document()
            if self.text:
                body["caption"] = self.text
        # Telegram echoes only inline keyboards; reply keyboards live on the client, not in the Message.
        if is_inline(self.reply_markup):
            body["reply_markup"] = self.reply_markup
        return body


@dataclass
class Chat:
    """A private chat with one user."""

    id: int
    user: dict[str, Any]
    blocked: bool = False
    messages: list[BotMessage] = field(default_factory=list)
    incoming: dict[int, dict[str, Any]] = field(default_factory=dict)
    callback_answers: list[CallbackAnswer] = field(default_factory=list)
    reply_keyboard: dict[str, Any] | None = None
    menu_button: dict[str, Any] | None = None
    _message_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1), repr=False)

    def to_json(self) -> dict[str, Any]:
        """The Chat object of a private chat."""
        body: dict[str, Any] = {"id": self.id, "type": "private"}
        body.update({key: self.user[key] for key in ("first_name", "last_name", "username") if key in self.user})
        return body

    def next_message_id(self) -> int:
        """Private chats number user and bot messages in one sequence."""
        return next(self._message_ids)

    def find(self, message_id: int | None) -> BotMessage | None:
        """A bot message in this chat that still exists."""
        return next((m for m in self.messages if m.message_id == message_id and not m.deleted), None)


class BotState:
    """Everything one fake bot knows. Method handlers and the user driver both work on this."""

    def __init__(
        self,
        token: str,
        *,
        username: str,
        bot_id: int,
        first_name: str,
        platform: Platform,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.token = token
        self.username = username
        self.bot_id = bot_id
        self.first_name = first_name
        self.platform = platform
        self.clock = clock
        self.chats: dict[int, Chat] = {}
        self.files = FileStore()
        self.updates = UpdateQueue(BALE_UPDATES if platform == "bale" else None)
        self.calls: list[ApiCall] = []
        self.commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self.default_menu_button: dict[str, Any] | None = None
        self.webhook: dict[str, Any] | None = None
        self.pending_queries: dict[str, PendingQuery] = {}
        self._query_ids = itertools.count(1)

    def now(self) -> int:
        """Unix time as Telegram stamps messages."""
        return int(self.clock())

    def bot_user(self) -> dict[str, Any]:
        """The bot as a User object (the `from` of its messages)."""
        return {"id": self.bot_id, "is_bot": True, "first_name": self.first_name, "username": self.username}

    def new_query_id(self) -> str:
        """A fresh callback query id."""
        return f"{self.bot_id}{next(self._query_ids):08d}"

    def chat(self, chat_id: int | str) -> Chat:
        """A chat the bot may address; unknown ids and @usernames are "chat not found" as in Telegram."""
        if isinstance(chat_id, str):
            name = chat_id.removeprefix("@").lower()
            found = next((c for c in self.chats.values() if str(c.user.get("username", "")).lower() == name), None)
        else:
            found = self.chats.get(chat_id)
        if found is None:
            raise bad_request("chat not found")
        return found

    def writable_chat(self, chat_id: int | str) -> Chat:
        """A chat the bot may post into right now: blocked users refuse with 403."""
        chat = self.chat(chat_id)
        if chat.blocked:
            raise forbidden("bot was blocked by the user")
        return chat

    def ensure_chat(self, user: dict[str, Any]) -> Chat:
        """The chat with a user, created when they first write (bots cannot start conversations)."""
        chat = self.chats.get(int(user["id"]))
        if chat is None:
            chat = self.chats[int(user["id"])] = Chat(int(user["id"]), user)
        return chat

    def add_message(self, chat: Chat, **content: Any) -> BotMessage:
        """Record a new bot message in `chat`, tracking the reply keyboard it installs or removes."""
        message = BotMessage(chat.next_message_id(), chat.to_json(), self.bot_user(), self.now(), **content)
        chat.messages.append(message)
        markup = message.reply_markup
        if markup and "keyboard" in markup:
            chat.reply_keyboard = markup
        elif markup and markup.get("remove_keyboard"):
            chat.reply_keyboard = None
        return message
