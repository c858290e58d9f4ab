"""The rewards catalog and the vouchers members claim from it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, CreatedAt, Id


class Reward(CreatedAt, Base):
    __tablename__ = "rewards"
    __table_args__ = (
        CheckConstraint("cost > 0", name="cost_positive"),
        CheckConstraint("stock IS NULL OR stock >= 0", name="stock_not_negative"),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    key: Mapped[str | None] = mapped_column(String(32), unique=True)
    title: Mapped[dict[str, str]] = mapped_column(JSON)
    cost: Mapped[int] = mapped_column(BigInteger)
    stock: Mapped[int | None] = mapped_column(BigInteger)
    per_member_limit: Mapped[int | None]
    valid_from: Mapped[datetime | None]
    valid_until: Mapped[datetime | None]
    voucher_days: Mapped[int] = mapped_column(default=30)
    active: Mapped[bool] = mapped_column(default=True)


class Voucher(CreatedAt, Base):
    """A claimed reward: points were debited when it was issued and come back if it is cancelled."""

    __tablename__ = "vouchers"
    __table_args__ = (
        CheckConstraint("status in ('issued', 'used', 'cancelled', 'expired')", name="known_status"),
        Index("ix_vouchers_member_status", "member_id", "status"),
        Index("ix_vouchers_reward_member", "reward_id", "member_id"),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    reward_id: Mapped[int] = mapped_column(ForeignKey("rewards.id"))
    cost: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(16), default="issued")
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    used_by: Mapped[str | None] = mapped_column(String(64))
    cancelled_at: Mapped[datetime | None]
    idempotency_key: Mapped[str] = mapped_column(String(160), unique=True)
