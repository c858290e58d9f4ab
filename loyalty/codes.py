"""Short random codes people read aloud and type: vouchers and referral links."""

from __future__ import annotations

import secrets

from loyalty.parsing import normalize_digits

# No 0/O, 1/I/L: a cashier reading a code off a phone screen must not have to guess.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8


def new_code(length: int = CODE_LENGTH) -> str:
    """A random code from the unambiguous alphabet (31^8 ≈ 8.5e11 possibilities at the default length)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def normalize_code(text: str) -> str:
    """A typed code as stored: upper case, digits in ASCII, separators and spaces removed."""
    cleaned = normalize_digits(text).upper()
    return "".join(ch for ch in cleaned if ch.isalnum())
