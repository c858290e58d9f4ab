"""Bale's one formatting difference, handled once for the whole bot.

Bale's Bot API has no `parse_mode`: every message text and caption is read as Markdown. The club writes every
text as Telegram HTML (locale texts with `<b>`, user input escaped by `Texts`), so the Bale bot's session runs
`BaleMarkdown`, which rewrites each outgoing text or caption from HTML into Bale Markdown and drops
`parse_mode`. Handlers, the notifier, the outbox and the scheduler stay the same on both messengers.

The conversion keeps bold, italic, code, pre and links, drops the tags Markdown cannot express (underline,
strike, spoiler, quote) keeping their text, and escapes every Markdown mark in the text with a backslash, so a
member called `*_Sara_*` is shown as typed and cannot break or restyle a message.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

from aiogram import Bot
from aiogram.client.default import Default
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.methods import Response, TelegramMethod
from aiogram.methods.base import TelegramType

MARKDOWN_SPECIAL = "\\*_`[]"
_MARKS = {"b": "*", "strong": "*", "i": "_", "em": "_", "code": "`", "pre": "```"}


def escape_markdown(text: str) -> str:
    """`text` shown literally in Bale Markdown: each of \\ * _ ` [ ] gets a backslash."""
    return "".join(f"\\{char}" if char in MARKDOWN_SPECIAL else char for char in text)


def html_to_bale(text: str) -> str:
    """Telegram HTML (as the club writes it) → the same message in Bale Markdown."""
    converter = _Converter()
    converter.feed(text)
    converter.close()
    return "".join(converter.out)


class _Converter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.open: list[tuple[str, str]] = []  # (tag, closing text); Markdown entities do not nest
        self.verbatim = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.open:  # an entity inside another: keep only the outer one
            self.open.append((tag, ""))
            return
        if tag == "a":
            href = dict(attrs).get("href") or ""
            self.out.append("[")
            self.open.append((tag, "](" + href.replace(")", "%29").replace(" ", "%20") + ")"))
        elif tag in _MARKS:
            self.out.append(_MARKS[tag])
            self.open.append((tag, _MARKS[tag]))
            self.verbatim = tag in {"code", "pre"}
        else:
            self.open.append((tag, ""))

    def handle_endtag(self, tag: str) -> None:
        if not self.open:
            return
        _, closing = self.open.pop()
        self.out.append(closing)
        if not self.open:
            self.verbatim = False

    def handle_data(self, data: str) -> None:
        if self.verbatim:  # code is literal up to its closing backtick, which therefore cannot appear inside
            self.out.append(data.replace("`", "'"))
        else:
            self.out.append(escape_markdown(data))


class BaleMarkdown(BaseRequestMiddleware):
    """The Bale bot's request middleware: HTML texts and captions become Bale Markdown; parse_mode is dropped."""

    async def __call__(
        self, make_request: NextRequestMiddlewareType[TelegramType], bot: Bot, method: TelegramMethod[TelegramType]
    ) -> Response[TelegramType]:
        fields = type(method).model_fields
        if "parse_mode" not in fields:
            return await make_request(bot, method)
        mode = method.parse_mode  # type: ignore[attr-defined]
        if isinstance(mode, Default):
            mode = bot.default[mode.name]
        mode = getattr(mode, "value", mode)  # ParseMode.HTML → "HTML"
        changes: dict[str, Any] = {"parse_mode": None}
        for name in ("text", "caption"):
            value = getattr(method, name, None)
            if isinstance(value, str) and str(mode).lower() == "html":
                changes[name] = html_to_bale(value)
            elif isinstance(value, str) and mode is None:
                changes[name] = escape_markdown(value)  # plain text stays plain on Bale too
        return await make_request(bot, method.model_copy(update=changes))
