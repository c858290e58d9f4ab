"""QR codes for cards and vouchers, drawn in memory, and read back from photos at the till."""

from __future__ import annotations

import cv2
import numpy as np
import segno
from aiogram import Bot
from aiogram.types import Message

SCALE = 8  # pixels per module: comfortably readable by phone cameras and OpenCV
QUIET_ZONE = 4  # modules of white border, as the QR standard asks
# Every reader decodes all eight mask patterns; letting segno score all eight to pick the "best" costs six
# times the rest of drawing the code (most of a reward claim's time), for short payloads that scan fine anyway.
MASK = 2


def qr_png(payload: str) -> bytes:
    """A PNG QR code of `payload`. make_qr, not make: short payloads would otherwise become Micro QR codes,
    which most phone scanners cannot read."""
    modules = np.array(segno.make_qr(payload, error="m", mask=MASK).matrix, dtype=np.uint8)
    padded = np.pad(modules, QUIET_ZONE)
    image = np.kron(1 - padded, np.ones((SCALE, SCALE), dtype=np.uint8)) * 255
    ok, encoded = cv2.imencode(".png", image)
    assert ok
    return encoded.tobytes()


def decode_qr(image: bytes) -> str | None:
    """The text of the first QR code in a photo, or None when none can be read (OpenCV's detector)."""
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
