"""Bot message text as safe HTML for the page: Telegram's formatting tags kept, everything else escaped.

The page shows bot text with `innerHTML`, so this module is the only thing standing between a member's name
(or any text the bot echoes) and the browser. It never copies markup through: it re-writes the text from
parsed pieces, escaping every piece of text and emitting only tags and attributes from its own table.
"""

from __future__ import annotations

import html
from html.parser import HTMLParser

# Telegram tag → what the page uses. Tags not listed here are dropped and their text kept (escaped).
_SIMPLE = {
    "b": "b",
    "strong": "b",
    "i": "i",
    "em": "i",
    "u": "u",
    "ins": "u",
    "s": "s",
    "strike": "s",
    "del": "s",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
}
_SPOILER = '<span class="spoiler">'
_SAFE_SCHEMES = ("http://", "https://")


def telegram_html(text: str | None, parse_mode: str | None) -> str:
    """Safe HTML for a message's text or caption as the bot sent it with `parse_mode`."""
    if not text:
        return ""
    if (parse_mode or "").lower() != "html":
        return html.escape(text, quote=False)
    converter = _Converter()
    converter.feed(text)
    converter.close()
    return converter.result()


class _Converter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.open: list[tuple[str, str]] = []  # (source tag, closing markup)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in _SIMPLE:
            self._open(tag, f"<{_SIMPLE[tag]}>", f"</{_SIMPLE[tag]}>")
        elif tag == "tg-spoiler" or (tag == "span" and values.get("class") == "tg-spoiler"):
            self._open(tag, _SPOILER, "</span>")
        elif tag == "a":
            href = (values.get("href") or "").strip()
            if href.lower().startswith(_SAFE_SCHEMES):
                quoted = html.escape(href, quote=True)
                self._open(tag, f'<a href="{quoted}" target="_blank" rel="noopener noreferrer nofollow">', "</a>")
            else:  # tg://user?id=… and other client-only links: show the text, link nowhere
                self._open(tag, '<span class="link">', "</span>")
        else:
            self.open.append((tag, ""))

    def handle_endtag(self, tag: str) -> None:
        # Telegram already rejected mismatched tags; still, close only what is open, innermost first.
        if not any(name == tag for name, _ in self.open):
            return
        while self.open:
            name, closing = self.open.pop()
            self.out.append(closing)
            if name == tag:
                return

    def handle_data(self, data: str) -> None:
        self.out.append(html.escape(data, quote=False))

    def _open(self, tag: str, markup: str, closing: str) -> None:
        self.out.append(markup)
        self.open.append((tag, closing))

    def result(self) -> str:
        closing = [closing for _, closing in reversed(self.open)]
        self.open.clear()
        return "".join(self.out + closing)
