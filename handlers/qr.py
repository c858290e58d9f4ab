"""QR codes for cards and vouchers, drawn in memory."""

from __future__ import annotations

import io

import segno
from aiogram import Bot
from aiogram.types import Message


def qr_png(payload: str) -> bytes:
    """A PNG QR code of `payload`, large enough for a phone camera at the till."""
    buffer = io.BytesIO()
    # make_qr, not make: short payloads would become Micro QR codes, which most phone scanners cannot read.
    segno.make_qr(payload, error="m").save(buffer, kind="png", scale=8, border=4)
    return buffer.getvalue()


def decode_qr(image: bytes) -> str | None:
    """The text of the first QR code in a photo, or None when none can be read (OpenCV's detector)."""
    import cv2  # imported here: OpenCV takes a moment to load and only the till needs it
    import numpy as np

    picture = cv2.imdecode(np.frombuffer(image, dtype=np.uint8), cv2.IMREAD_GRAYSCALE)
    if picture is None:
        return None
    text, _, _ = cv2.QRCodeDetector().detectAndDecode(picture)
    return str(text) or None


async def read_member_query(message: Message, bot: Bot) -> str | None:
    """What the cashier sent to name a member: typed text, or the payload of a photographed card QR."""
    if message.text:
        return message.text
    if not message.photo:
        return None
    largest = message.photo[-1]
    data = await bot.download(largest.file_id)
    return decode_qr(data.read()) if data is not None else None
