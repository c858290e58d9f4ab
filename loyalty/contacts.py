"""Where a member can be reached: the chats of their messenger accounts that have not blocked the bot."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from loyalty.club import Club
from models import Identity, Member


@dataclass(frozen=True)
class MemberChat:
    member_id: int
    platform: str
    user_id: int
    chat_id: int
    language: str
    calendar: str


async def member_chats(session: AsyncSession, member_id: int) -> list[MemberChat]:
    """The member's reachable chats (an active member's accounts that have not blocked the bot)."""
    rows = await session.execute(
        select(Identity.platform, Identity.user_id, Identity.chat_id, Member.language, Member.calendar)
        .join(Member, Member.id == Identity.member_id)
        .where(Identity.member_id == member_id, Identity.blocked_bot_at.is_(None), Member.status == "active")
        .order_by(Identity.id)
    )
    return [MemberChat(member_id, *row) for row in rows]


async def mark_unreachable(club: Club, platform: str, user_id: int) -> None:
    """Record that this account blocked the bot (or is gone): no more sends to it until it writes again."""
    now = club.clock()
    await club.db.write(
        lambda connection: connection.execute(
            update(Identity)
            .where(Identity.platform == platform, Identity.user_id == user_id, Identity.blocked_bot_at.is_(None))
            .values(blocked_bot_at=now)
        )
    )


async def mark_reachable(club: Club, platform: str, user_id: int) -> None:
    """Record that this account unblocked (restarted) the bot: club messages reach it again."""
    await club.db.write(
        lambda connection: connection.execute(
            update(Identity)
            .where(Identity.platform == platform, Identity.user_id == user_id, Identity.blocked_bot_at.is_not(None))
            .values(blocked_bot_at=None)
        )
    )
