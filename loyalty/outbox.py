"""The outbox's database side: what is waiting to be sent (campaign deliveries) and where each member is reached.

The sending loop lives in `scheduler.outbox`; this module has no messenger code.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from loyalty.club import Club
from loyalty.contacts import MemberChat
from models import Campaign, Delivery, Identity, Member, Notice


@dataclass(frozen=True)
class PendingDelivery:
    id: int
    campaign_id: int
    member_id: int
    attempts: int
    text: str
    photo: str | None


async def pending_deliveries(session: AsyncSession, *, limit: int = 200, after_id: int = 0) -> list[PendingDelivery]:
    """Deliveries still to send for campaigns that are sending (not cancelled), in id order."""
    rows = await session.execute(
        select(Delivery.id, Delivery.campaign_id, Delivery.member_id, Delivery.attempts, Campaign.text, Campaign.photo)
        .join(Campaign, Campaign.id == Delivery.campaign_id)
        .where(Delivery.status == "pending", Delivery.id > after_id, Campaign.status == "sending")
        .order_by(Delivery.id)
        .limit(limit)
    )
    return [PendingDelivery(*row) for row in rows]


async def outbox_depth(session: AsyncSession) -> dict[str, int]:
    """How much the outbox still has to send: pending deliveries of sending campaigns, and pending notices.

    Both counts read an index (campaign and status; notice status), so /metrics can ask on every scrape.
    """
    deliveries = await session.scalar(
        select(func.count())
        .select_from(Delivery)
        .join(Campaign, Campaign.id == Delivery.campaign_id)
        .where(Campaign.status == "sending", Delivery.status == "pending")
    )
    notices = await session.scalar(select(func.count()).select_from(Notice).where(Notice.status == "pending"))
    return {"delivery": int(deliveries or 0), "notice": int(notices or 0)}


async def reachable_chats(session: AsyncSession, member_ids: list[int]) -> dict[int, MemberChat]:
    """Each active member's first reachable chat (their oldest messenger account that has not blocked the bot).

    A message the club starts goes to one chat per member, so a member on both messengers hears it once.
    """
    if not member_ids:
        return {}
    rows = await session.execute(
        select(
            Identity.member_id, Identity.platform, Identity.user_id, Identity.chat_id, Member.language, Member.calendar
        )
        .join(Member, Member.id == Identity.member_id)
        .where(Identity.member_id.in_(member_ids), Identity.blocked_bot_at.is_(None), Member.status == "active")
        .order_by(Identity.id)
    )
    chats: dict[int, MemberChat] = {}
    for row in rows:
        chats.setdefault(int(row[0]), MemberChat(*row))
    return chats


async def record_delivery(
    club: Club, delivery_id: int, status: str, *, attempts: int, error: str | None = None
) -> None:
    """Store one delivery's outcome: "sent", "failed", "blocked", or "pending" (to be tried again)."""
    now = club.clock()
    values: dict[str, object] = {"status": status, "attempts": attempts, "error": error}
    if status == "sent":
        values["sent_at"] = now
    await club.db.write(lambda c: c.execute(update(Delivery).where(Delivery.id == delivery_id).values(**values)))
