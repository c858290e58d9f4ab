"""Tests for loyalty.parsing: digits, amounts, points and phone numbers as members type them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from loyalty.parsing import (
    InvalidAmount,
    InvalidPhone,
    mask_phone,
    normalize_digits,
    normalize_phone,
    parse_amount,
    parse_points,
)

PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
SEPARATORS = [",", "٬", "،", "_", "'", "’", " ", "\u00a0", "\u202f"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("۰۱۲۳۴۵۶۷۸۹", "0123456789"),
        ("٠١٢٣٤٥٦٧٨٩", "0123456789"),
        ("  ۱۲a3 ", "12a3"),
        ("\u200f۱۲۳\u200e", "123"),
        ("\ufeff\u202b۱۲۳\u202c\u2066", "123"),
        ("\u200c 42 \u200d", "42"),
        ("۱\u200e۲", "12"),  # bidi controls go everywhere
        ("می\u200cخواهم", "می\u200cخواهم"),  # a ZWNJ inside a word is kept
        ("", ""),
    ],
)
def test_normalize_digits(text: str, expected: str) -> None:
    assert normalize_digits(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1", 1),
        ("250000", 250_000),
        ("۲۵۰۰۰۰", 250_000),
        ("٢٥٠٠٠٠", 250_000),
        ("1,250,000", 1_250_000),
        ("۱٬۲۵۰٬۰۰۰", 1_250_000),
        ("١،٢٥٠،٠٠٠", 1_250_000),
        ("1_000", 1000),
        ("1'000'000", 1_000_000),
        ("1 000 000", 1_000_000),
        ("1\u00a0000", 1000),
        ("1\u202f000", 1000),
        ("  \u200f۵۰۰۰\u200e ", 5000),
        ("007", 7),
        ("1۲3", 123),  # mixed scripts happen with half-switched keyboards
        ("1000000000000000", 10**15),
    ],
)
def test_parse_amount_accepts(text: str, expected: int) -> None:
    assert parse_amount(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("\u200f", "empty"),
        ("abc", "not_a_number"),
        ("۱۲۳ تومان", "not_a_number"),
        ("12a", "not_a_number"),
        ("-", "not_a_number"),
        ("+500", "not_a_number"),
        ("1e6", "not_a_number"),
        ("12,34", "not_a_number"),  # bad grouping could be a decimal comma
        ("1,0000", "not_a_number"),
        ("1,000 000", "not_a_number"),  # mixed separators
        ("1,,000", "not_a_number"),
        (",000", "not_a_number"),
        ("1,000,", "not_a_number"),
        ("٫", "not_a_number"),
        ("-500", "negative"),
        ("−500", "negative"),
        ("-۵۰۰", "negative"),
        ("۵۰۰-", "negative"),
        ("- 1,000", "negative"),
        ("0", "zero"),
        ("۰۰۰", "zero"),
        ("0,000", "zero"),
        ("-0", "zero"),
        ("12.5", "decimal"),
        ("250.000", "decimal"),
        ("1,250.50", "decimal"),
        ("۱۲٫۵", "decimal"),
        ("5.", "decimal"),
        (".5", "decimal"),
        ("1000000000000001", "too_large"),
        ("9" * 5000, "too_large"),
    ],
)
def test_parse_amount_rejects(text: str, reason: str) -> None:
    with pytest.raises(InvalidAmount) as caught:
        parse_amount(text)
    assert caught.value.reason == reason


def test_parse_amount_custom_max() -> None:
    assert parse_amount("1,000", max_value=1000) == 1000
    with pytest.raises(InvalidAmount, match="too_large"):
        parse_amount("1,001", max_value=1000)


def test_invalid_amount_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        parse_amount("x")


@pytest.mark.parametrize(
    ("text", "signed", "expected"),
    [
        ("50", False, 50),
        ("۵۰", False, 50),
        ("1,000", False, 1000),
        ("+50", True, 50),
        ("-50", True, -50),
        ("−۵۰", True, -50),
        ("٥٠-", True, -50),
        ("+ 1,000", True, 1000),
        ("50", True, 50),
        ("-1000000000", True, -(10**9)),
    ],
)
def test_parse_points_accepts(text: str, signed: bool, expected: int) -> None:
    assert parse_points(text, signed=signed) == expected


@pytest.mark.parametrize(
    ("text", "signed", "reason"),
    [
        ("", False, "empty"),
        ("", True, "empty"),
        ("+", True, "not_a_number"),
        ("+50", False, "not_a_number"),
        ("+-50", True, "not_a_number"),
        ("ten", True, "not_a_number"),
        ("-50", False, "negative"),
        ("0", False, "zero"),
        ("-0", True, "zero"),
        ("+0", True, "zero"),
        ("2.5", True, "decimal"),
        ("1000000001", False, "too_large"),
        ("-1000000001", True, "too_large"),
    ],
)
def test_parse_points_rejects(text: str, signed: bool, reason: str) -> None:
    with pytest.raises(InvalidAmount) as caught:
        parse_points(text, signed=signed)
    assert caught.value.reason == reason


@given(
    value=st.integers(min_value=1, max_value=10**12),
    separator=st.sampled_from(SEPARATORS),
    script=st.sampled_from([None, PERSIAN, ARABIC]),
)
def test_grouped_amount_round_trips(value: int, separator: str, script: dict[int, str] | None) -> None:
    text = f"{value:,}".replace(",", separator)
    if script is not None:
        text = text.translate(script)
    assert parse_amount(text) == value


@given(value=st.integers(min_value=-(10**9), max_value=10**9).filter(bool))
def test_signed_points_round_trip(value: int) -> None:
    assert parse_points(f"{value:+d}".translate(PERSIAN), signed=True) == value


@given(text=st.text(max_size=30))
def test_parse_amount_returns_positive_or_raises_typed_error(text: str) -> None:
    try:
        assert 1 <= parse_amount(text) <= 10**15
    except InvalidAmount as error:
        assert error.reason in {"empty", "not_a_number", "negative", "zero", "decimal", "too_large"}


@pytest.mark.parametrize(
    "text",
    [
        "+98 912 345 6789",
        "+989123456789",
        "00989123456789",
        "09123456789",
        "9123456789",
        "912 345 6789",
        "0912-345-6789",
        "(0912) 345 67 89",
        "+98 (912) 345-67-89",
        "+98 0912 345 6789",
        "۰۹۱۲۳۴۵۶۷۸۹",
        "٠٩١٢٣٤٥٦٧٨٩",
        "+۹۸ ۹۱۲ ۳۴۵ ۶۷۸۹",
        "\u200e+98 912 345 6789\u200f ",
    ],
)
def test_normalize_phone_iran(text: str) -> None:
    assert normalize_phone(text) == "+989123456789"


def test_normalize_phone_landline_and_other_region() -> None:
    assert normalize_phone("021 1234 5678") == "+982112345678"
    assert normalize_phone("+1 650-253-0000") == "+16502530000"
    assert normalize_phone("(650) 253-0000", region="US") == "+16502530000"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "not_a_number"),
        ("abc", "not_a_number"),
        ("call 09123456789", "not_a_number"),
        ("0912 345 6789 ext 12", "not_a_number"),
        ("0912+3456789", "not_a_number"),
        ("0912345678", "invalid"),  # one digit short
        ("091234567890", "invalid"),  # one digit too many
        ("12345", "invalid"),
        ("+98 000 000 0000", "invalid"),
    ],
)
def test_normalize_phone_rejects(text: str, reason: str) -> None:
    with pytest.raises(InvalidPhone) as caught:
        normalize_phone(text)
    assert caught.value.reason == reason


def test_invalid_phone_message_does_not_leak_the_number() -> None:
    with pytest.raises(InvalidPhone) as caught:
        normalize_phone("0912345678")
    assert "0912345678" not in str(caught.value)


@pytest.mark.parametrize(
    ("e164", "masked"),
    [
        ("+989123456789", "+98912***6789"),
        ("+16502530000", "+1650***0000"),
        ("+4930123456", "+49***56"),  # short national number: reveal only the last two digits
    ],
)
def test_mask_phone(e164: str, masked: str) -> None:
    assert mask_phone(e164) == masked


def test_mask_phone_rejects_garbage() -> None:
    with pytest.raises(InvalidPhone):
        mask_phone("not a phone")
