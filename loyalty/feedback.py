"""One-tap satisfaction after a purchase (0–10) and the Net Promoter Score it adds up to."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from loyalty.club import Club
from loyalty.errors import LoyaltyError
from loyalty.sql import insert_ignoring_conflicts
from models import Feedback, Purchase


class InvalidScore(LoyaltyError):
    key = "error-invalid-score"


@dataclass(frozen=True)
class Nps:
    answers: int
    promoters: int  # 9–10
    detractors: int  # 0–6

    @property
    def score(self) -> int | None:
        """Promoters % minus detractors %, -100..100; None with no answers."""
        if not self.answers:
            return None
        return round(100 * (self.promoters - self.detractors) / self.answers)


async def record_feedback(club: Club, *, member_id: int, purchase_id: int, score: int) -> bool:
    """Store the member's answer about their own purchase, once (False: answered already)."""
    if not 0 <= score <= 10:
        raise InvalidScore(score=score)
    now = club.clock()

    def save(connection: Connection) -> bool:
        owner = connection.execute(select(Purchase.member_id).where(Purchase.id == purchase_id)).scalar()
        if owner != member_id:
            raise InvalidScore(purchase_id=purchase_id)
        row = {"member_id": member_id, "purchase_id": purchase_id, "score": score, "created_at": now}
        return bool(connection.execute(insert_ignoring_conflicts(connection.dialect.name, Feedback), row).rowcount)

    return await club.db.write(save)


async def nps(session: AsyncSession, since: datetime, until: datetime) -> Nps:
    """NPS of the answers given in [since, until)."""
    row = (
        await session.execute(
            select(
                func.count(),
                func.coalesce(func.sum(case((Feedback.score >= 9, 1), else_=0)), 0),
                func.coalesce(func.sum(case((Feedback.score <= 6, 1), else_=0)), 0),
            ).where(Feedback.created_at >= since, Feedback.created_at < until)
        )
    ).one()
    return Nps(int(row[0]), int(row[1]), int(row[2]))
