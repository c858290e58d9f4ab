"""Paying at the till with points (asked by the cashier, confirmed by the member) and post-purchase feedback."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, CreatedAt, Id


class PointsPayment(CreatedAt, Base):
    """A cashier's request to take points off a purchase; nothing moves until the member taps to confirm."""

    __tablename__ = "points_payments"
    __table_args__ = (CheckConstraint("points > 0", name="points_positive"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    points: Mapped[int] = mapped_column(BigInteger)
    amount: Mapped[int] = mapped_column(BigInteger)  # the purchase total, before the points discount
    receipt: Mapped[str | None] = mapped_column(String(64))
    platform: Mapped[str] = mapped_column(String(16))
    staff_user_id: Mapped[int] = mapped_column(BigInteger)
    staff_chat_id: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending/confirmed/declined/expired
    idempotency_key: Mapped[str] = mapped_column(String(128), unique=True)
    expires_at: Mapped[datetime]
    resolved_at: Mapped[datetime | None]
    purchase_id: Mapped[int | None] = mapped_column(ForeignKey("purchases.id"))


class Feedback(CreatedAt, Base):
    """One satisfaction answer (0–10, for NPS) per purchase."""

    __tablename__ = "feedback"
    __table_args__ = (CheckConstraint("score BETWEEN 0 AND 10", name="score_range"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    purchase_id: Mapped[int] = mapped_column(ForeignKey("purchases.id"), unique=True)
    score: Mapped[int] = mapped_column(SmallInteger)
