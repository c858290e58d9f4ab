"""Wrong codes typed by a messenger account: a `/link` code, or a voucher code at the till.

An account that typed `MAX_WRONG` wrong codes within `WINDOW` must wait until the oldest of them leaves the
window, and meanwhile even a right code is refused, so guessing gains nothing. One budget per account for every
kind of code (whoever is guessing is slowed down whatever they guess), kept in one table (`link_attempts`), and
counted inside the caller's unit of work: the count and the code lookup see the same snapshot.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Connection, func, insert, select

from models import LinkAttempt

WINDOW = timedelta(minutes=10)
MAX_WRONG = 5


def too_many_wrong_codes(connection: Connection, *, platform: str, user_id: int, now: datetime) -> bool:
    """Whether this account has used up its wrong codes for now."""
    wrong = connection.execute(
        select(func.count())
        .select_from(LinkAttempt)
        .where(LinkAttempt.platform == platform, LinkAttempt.user_id == user_id, LinkAttempt.created_at > now - WINDOW)
    ).scalar_one()
    return int(wrong) >= MAX_WRONG


def record_wrong_code(connection: Connection, *, platform: str, user_id: int, now: datetime) -> None:
    """Count one wrong code against the account. The caller must commit it (return its refusal, not raise)."""
    connection.execute(insert(LinkAttempt).values(platform=platform, user_id=user_id, created_at=now))
