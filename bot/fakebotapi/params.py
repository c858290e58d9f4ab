"""Reading a Bot API request the way Telegram does: query string, form, multipart or JSON, all alike."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from aiohttp import web

from bot.fakebotapi.errors import bad_request

if TYPE_CHECKING:
    from bot.fakebotapi.state import BotState


@dataclass(frozen=True)
class Upload:
    """A file uploaded in a multipart request."""

    data: bytes
    filename: str | None
    content_type: str | None


class Params:
    """The parameters of one call. Form values arrive as strings (JSON-encoded for objects), JSON as values."""

    def __init__(self, values: Mapping[str, Any]) -> None:
        self.values = dict(values)

    @classmethod
    async def from_request(cls, request: web.Request) -> Params:
        """Merge the query string with whatever body encoding the client chose."""
        values: dict[str, Any] = dict(request.query)
        if request.content_type == "application/json":
            try:
                body = await request.json()
            except ValueError:
                raise bad_request("can't parse JSON body") from None
            if not isinstance(body, dict):
                raise bad_request("JSON body must be an object")
            values.update(body)
        elif request.content_type in {"application/x-www-form-urlencoded", "multipart/form-data"}:
            for key, value in (await request.post()).items():
                if isinstance(value, web.FileField):
                    values[key] = Upload(value.file.read(), value.filename, value.content_type)
                elif isinstance(value, bytes):
                    values[key] = Upload(value, None, None)
                else:
                    values[key] = value
        return cls(values)

    def describe(self) -> dict[str, Any]:
        """The values as recorded for tests: uploads become a short description instead of bytes."""
        return {
            key: f"<upload {value.filename or '?'}: {len(value.data)} bytes>" if isinstance(value, Upload) else value
            for key, value in self.values.items()
        }

    def get(self, name: str) -> Any:
        """The raw value, or None when absent."""
        return self.values.get(name)

    def string(self, name: str) -> str | None:
        """A string parameter; non-string JSON values are turned back into their text form."""
        value = self.values.get(name)
        if value is None or isinstance(value, str):
            return value
        if isinstance(value, Upload):
            raise bad_request(f"{name} must be a string")
        return json.dumps(value, ensure_ascii=False) if isinstance(value, dict | list | bool) else str(value)

    def integer(self, name: str) -> int | None:
        """An integer parameter; garbage is a 400 as in Telegram."""
        value = self.values.get(name)
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            return int(value)
        if isinstance(value, int):
            return value
        try:
            return int(str(value))
        except ValueError:
            raise bad_request(f"invalid {name} specified") from None

    def flag(self, name: str) -> bool:
        """A boolean parameter; absent means false."""
        value = self.values.get(name)
        if isinstance(value, str):
            return value.strip().lower() in {"true", "1"}
        return bool(value)

    def parsed(self, name: str, error: str | None = None) -> Any:
        """An object parameter: form clients send it JSON-encoded, JSON clients send it inline."""
        value = self.values.get(name)
        if not isinstance(value, str):
            return value
        try:
            return json.loads(value)
        except ValueError:
            raise bad_request(error or f"can't parse {name} JSON object") from None

    def chat_id(self, name: str = "chat_id") -> int | str:
        """A chat id: a number or an @username."""
        value = self.values.get(name)
        if value is None or value == "":
            raise bad_request(f"{name} is empty")
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        text = str(value).strip()
        try:
            return int(text)
        except ValueError:
            return text

    def file(self, name: str) -> Upload | str | None:
        """An InputFile: an upload (directly or via `attach://key`), or a file_id/URL string."""
        value = self.values.get(name)
        if isinstance(value, str) and value.startswith("attach://"):
            attached = self.values.get(value.removeprefix("attach://"))
            if not isinstance(attached, Upload):
                raise bad_request(f"there is no {name} in the request")
            return attached
        if value is None or isinstance(value, Upload | str):
            return value
        raise bad_request(f"wrong {name} specified")


Handler = Callable[["BotState", Params], Awaitable[Any]]


@dataclass(frozen=True)
class Method:
    """A registered Bot API method."""

    name: str
    handler: Handler


_METHODS: dict[str, Method] = {}


def method(name: str) -> Callable[[Handler], Handler]:
    """Register a handler under its Bot API name; lookups ignore case, as Telegram's do."""

    def register(handler: Handler) -> Handler:
        _METHODS[name.lower()] = Method(name, handler)
        return handler

    return register


def lookup(name: str) -> Method | None:
    """The registered method for a name in any letter case."""
    return _METHODS.get(name.lower())
