"""Linking a member's second messenger account: one-time codes and the attempts made to use them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, CreatedAt, Id


class LinkCode(CreatedAt, Base):
    """A code a member got with /link on one messenger, to type on the other. Stored hashed; used once."""

    __tablename__ = "link_codes"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    platform: Mapped[str] = mapped_column(String(16))  # where the code was issued
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    used_on: Mapped[str | None] = mapped_column(String(16))


class LinkAttempt(CreatedAt, Base):
    """A wrong code (a /link code, a voucher code at the till) typed by a messenger account; too many in a window
    and the account must wait (loyalty.wrong_codes)."""

    __tablename__ = "link_attempts"
    __table_args__ = (Index("ix_link_attempts_account", "platform", "user_id", "created_at"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    user_id: Mapped[int] = mapped_column(BigInteger)
