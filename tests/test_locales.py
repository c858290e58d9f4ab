"""The locale files: same keys and placeholders in every language, and formatting per language."""

from __future__ import annotations

import datetime

import pytest
from babel.numbers import format_decimal

from locales import Translator, format_number, placeholders
from loyalty.config import LANGUAGES
from loyalty.dates import to_persian_digits
from loyalty.errors import LoyaltyError
from loyalty.ledger import KINDS

translator = Translator()
ENGLISH = placeholders(translator.sources["en"])


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != "en"])
def test_every_language_has_every_key_with_the_same_placeholders(lang: str) -> None:
    other = placeholders(translator.sources[lang])
    assert set(other) == set(ENGLISH), f"missing: {set(ENGLISH) - set(other)}, extra: {set(other) - set(ENGLISH)}"
    different = {key: (ENGLISH[key], other[key]) for key in ENGLISH if ENGLISH[key] != other[key]}
    assert not different


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_formats_without_errors(lang: str) -> None:
    for key, names in ENGLISH.items():
        assert translator.text(lang, key, **dict.fromkeys(names, 7))


def _subclasses(cls: type) -> set[type]:
    return {cls} | {sub for child in cls.__subclasses__() for sub in _subclasses(child)}


def test_every_domain_error_and_ledger_kind_has_a_text() -> None:
    keys = translator.keys("en")
    assert {error.key for error in _subclasses(LoyaltyError)} <= keys
    assert {f"kind-{kind}" for kind in KINDS} <= keys


def test_menu_labels_are_unique_across_languages() -> None:
    labels = [translator.text(lang, key) for lang in LANGUAGES for key in ENGLISH if key.startswith("menu-")]
    assert len(labels) == len(set(labels))


def test_numbers_and_dates_follow_the_language() -> None:
    fa, en, tr = (translator.texts(lang) for lang in ("fa", "en", "tr"))
    assert (fa.number(1234567), en.number(1234567), tr.number(1234567)) == ("۱٬۲۳۴٬۵۶۷", "1,234,567", "1.234.567")
    moment = datetime.datetime(2026, 3, 20, 21, 0, tzinfo=datetime.UTC)  # 00:30 on 1 Farvardin 1405 in Tehran
    assert fa.date(moment) == "۱۴۰۵/۰۱/۰۱"
    assert en.date(moment) == "2026-03-21"
    assert "<b>۲٬۵۰۰</b>" in translator.text("fa", "card-balance", points=2500)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_numbers_are_grouped_as_babel_groups_them(lang: str) -> None:
    system = "arabext" if lang == "fa" else "latn"
    powers = [sign * 10**k + d for k in range(3, 16) for d in (-1, 0, 1) for sign in (1, -1)]
    samples = [*range(-1100, 1100, 7), *powers]
    for value in samples:
        expected = format_decimal(value, locale=lang, numbering_system=system)
        assert format_number(value, lang) == (to_persian_digits(expected) if lang == "fa" else expected)


def test_text_arguments_are_escaped_for_html_but_not_in_buttons() -> None:
    en = translator.texts("en")
    assert "&lt;b&gt;" in en("start-welcome-back", name="<b>x</b>")
    assert "<b>x</b>" in en.plain("btn-reward", title="<b>x</b>", cost=5)
