"""Who invited whom, and whether the invitation has paid out."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, CreatedAt, Id


class Referral(CreatedAt, Base):
    __tablename__ = "referrals"
    __table_args__ = (
        CheckConstraint("referrer_id <> friend_id", name="not_self"),
        CheckConstraint("status in ('pending', 'qualified', 'rewarded')", name="known_status"),
        Index("ix_referrals_referrer_created", "referrer_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    referrer_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    friend_id: Mapped[int] = mapped_column(ForeignKey("members.id"), unique=True)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    qualified_at: Mapped[datetime | None]
    purchase_id: Mapped[int | None] = mapped_column(ForeignKey("purchases.id"))
