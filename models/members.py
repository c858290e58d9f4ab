"""Members, their messenger identities and the shop's staff."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Index, SmallInteger, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, CreatedAt, Id


class Member(CreatedAt, Base):
    __tablename__ = "members"
    __table_args__ = (
        CheckConstraint("balance >= 0", name="balance_not_negative"),
        Index("ix_members_birthday", "birthday_month", "birthday_day"),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    referral_code: Mapped[str] = mapped_column(String(16), unique=True)
    tier: Mapped[str] = mapped_column(String(32))
    balance: Mapped[int] = mapped_column(BigInteger, default=0)
    language: Mapped[str] = mapped_column(String(8))
    calendar: Mapped[str] = mapped_column(String(16))
    name: Mapped[str | None] = mapped_column(String(128))
    phone: Mapped[str | None] = mapped_column(String(20), unique=True)
    birthday_calendar: Mapped[str | None] = mapped_column(String(16))
    birthday_month: Mapped[int | None] = mapped_column(SmallInteger)
    birthday_day: Mapped[int | None] = mapped_column(SmallInteger)
    birthday_year: Mapped[int | None] = mapped_column(SmallInteger)
    marketing_consent: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(16), default="active", index=True)
    joined_at: Mapped[datetime] = mapped_column(index=True)
    last_activity_at: Mapped[datetime] = mapped_column(index=True)


class Identity(CreatedAt, Base):
    """One messenger account; (platform, user_id) is unique because ids collide across messengers."""

    __tablename__ = "identities"
    __table_args__ = (UniqueConstraint("platform", "user_id"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    user_id: Mapped[int] = mapped_column(BigInteger)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    blocked_bot_at: Mapped[datetime | None]


class Staff(CreatedAt, Base):
    __tablename__ = "staff"
    __table_args__ = (
        UniqueConstraint("platform", "user_id"),
        CheckConstraint("role in ('owner', 'admin', 'cashier')", name="known_role"),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    user_id: Mapped[int] = mapped_column(BigInteger)
    role: Mapped[str] = mapped_column(String(16))
    name: Mapped[str | None] = mapped_column(String(128))
    added_by: Mapped[str | None] = mapped_column(String(64))


class SignupDraft(CreatedAt, Base):
    """What a joining user has confirmed so far, so a restart or another worker resumes where they were."""

    __tablename__ = "signup_drafts"
    __table_args__ = (UniqueConstraint("platform", "user_id"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    user_id: Mapped[int] = mapped_column(BigInteger)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    language: Mapped[str | None] = mapped_column(String(8))
    phone: Mapped[str | None] = mapped_column(String(20))
    name: Mapped[str | None] = mapped_column(String(128))
    birthday_calendar: Mapped[str | None] = mapped_column(String(16))
    birthday_month: Mapped[int | None] = mapped_column(SmallInteger)
    birthday_day: Mapped[int | None] = mapped_column(SmallInteger)
    birthday_year: Mapped[int | None] = mapped_column(SmallInteger)
    birthday_skipped: Mapped[bool] = mapped_column(default=False)
    referral_code: Mapped[str | None] = mapped_column(String(16))
    updated_at: Mapped[datetime]
