"""Support tickets, the audit log, HTTP API clients and scheduled-job markers."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, CreatedAt, Id


class SupportTicket(CreatedAt, Base):
    __tablename__ = "support_tickets"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    platform: Mapped[str] = mapped_column(String(16))
    text: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)


class TicketReply(CreatedAt, Base):
    __tablename__ = "ticket_replies"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("support_tickets.id"), index=True)
    staff: Mapped[str] = mapped_column(String(64))
    text: Mapped[str | None] = mapped_column(Text)


class AuditEntry(CreatedAt, Base):
    """Who did what to whom, with the before/after values; ids only, never phone numbers."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_created", "created_at"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(48))
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"), index=True)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class ApiClient(CreatedAt, Base):
    __tablename__ = "api_clients"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    key_hash: Mapped[str] = mapped_column(String(128), unique=True)
    rate_per_minute: Mapped[int] = mapped_column(default=600)
    revoked_at: Mapped[datetime | None]


class JobRun(CreatedAt, Base):
    """Marks a unit of scheduled work as done, so a second or late run does nothing twice."""

    __tablename__ = "job_runs"
    __table_args__ = (UniqueConstraint("job", "run_key"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    job: Mapped[str] = mapped_column(String(48))
    run_key: Mapped[str] = mapped_column(String(96))
    status: Mapped[str] = mapped_column(String(16), default="done")
    finished_at: Mapped[datetime | None]
    result: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
