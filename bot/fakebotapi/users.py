"""The user side: a fake Telegram client that writes to the bot, presses buttons and reads replies."""

from __future__ import annotations

import enum
from collections.abc import Awaitable, Callable
from typing import Any

from bot.fakebotapi.markup import inline_buttons, reply_buttons
from bot.fakebotapi.methods import utf16_length
from bot.fakebotapi.records import CallbackAnswer, PendingQuery
from bot.fakebotapi.state import BotMessage, BotState, Chat


class _Own(enum.Enum):
    ID = "own"


OWN_ID = _Own.ID
"""`send_contact(user_id=OWN_ID)`: the contact is the sender's own, as a request_contact button shares it."""

Settle = Callable[[], Awaitable[None]]


class FakeUser:
    """One Telegram user talking to the bot in a private chat. Create it with `FakeBotAPI.user()`.

    Every sending method queues an update and, unless `wait=False`, returns only after the bot has
    confirmed it (see the package docstring), so the bot's replies can be read right away.
    """

    def __init__(self, state: BotState, settle: Settle, user: dict[str, Any]) -> None:
        self._state = state
        self._settle = settle
        self.user = user

    @property
    def id(self) -> int:
        """The user's id, which is also the private chat's id."""
        return int(self.user["id"])

    @property
    def chat(self) -> Chat:
        """The private chat, created on first use as if the user opened it."""
        return self._state.ensure_chat(self.user)

    @property
    def messages(self) -> list[BotMessage]:
        """The bot's messages the user can still see, oldest first, with edits applied."""
        return [message for message in self.chat.messages if not message.deleted]

    @property
    def last(self) -> BotMessage:
        """The bot's newest visible message."""
        visible = self.messages
        if not visible:
            raise LookupError(f"the bot has sent no message to user {self.id}")
        return visible[-1]

    @property
    def callback_answers(self) -> list[CallbackAnswer]:
        """The bot's answers to this user's button presses, oldest first."""
        return self.chat.callback_answers

    @property
    def reply_keyboard(self) -> list[dict[str, Any]]:
        """Buttons of the reply keyboard currently shown to the user."""
        return reply_buttons(self.chat.reply_keyboard)

    def texts(self) -> list[str]:
        """The visible text (or caption) of every visible bot message."""
        return [message.text or "" for message in self.messages]

    async def send(self, text: str, *, wait: bool = True) -> list[BotMessage]:
        """Send a text; returns the bot messages that appeared meanwhile ([] when `wait=False`)."""
        body: dict[str, Any] = {"text": text}
        if text.startswith("/"):
            command = text.split(maxsplit=1)[0]
            body["entities"] = [{"type": "bot_command", "offset": 0, "length": utf16_length(command)}]
        return await self._post(body, wait)

    async def press_reply(self, text: str, *, wait: bool = True) -> list[BotMessage]:
        """Tap a reply-keyboard button, which sends its text. Contact buttons need `send_contact`."""
        button = next((b for b in self.reply_keyboard if b.get("text") == text), None)
        if button is None:
            shown = [b.get("text") for b in self.reply_keyboard]
            raise LookupError(f"no reply keyboard button {text!r} is shown; buttons: {shown}")
        if button.get("request_contact"):
            raise ValueError(f"{text!r} shares a contact: use send_contact() instead")
        return await self.send(text, wait=wait)

    async def send_contact(
        self,
        phone_number: str,
        *,
        user_id: int | _Own | None = OWN_ID,
        first_name: str | None = None,
        last_name: str | None = None,
        wait: bool = True,
    ) -> list[BotMessage]:
        """Share a contact: the user's own by default, someone else's with another user_id, or one without."""
        contact: dict[str, Any] = {"phone_number": phone_number}
        contact["first_name"] = first_name if first_name is not None else self.user.get("first_name", "")
        if last_name is not None:
            contact["last_name"] = last_name
        elif user_id is OWN_ID and "last_name" in self.user:
            contact["last_name"] = self.user["last_name"]
        if user_id is not None:
            contact["user_id"] = self.id if user_id is OWN_ID else user_id
        return await self._post({"contact": contact}, wait)

    async def send_photo(self, data: bytes, *, caption: str | None = None, wait: bool = True) -> list[BotMessage]:
        """Send a photo; the bytes become downloadable through getFile."""
        stored = self._state.files.add(data, "photo")
        body: dict[str, Any] = {"photo": stored.photo_sizes()}
        if caption:
            body["caption"] = caption
        return await self._post(body, wait)

    async def send_document(
        self, data: bytes, filename: str = "file.bin", *, caption: str | None = None, wait: bool = True
    ) -> list[BotMessage]:
        """Send a file as a document; the bytes become downloadable through getFile."""
        stored = self._state.files.add(data, "document", filename)
        body: dict[str, Any] = {"document": stored.document()}
        if caption:
            body["caption"] = caption
        return await self._post(body, wait)

    async def press(
        self, button: str, message: BotMessage | None = None, *, wait: bool = True
    ) -> CallbackAnswer | None:
        """Press an inline button (by text or callback_data) in `message`, else in the newest message showing it.

        Returns the bot's answerCallbackQuery, or None if it did not answer (or `wait=False`).
        """
        candidates = [message] if message is not None else list(reversed(self.messages))
        for candidate in candidates:
            found = next(
                (b for b in inline_buttons(candidate.reply_markup) if button in (b["text"], b.get("callback_data"))),
                None,
            )
            if found is not None:
                break
        else:
            shown = [candidate.buttons for candidate in candidates]
            raise LookupError(f"no inline button {button!r}; buttons shown: {shown}")
        if "callback_data" not in found:
            raise ValueError(f"inline button {button!r} is not a callback button: {found}")
        query_id = self._state.new_query_id()
        data = str(found["callback_data"])
        self._state.pending_queries[query_id] = PendingQuery(self.id, data, candidate.message_id)
        query = {
            "id": query_id,
            "from": self.user,
            "message": candidate.to_json(),
            "chat_instance": str(self.id * 7919),
            "data": data,
        }
        self._state.updates.push("callback_query", query)
        if not wait:
            return None
        await self._settle()
        return next((a for a in self.callback_answers if a.query_id == query_id), None)

    async def block(self, *, wait: bool = True) -> None:
        """Block the bot: later sends to this chat fail with 403, and a my_chat_member update is queued."""
        await self._set_blocked(True, wait)

    async def unblock(self, *, wait: bool = True) -> None:
        """Unblock (restart) the bot."""
        await self._set_blocked(False, wait)

    async def _set_blocked(self, blocked: bool, wait: bool) -> None:
        chat = self.chat
        if chat.blocked == blocked:
            return
        chat.blocked = blocked
        bot = self._state.bot_user()
        old, new = ("member", "kicked") if blocked else ("kicked", "member")
        update = {
            "chat": chat.to_json(),
            "from": self.user,
            "date": self._state.now(),
            "old_chat_member": _member(old, bot),
            "new_chat_member": _member(new, bot),
        }
        self._state.updates.push("my_chat_member", update)
        if wait:
            await self._settle()

    async def _post(self, body: dict[str, Any], wait: bool) -> list[BotMessage]:
        chat = self.chat
        if chat.blocked:
            raise RuntimeError(f"user {self.id} has blocked the bot; call unblock() first")
        message_id = chat.next_message_id()
        message = {"message_id": message_id, "from": self.user, "chat": chat.to_json(), "date": self._state.now()}
        message.update(body)
        chat.incoming[message_id] = message
        seen = len(chat.messages)
        self._state.updates.push("message", message)
        if not wait:
            return []
        await self._settle()
        return [m for m in chat.messages[seen:] if not m.deleted]


def _member(status: str, bot: dict[str, Any]) -> dict[str, Any]:
    member: dict[str, Any] = {"status": status, "user": bot}
    if status == "kicked":
        member["until_date"] = 0
    return member
