"""Members writing to the shop: each message is a ticket that staff see and answer."""

from __future__ import annotations

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from loyalty.club import Club
from loyalty.config import ClubConfig
from models import Staff, SupportTicket

MAX_TICKET_TEXT = 2000


async def open_ticket(club: Club, *, member_id: int, platform: str, text: str) -> int:
    """Store a member's message to the shop as an open ticket; returns the ticket number."""
    now = club.clock()
    row = {"member_id": member_id, "platform": platform, "text": text[:MAX_TICKET_TEXT], "created_at": now}
    return int(
        await club.db.write(
            lambda connection: connection.execute(
                insert(SupportTicket).values(**row).returning(SupportTicket.id)
            ).scalar_one()
        )
    )


async def staff_role(session: AsyncSession, config: ClubConfig, platform: str, user_id: int) -> str | None:
    """The messenger user's role in the shop: "owner" (from club.toml), "admin", "cashier", or None."""
    if user_id in config.staff.owner_ids(platform):
        return "owner"
    role = await session.scalar(select(Staff.role).where(Staff.platform == platform, Staff.user_id == user_id))
    return str(role) if role is not None else None


async def staff_chats(session: AsyncSession, config: ClubConfig, platform: str) -> list[int]:
    """Private chats of everyone who handles support on `platform`: the owners and the admins."""
    admins = await session.scalars(select(Staff.user_id).where(Staff.platform == platform, Staff.role != "cashier"))
    return sorted({*config.staff.owner_ids(platform), *(int(user_id) for user_id in admins)})
