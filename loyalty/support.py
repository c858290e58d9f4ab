"""Members writing to the shop: each message is a ticket that staff see and answer."""

from __future__ import annotations

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from loyalty.club import Club
from loyalty.config import ClubConfig
from loyalty.errors import LoyaltyError
from models import Staff, SupportTicket, TicketReply

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


async def staff_chats(session: AsyncSession, config: ClubConfig, platform: str) -> list[int]:
    """Private chats of everyone who handles support on `platform`: the owners and the admins."""
    admins = await session.scalars(select(Staff.user_id).where(Staff.platform == platform, Staff.role != "cashier"))
    return sorted({*config.staff.owner_ids(platform), *(int(user_id) for user_id in admins)})


async def reply_to_ticket(club: Club, *, ticket_id: int, staff: str, text: str) -> int:
    """Store a staff reply and mark the ticket answered; returns the member to send it to."""
    now = club.clock()

    def reply(connection: Connection) -> int:
        member_id = connection.execute(select(SupportTicket.member_id).where(SupportTicket.id == ticket_id)).scalar()
        if member_id is None:
            raise TicketNotFound(ticket_id=ticket_id)
        connection.execute(
            insert(TicketReply).values(ticket_id=ticket_id, staff=staff, text=text[:MAX_TICKET_TEXT], created_at=now)
        )
        connection.execute(update(SupportTicket).where(SupportTicket.id == ticket_id).values(status="answered"))
        return int(member_id)

    return await club.db.write(reply)


class TicketNotFound(LoyaltyError):
    key = "error-ticket-not-found"
