"""Scheduler state: messages the club owes its members (notices) and the leader lease among workers."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, CreatedAt, Id


class Notice(CreatedAt, Base):
    """One message owed to one member (birthday greeting, tier news, reminders), written with what it announces.

    The unique `key` makes each message happen once however often a job runs; `status` moves from pending to
    sent, skipped (no reachable chat) or failed, so the sender picks up after a restart where it stopped.
    """

    __tablename__ = "notices"
    __table_args__ = (Index("ix_notices_status_id", "status", "id"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    key: Mapped[str] = mapped_column(String(160), unique=True)
    args: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    sent_at: Mapped[datetime | None]


class SchedulerLease(Base):
    """Who runs the scheduled jobs: one row per lease, held until `expires_at` unless renewed."""

    __tablename__ = "scheduler_leases"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    holder: Mapped[str] = mapped_column(String(128))
    acquired_at: Mapped[datetime]
    expires_at: Mapped[datetime]
