"""The audit log: every staff or API action, with before/after values and ids only (no phone numbers)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert

from models import AuditEntry


def record_audit(
    connection: Connection,
    *,
    actor: str,
    action: str,
    now: datetime,
    member_id: int | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    """Write one audit entry inside the caller's transaction, so the action and its record commit together."""
    connection.execute(
        insert(AuditEntry).values(
            actor=actor, action=action, member_id=member_id, details=details or {}, created_at=now
        )
    )
