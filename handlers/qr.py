"""QR codes for cards and vouchers, drawn in memory."""

from __future__ import annotations

import io

import segno


def qr_png(payload: str) -> bytes:
    """A PNG QR code of `payload`, large enough for a phone camera at the till."""
    buffer = io.BytesIO()
    # make_qr, not make: short payloads would become Micro QR codes, which most phone scanners cannot read.
    segno.make_qr(payload, error="m").save(buffer, kind="png", scale=8, border=4)
    return buffer.getvalue()
