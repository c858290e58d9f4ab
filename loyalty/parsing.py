"""Parsing of what members and staff type: amounts, points and phone numbers.

Every entry point (chat, HTTP API, CSV import) goes through these helpers so that Persian and
Arabic-Indic digits, RTL control marks and local thousands separators are handled in one place.
Errors are typed and carry a machine-readable ``reason`` that the UI maps to a localized message.
"""

from __future__ import annotations

import re

import phonenumbers

__all__ = [
    "InvalidAmount",
    "InvalidInput",
    "InvalidPhone",
    "mask_phone",
    "normalize_digits",
    "normalize_phone",
    "parse_amount",
    "parse_points",
]

_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "0123456789" * 2)
# Bidi controls never carry content, and RTL keyboards and copy-paste scatter them inside numbers.
_BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
# Zero-width (non-)joiners are meaningful inside Persian words, so they are only trimmed at the ends.
_EDGES = re.compile(r"^[\s\u200b\u200c\u200d]+|[\s\u200b\u200c\u200d]+$")

_MINUS_SIGNS = ("-", "\u2212")
_DECIMAL_POINTS = ".\u066b"
# Thousands separators: ASCII and Arabic commas, underscore, apostrophes, plain/no-break/thin spaces.
_GROUP_SEPARATORS = ",\u066c\u060c_'\u2019 \u00a0\u202f\u2009"
# Groups of exactly three after the first, one separator kind throughout: "12,34" or "1,000 000"
# are more likely typos (or a decimal comma) than a real amount, and money must not be guessed.
_WHOLE_NUMBER = re.compile(rf"[0-9]+|[0-9]{{1,3}}([{_GROUP_SEPARATORS}])[0-9]{{3}}(?:\1[0-9]{{3}})*")
# Any decimal point makes a number "decimal": "250.000" may mean 250 or 250000, so we refuse to guess.
_LOOKS_DECIMAL = re.compile(rf"(?=.*[0-9])(?=.*[{_DECIMAL_POINTS}])[0-9{_GROUP_SEPARATORS}{_DECIMAL_POINTS}]+")
_PHONE_CHARS = re.compile(r"\+?[0-9 ().\-\u00a0]+")


class InvalidInput(ValueError):
    """Base for rejected user input; ``reason`` is a stable key for a localized message.

    The rejected text is deliberately not part of the message: it may be a phone number, and
    exceptions end up in logs.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class InvalidAmount(InvalidInput):
    """A money amount or a points value could not be accepted.

    Reasons: "empty", "not_a_number", "negative", "zero", "decimal", "too_large".
    """


class InvalidPhone(InvalidInput):
    """A phone number could not be accepted. Reasons: "not_a_number", "invalid"."""


def normalize_digits(text: str) -> str:
    """Turn Persian and Arabic-Indic digits into ASCII and drop invisible marks.

    Bidi controls (LRM, RLM, embeddings, isolates, BOM) are removed everywhere; surrounding
    whitespace and zero-width (non-)joiners are trimmed from both ends.
    """
    text = _BIDI_CONTROLS.sub("", text.translate(_DIGITS))
    return _EDGES.sub("", text)


def parse_amount(text: str, *, max_value: int = 10**15) -> int:
    """Parse a positive whole amount of money in minor units, e.g. "۱٬۲۵۰٬۰۰۰" -> 1250000.

    Raises InvalidAmount for empty, non-numeric, negative, zero, decimal or oversized input.
    """
    negative, magnitude = _split_sign(normalize_digits(text), allow_plus=False)
    digits = _whole_digits(magnitude)
    if negative:
        raise InvalidAmount("negative")
    return _bounded(digits, max_value)


def parse_points(text: str, *, signed: bool = False, max_value: int = 10**9) -> int:
    """Parse a whole number of points; ``signed`` allows "+50" / "-50" for balance adjustments.

    Zero is never accepted. ``max_value`` bounds the absolute value.
    """
    negative, magnitude = _split_sign(normalize_digits(text), allow_plus=signed)
    digits = _whole_digits(magnitude)
    if negative and not signed:
        raise InvalidAmount("negative")
    value = _bounded(digits, max_value)
    return -value if negative else value


def _split_sign(text: str, *, allow_plus: bool) -> tuple[bool, str]:
    """Split an optional sign off ``text``; return (is_negative, rest)."""
    if not text:
        raise InvalidAmount("empty")
    if text.startswith(_MINUS_SIGNS):
        return True, text[1:].lstrip()
    # In RTL text the minus is often typed after the digits ("۵۰۰-"), so it still counts as a sign.
    if text.endswith(_MINUS_SIGNS):
        return True, text[:-1].rstrip()
    if allow_plus and text.startswith("+"):
        return False, text[1:].lstrip()
    return False, text


def _whole_digits(text: str) -> str:
    """Check unsigned digits with optional thousands grouping; return them without separators."""
    if not _WHOLE_NUMBER.fullmatch(text):
        reason = "decimal" if _LOOKS_DECIMAL.fullmatch(text) else "not_a_number"
        raise InvalidAmount(reason)
    digits = re.sub("[^0-9]", "", text).lstrip("0")
    if not digits:
        raise InvalidAmount("zero")
    return digits


def _bounded(digits: str, max_value: int) -> int:
    """Convert ``digits`` to int, rejecting values above ``max_value``."""
    # Compare lengths first: int() on thousands of digits is slow and raises past 4300 digits.
    if len(digits) > len(str(max_value)) or int(digits) > max_value:
        raise InvalidAmount("too_large")
    return int(digits)


def normalize_phone(text: str, region: str = "IR") -> str:
    """Parse a phone number as typed (any digit script, spaces, dashes, brackets) into E.164.

    National numbers are read in ``region``; "0912…", "912…", "0098912…" and "+98 912…" all work.
    """
    cleaned = normalize_digits(text)
    # phonenumbers happily extracts a number from surrounding prose ("call 0912…"); we do not.
    if not _PHONE_CHARS.fullmatch(cleaned):
        raise InvalidPhone("not_a_number")
    try:
        number = phonenumbers.parse(cleaned, region)
    except phonenumbers.NumberParseException as error:
        raise InvalidPhone("not_a_number") from error
    if not phonenumbers.is_valid_number(number):
        raise InvalidPhone("invalid")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def mask_phone(e164: str) -> str:
    """Hide the middle of an E.164 number for logs and screens: "+989123456789" -> "+98912***6789"."""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException as error:
        raise InvalidPhone("not_a_number") from error
    national = phonenumbers.national_significant_number(number)
    prefix = f"+{number.country_code}"
    # Short national numbers would reveal (almost) every digit with the 3+4 rule.
    if len(national) < 9:
        return f"{prefix}***{national[-2:]}"
    return f"{prefix}{national[:3]}***{national[-4:]}"
