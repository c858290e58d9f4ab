"""QR codes for cards and vouchers, drawn in memory, and read back from photos at the till."""

from __future__ import annotations

import cv2
import numpy as np
import segno
from aiogram import Bot
from aiogram.types import Message
from sqlalchemy.ext.asyncio import AsyncSession

from loyalty.club import Club
from loyalty.errors import LoyaltyError
from loyalty.members import find_member
from models import Member

SCALE = 8  # pixels per module: comfortably readable by phone cameras and OpenCV
QUIET_ZONE = 4  # modules of white border, as the QR standard asks
# Every reader decodes all eight mask patterns; letting segno score all eight to pick the "best" costs six
# times the rest of drawing the code (most of a reward claim's time), for short payloads that scan fine anyway.
MASK = 2


def qr_png(payload: str) -> bytes:
    """A PNG QR code of `payload`. make_qr, not make: short payloads would otherwise become Micro QR codes,
    which most phone scanners cannot read."""
    modules = np.array(segno.make_qr(payload, error="m", mask=MASK).matrix, dtype=np.uint8)
    light = (1 - np.pad(modules, QUIET_ZONE)) * 255
    image = cv2.resize(light, None, fx=SCALE, fy=SCALE, interpolation=cv2.INTER_NEAREST)
    # One bit per pixel, and zlib's fastest level, which OpenCV's default strategy does not use: a quarter of the
    # bytes to upload (about 360 for a voucher), written in three quarters of the time.
    ok, encoded = cv2.imencode(".png", image, [cv2.IMWRITE_PNG_BILEVEL, 1, cv2.IMWRITE_PNG_COMPRESSION, 1])
    assert ok
    return encoded.tobytes()


def decode_qr(image: bytes) -> str | None:
    """The text of the first QR code in a photo, or None when none can be read (OpenCV's detector)."""
    picture = cv2.imdecode(np.frombuffer(image, dtype=np.uint8), cv2.IMREAD_GRAYSCALE)
    if picture is None:
        return None
    text, _, _ = cv2.QRCodeDetector().detectAndDecode(picture)
    return str(text) or None


class UnreadableCode(LoyaltyError):
    """A photo at the till with no QR code that could be read."""

    key = "purchase-qr-unreadable"


async def read_code(message: Message, bot: Bot) -> str:
    """What the cashier sent: typed text, or the payload of a photographed card or voucher QR code."""
    if message.text:
        return message.text
    data = await bot.download(message.photo[-1].file_id) if message.photo else None
    code = decode_qr(data.read()) if data is not None else None
    if code is None:
        raise UnreadableCode()
    return code


async def member_in(message: Message, bot: Bot, session: AsyncSession, club: Club) -> Member:
    """The member the cashier named by number, phone or card (typed, or a photo of the card's QR code)."""
    return await find_member(session, await read_code(message, bot), country=club.config.club.country)
