"""Manual balance adjustments by staff: always with a reason, always audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, select

from loyalty.audit import record_audit
from loyalty.club import Club
from loyalty.config import ClubConfig
from loyalty.errors import InvalidPoints, MemberNotFound, ReasonRequired
from loyalty.expiry import earned_expiry
from loyalty.ledger import post_entry
from loyalty.sql import locked
from models import Member


@dataclass(frozen=True)
class AdjustmentResult:
    member_id: int
    delta: int
    balance: int
    replayed: bool


async def adjust_balance(
    club: Club, *, member_id: int, delta: int, reason: str, actor: str, idempotency_key: str
) -> AdjustmentResult:
    """Add or remove points by hand. A debit larger than the balance raises InsufficientPoints."""
    reason = reason.strip()
    if not reason:
        raise ReasonRequired()
    if delta == 0:
        raise InvalidPoints(delta=delta)
    now = club.clock()
    return await club.db.write(
        lambda connection: _adjust(connection, club.config, member_id, delta, reason, actor, idempotency_key, now)
    )


def _adjust(
    connection: Connection,
    config: ClubConfig,
    member_id: int,
    delta: int,
    reason: str,
    actor: str,
    key: str,
    now: datetime,
) -> AdjustmentResult:
    before = connection.execute(locked(select(Member.balance).where(Member.id == member_id))).scalar()
    if before is None:
        raise MemberNotFound(member_id=member_id)
    balance = post_entry(
        connection,
        member_id=member_id,
        delta=delta,
        kind="adjust",
        key=f"adjust:{key}",
        reference=reason[:64],
        created_by=actor,
        now=now,
        expires_at=earned_expiry(config, now) if delta > 0 else None,
    )
    if balance is None:
        return AdjustmentResult(member_id, delta, int(before), replayed=True)
    record_audit(
        connection,
        actor=actor,
        action="balance.adjust",
        member_id=member_id,
        now=now,
        details={"delta": delta, "reason": reason, "before": int(before), "after": balance},
    )
    return AdjustmentResult(member_id, delta, balance, replayed=False)
