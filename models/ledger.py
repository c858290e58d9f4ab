"""The append-only points ledger and the purchases that feed it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Index, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, CreatedAt, Id


class LedgerEntry(CreatedAt, Base):
    """One movement of points. Never updated or deleted: a correction is a new entry."""

    __tablename__ = "ledger_entries"
    __table_args__ = (
        CheckConstraint("delta <> 0", name="delta_not_zero"),
        Index("ix_ledger_entries_member_created", "member_id", "created_at"),
        Index("ix_ledger_entries_kind_created", "kind", "created_at"),
        Index("ix_ledger_entries_expires", "expires_at"),
        # What matures when, per member (/balance's "expiring soon"): earnings only, so spending adds nothing to it.
        Index(
            "ix_ledger_entries_member_expiring",
            "member_id",
            "expires_at",
            sqlite_where=text("delta > 0"),
            postgresql_where=text("delta > 0"),
        ),
        # Covering index for statistics over a period: the scan never touches the table.
        Index("ix_ledger_entries_created_kind_delta", "created_at", "kind", "delta"),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    delta: Mapped[int] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(16))
    reference: Mapped[str | None] = mapped_column(String(64))
    idempotency_key: Mapped[str] = mapped_column(String(160), unique=True)
    created_by: Mapped[str | None] = mapped_column(String(64))
    expires_at: Mapped[datetime | None]


class Purchase(CreatedAt, Base):
    """A sale recorded at the till or by the shop's API; a receipt counts once per source."""

    __tablename__ = "purchases"
    __table_args__ = (
        UniqueConstraint("source", "receipt"),
        CheckConstraint("amount > 0", name="amount_positive"),
        Index("ix_purchases_member_created", "member_id", "created_at"),
        Index("ix_purchases_created_tier", "created_at", "tier", "amount", "member_id"),  # statistics, covering
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    amount: Mapped[int] = mapped_column(BigInteger)
    points: Mapped[int] = mapped_column(BigInteger)
    source: Mapped[str] = mapped_column(String(48))
    receipt: Mapped[str | None] = mapped_column(String(64))
    tier: Mapped[str] = mapped_column(String(32))
    idempotency_key: Mapped[str] = mapped_column(String(160), unique=True)
    created_by: Mapped[str | None] = mapped_column(String(64))
