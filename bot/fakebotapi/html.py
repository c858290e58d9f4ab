"""Telegram's HTML parse_mode, checked as strictly as the Bot API documents it.

The error texts follow TDLib's parser so that a test failing here reads like the production log would.
One deliberate difference: Telegram silently keeps a bare `&` that starts no entity, but its documentation
says every `&` must be escaped, and an unescaped `&` in user-supplied text usually means a `<` elsewhere
is unescaped too, so it is rejected here.
"""

from __future__ import annotations

import html
import re

from bot.fakebotapi.errors import bad_request

ALLOWED_TAGS = frozenset(
    {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre", "tg-spoiler", "span", "blockquote"}
)
NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ENTITY = re.compile(r"&(?:#(\d{1,8})|#[xX]([0-9a-fA-F]{1,7})|([A-Za-z][A-Za-z0-9]*));")
_NAME_TOKEN = re.compile(r"[A-Za-z0-9.\-]*")


class HtmlParseError(ValueError):
    """The text is not valid Telegram HTML; the message is Telegram's explanation."""


def html_to_plain(text: str) -> str:
    """Validate Telegram HTML and return the text a user would see (tags stripped, entities decoded)."""
    parser = _Parser(text)
    return parser.run()


def render(text: str, parse_mode: str | None) -> str:
    """The plain text a message shows for `parse_mode`; raises the Bot API's 400 for bad markup."""
    if not parse_mode:
        return text
    mode = parse_mode.lower()
    if mode == "html":
        try:
            return html_to_plain(text)
        except HtmlParseError as error:
            raise bad_request(f"can't parse entities: {error}") from None
    if mode in {"markdown", "markdownv2"}:
        # Not validated yet: the bot only uses HTML, so markdown is passed through literally.
        return text
    raise bad_request("unsupported parse_mode")


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.out: list[str] = []
        self.open: list[str] = []

    def offset(self, index: int) -> int:
        # Telegram reports UTF-8 byte offsets, which differ from str indices for Persian text.
        return len(self.text[:index].encode("utf-8"))

    def run(self) -> str:
        text = self.text
        while self.pos < len(text):
            char = text[self.pos]
            if char == "&":
                self.entity()
            elif char == "<":
                if text.startswith("</", self.pos):
                    self.end_tag()
                else:
                    self.start_tag()
            else:
                self.out.append(char)
                self.pos += 1
        if self.open:
            raise HtmlParseError(f'Can\'t find end tag corresponding to start tag "{self.open[-1]}"')
        return "".join(self.out)

    def entity(self) -> None:
        match = _ENTITY.match(self.text, self.pos)
        decoded = _decode_entity(match) if match else None
        if match is None or decoded is None:
            raise HtmlParseError(f'Unescaped "&" at byte offset {self.offset(self.pos)}; use "&amp;"')
        self.out.append(decoded)
        self.pos = match.end()

    def start_tag(self) -> None:
        text, begin = self.text, self.pos
        end = begin + 1
        while end < len(text) and not text[end].isspace() and text[end] != ">":
            end += 1
        if end >= len(text):
            raise HtmlParseError(f"Unclosed start tag at byte offset {self.offset(begin)}")
        name = text[begin + 1 : end].lower()
        if name not in ALLOWED_TAGS:
            raise HtmlParseError(f'Unsupported start tag "{name}" at byte offset {self.offset(begin)}')
        attributes, self.pos = self.attributes(name, begin, end)
        if name == "span" and attributes.get("class") != "tg-spoiler":
            raise HtmlParseError(f'Tag "span" must have class "tg-spoiler" at byte offset {self.offset(begin)}')
        self.open.append(name)

    def attributes(self, name: str, begin: int, pos: int) -> tuple[dict[str, str], int]:
        text, found = self.text, dict[str, str]()
        unclosed = HtmlParseError(f"Unclosed start tag at byte offset {self.offset(begin)}")
        while True:
            while pos < len(text) and text[pos].isspace():
                pos += 1
            if pos >= len(text):
                raise unclosed
            if text[pos] == ">":
                return found, pos + 1
            start = pos
            while pos < len(text) and not text[pos].isspace() and text[pos] not in "=>":
                pos += 1
            attribute = text[start:pos].lower()
            while pos < len(text) and text[pos].isspace():
                pos += 1
            if (name, attribute) == ("blockquote", "expandable") and (pos >= len(text) or text[pos] != "="):
                found[attribute] = ""
                continue
            if pos >= len(text) or text[pos] != "=":
                raise HtmlParseError(
                    f'Expected equal sign in declaration of an attribute of the tag "{name}" '
                    f"at byte offset {self.offset(begin)}"
                )
            pos += 1
            while pos < len(text) and text[pos].isspace():
                pos += 1
            if pos >= len(text):
                raise unclosed
            if text[pos] in "'\"":
                close = text.find(text[pos], pos + 1)
                if close < 0:
                    raise unclosed
                found[attribute] = html.unescape(text[pos + 1 : close])
                pos = close + 1
            else:
                token = _NAME_TOKEN.match(text, pos)
                value = token.group() if token else ""
                found[attribute] = value.lower()
                pos += len(value)

    def end_tag(self) -> None:
        text, begin = self.text, self.pos
        if not self.open:
            raise HtmlParseError(f"Unexpected end tag at byte offset {self.offset(begin)}")
        end = begin + 2
        while end < len(text) and not text[end].isspace() and text[end] != ">":
            end += 1
        name = text[begin + 2 : end].lower()
        while end < len(text) and text[end].isspace():
            end += 1
        if end >= len(text) or text[end] != ">":
            raise HtmlParseError(f"Unclosed end tag at byte offset {self.offset(begin)}")
        expected = self.open[-1]
        if name and name != expected:
            raise HtmlParseError(
                f'Unmatched end tag at byte offset {self.offset(begin)}, expected "</{expected}>", found "</{name}>"'
            )
        self.open.pop()
        self.pos = end + 1


def _decode_entity(match: re.Match[str]) -> str | None:
    decimal, hexadecimal, name = match.groups()
    if name is not None:
        return NAMED_ENTITIES.get(name)
    code = int(decimal) if decimal is not None else int(hexadecimal, 16)
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return None
    return chr(code)
