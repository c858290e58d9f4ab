"""Bale's message text: no parse_mode, every text read as Markdown, checked strictly.

Bale's Bot API has no `parse_mode`: `*bold*`, `_italic_`, `` `code` ``, ```` ```pre``` ```` and `[text](url)` are
always interpreted. What the fake enforces, so that a test fails where a real Bale chat would look broken:

* `parse_mode` is refused: a bot that sends it believes Bale will read HTML (or MarkdownV2), and it will not.
* HTML markup (`<b>…</b>`, `&lt;`) is refused: Bale would show it literally.
* An entity that is never closed, or a `[` that starts no link, is refused (the text would show stray marks).
  A backslash before one of `\\ * _ ` [ ]` makes that character literal (Telegram's legacy Markdown rule; the
  fake assumes Bale follows it). Inside code, everything up to the closing backtick is literal.

Real Bale may render such text rather than refuse it; the fake is stricter on purpose.
"""

from __future__ import annotations

import re

from bot.fakebotapi.errors import ApiError, bad_request

SPECIAL = "\\*_`[]"
# A known tag with its closing tag (a lone "<b>" may be what a member typed as their name).
_HTML_TAG = re.compile(
    r"<(b|strong|i|em|u|ins|s|strike|del|a|code|pre|tg-spoiler|span|blockquote)\b[^>]*>.*?</\1>", re.I | re.S
)
_HTML_ENTITY = re.compile(r"&(?:lt|gt|amp|quot|#\d+|#x[0-9a-f]+);", re.I)


def bale_text(text: str, parse_mode: str | None) -> str:
    """The plain text a Bale user sees for a message text; raises the 400 described in the module docstring."""
    if parse_mode:
        raise bad_request("parse_mode is not supported: Bale reads every text as Markdown")
    leak = _HTML_TAG.search(text) or _HTML_ENTITY.search(text)
    if leak:
        raise bad_request(f"Bale shows HTML literally: {leak.group()!r} at offset {leak.start()}")
    return _Parser(text).run()


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.out: list[str] = []

    def error(self, begin: int) -> ApiError:
        offset = len(self.text[:begin].encode("utf-8"))
        return bad_request(f"can't parse entities: Can't find end of the entity starting at byte offset {offset}")

    def run(self) -> str:
        while self.pos < len(self.text):
            self.step(closing=None)
        return "".join(self.out)

    def step(self, closing: str | None) -> bool:
        """Consume one token; True when it was the `closing` mark of the entity being read."""
        text, char = self.text, self.text[self.pos]
        if char == "\\" and self.pos + 1 < len(text) and text[self.pos + 1] in SPECIAL:
            self.out.append(text[self.pos + 1])
            self.pos += 2
        elif closing is not None and char == closing:
            self.pos += 1
            return True
        elif closing is None and char in "*_":
            self.entity(char)
        elif char == "`":
            self.code()
        elif char == "[" and closing is None:
            self.link()
        elif char == "[":
            raise self.error(self.pos)  # a link inside bold/italic: entities do not nest
        else:
            self.out.append(char)
            self.pos += 1
        return False

    def entity(self, mark: str) -> None:
        begin = self.pos
        self.pos += 1
        while self.pos < len(self.text):
            if self.step(closing=mark):
                return
        raise self.error(begin)

    def code(self) -> None:
        fence = "```" if self.text.startswith("```", self.pos) else "`"
        end = self.text.find(fence, self.pos + len(fence))
        if end < 0:
            raise self.error(self.pos)
        self.out.append(self.text[self.pos + len(fence) : end])
        self.pos = end + len(fence)

    def link(self) -> None:
        begin = self.pos
        self.pos += 1
        label_start = len(self.out)
        while self.pos < len(self.text) and self.text[self.pos] != "]":
            if self.text[self.pos] in "*_`":
                raise self.error(begin)
            self.step(closing=None)
        if not self.text.startswith("](", self.pos):
            raise self.error(begin)
        end = self.text.find(")", self.pos + 2)
        if end < 0 or label_start == len(self.out):
            raise self.error(begin)
        self.pos = end + 1
