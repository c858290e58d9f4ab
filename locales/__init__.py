"""Every text a person reads, in Fluent files (`fa.ftl`, `en.ftl`, `tr.ftl`) beside this module.

`Translator` loads the files once; `Texts` is one reader's view of them (language, calendar, time zone) and is
what handlers and the scheduler use. Numbers are formatted here, not by Fluent, because Persian wants
Persian digits as well as Persian separators, which Babel's patterns alone do not give.
"""

from __future__ import annotations

import datetime
import html
import re
from functools import cache, cached_property
from pathlib import Path
from typing import Any, cast
from zoneinfo import ZoneInfo

from babel.numbers import format_decimal
from fluent.runtime import FluentBundle, FluentResource

from loyalty.config import LANGUAGES, ClubSection, Language
from loyalty.dates import DEFAULT_CALENDAR, Calendar, format_date, to_persian_digits

LOCALES_DIR = Path(__file__).resolve().parent
# `{ $name }` placeholders, used by the parity test and by `placeholders()`.
PLACEABLE = re.compile(r"\{\s*\$([a-zA-Z][\w-]*)")


def format_number(value: int, lang: str) -> str:
    """`value` grouped with the language's separators: ۱٬۲۳۴ (Persian digits), 1,234, 1.234."""
    minus, group = _number_symbols(lang)
    text = f"{abs(value):,}".replace(",", group)
    if lang == "fa":
        text = to_persian_digits(text)
    return minus + text if value < 0 else text


@cache
def _number_symbols(lang: str) -> tuple[str, str]:
    """The minus sign and thousands separator Babel writes for `lang`, read once from its own output.

    Why not Babel on every call: it costs tens of microseconds a number, and every chat message has some. Every
    language shipped groups by threes, so the symbols are all that differ (a test compares with Babel).
    Persian separators (٬) come with the "arabext" numbering system; the digits are swapped afterwards.
    """
    system = "arabext" if lang == "fa" else "latn"
    minus = str(format_decimal(-1, locale=lang, numbering_system=system))[:-1]
    group = str(format_decimal(1000, locale=lang, numbering_system=system))[1:-3]
    return minus, group


class MissingText(KeyError):
    """A key that is not in a locale file: a bug, so it fails loudly in tests."""


class Translator:
    """The loaded locale files of every language Bashgah ships."""

    def __init__(self, directory: Path = LOCALES_DIR) -> None:
        self.sources: dict[str, str] = {lang: (directory / f"{lang}.ftl").read_text("utf-8") for lang in LANGUAGES}
        self._bundles: dict[str, FluentBundle] = {}
        self._variants: dict[str, frozenset[str]] = {}
        self._keys = {lang: frozenset(placeholders(source)) for lang, source in self.sources.items()}
        for lang, source in self.sources.items():
            bundle = FluentBundle([lang], use_isolating=False)
            bundle.add_resource(FluentResource(source))
            self._bundles[lang] = bundle

    def text(self, lang: str, key: str, /, **args: Any) -> str:
        """The message `key` in `lang` with `args` filled in; ints are formatted for the language."""
        bundle = self._bundles[lang]
        if not bundle.has_message(key):
            raise MissingText(f"{lang}:{key}")
        message = bundle.get_message(key)
        assert message.value is not None
        # Fluent would format ints itself, but with Latin digits; the files use no plural selectors.
        values = {name: _as_text(value, lang) for name, value in args.items()}
        text, errors = bundle.format_pattern(message.value, values)
        if errors:
            raise MissingText(f"{lang}:{key}: {errors[0]}")
        return str(text)

    def keys(self, lang: str) -> frozenset[str]:
        return self._keys[lang]

    def variants(self, key: str) -> frozenset[str]:
        """The message in every language: how a reply-keyboard button press is recognised whatever the language."""
        found = self._variants.get(key)
        if found is None:
            found = self._variants[key] = frozenset(self.text(lang, key) for lang in LANGUAGES)
        return found

    def texts(self, lang: str, calendar: Calendar | None = None, zone: str = "Asia/Tehran") -> Texts:
        return Texts(self, lang if lang in LANGUAGES else "en", calendar, zone)

    def club_texts(self, club: ClubSection, lang: str | None = None, calendar: str | None = None) -> Texts:
        """Texts for a reader of this club: in `lang` (the club's own language when None), in the reader's
        calendar (a stored member's, or their language's default), and always in the club's time zone."""
        known = cast(Calendar, calendar) if calendar in ("jalali", "gregorian") else None
        return self.texts(lang or club.default_language, known, club.timezone)


def _as_text(value: Any, lang: str) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        return format_number(value, lang)
    return value


class Texts:
    """One reader's texts: their language, the calendar dates are shown in, and the club's time zone."""

    def __init__(self, translator: Translator, lang: str, calendar: Calendar | None, zone: str) -> None:
        self.translator = translator
        self.lang: Language = lang  # type: ignore[assignment]  # checked by Translator.texts
        self.calendar: Calendar = calendar or DEFAULT_CALENDAR[lang]
        self.zone = zone

    def __call__(self, key: str, /, **args: Any) -> str:
        """A message for an HTML-formatted chat message: text arguments (names, titles, codes) are escaped."""
        escaped = {
            name: html.escape(value, quote=False) if isinstance(value, str) else value for name, value in args.items()
        }
        return self.translator.text(self.lang, key, **escaped)

    def plain(self, key: str, /, **args: Any) -> str:
        """A message shown as-is (button labels, alerts, command descriptions): nothing is escaped."""
        return self.translator.text(self.lang, key, **args)

    def currency(self, code: str) -> str:
        """The currency's name in this language ("ریال", "Rial"), or its ISO code when the files have none."""
        key = f"currency-{code}"
        return self.plain(key) if key in self.translator.keys(self.lang) else code

    @cached_property
    def _tz(self) -> ZoneInfo:
        return ZoneInfo(self.zone)

    def digits(self, value: object) -> str:
        """`value` as text with the language's digits and no grouping (member numbers, years, codes' counts)."""
        text = str(value)
        return to_persian_digits(text) if self.lang == "fa" else text

    def number(self, value: int) -> str:
        """`value` grouped with the language's separators (1٬234 / 1,234 / 1.234)."""
        return format_number(value, self.lang)

    def date(self, moment: datetime.datetime | datetime.date) -> str:
        """A date in the reader's calendar; a UTC moment is first moved to the club's time zone."""
        if isinstance(moment, datetime.datetime):
            moment = moment.astimezone(self._tz).date()
        return format_date(moment, self.calendar, persian_digits=self.lang == "fa")

    def time(self, moment: datetime.datetime) -> str:
        """Date and time of day (HH:MM) of a UTC moment in the club's time zone."""
        local = moment.astimezone(self._tz)
        return f"{self.date(local.date())} {self.digits(local.strftime('%H:%M'))}"


def placeholders(source: str) -> dict[str, set[str]]:
    """Each message id in an `.ftl` source with the placeholder names its text uses."""
    found: dict[str, set[str]] = {}
    current: str | None = None
    for line in source.splitlines():
        if line.startswith("#"):
            continue
        head = re.match(r"^([a-zA-Z][\w-]*)\s*=", line)
        if head:
            current = head[1]
            found[current] = set()
        if current is not None:
            found[current].update(PLACEABLE.findall(line))
    return found
