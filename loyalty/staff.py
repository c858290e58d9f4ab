"""The shop's staff: owners (from club.toml), admins and cashiers (added by an owner), and what each may do."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, bindparam, delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from loyalty.audit import record_audit
from loyalty.club import Club
from loyalty.config import ClubConfig
from loyalty.errors import LoyaltyError
from loyalty.sql import Prebuilt, execute
from models import Staff

# Higher rank may do everything a lower rank may.
ROLE_RANK = {"cashier": 1, "admin": 2, "owner": 3}
ASSIGNABLE_ROLES = ("admin", "cashier")

# The least role each staff command needs; the chat's gate and its command menus read this.
STAFF_COMMANDS = {
    "purchase": "cashier",
    "pay": "cashier",
    "redeem": "cashier",
    "member": "cashier",
    "adjust": "admin",
    "block": "admin",
    "unblock": "admin",
    "stats": "admin",
    "export": "admin",
    "rewards_admin": "admin",
    "campaign": "admin",
    "campaigns": "admin",
    "staff": "owner",
}


class NotStaff(LoyaltyError):
    key = "error-not-staff"


class CannotChangeOwner(LoyaltyError):
    """Owners come from club.toml; the bot neither adds nor removes them."""

    key = "error-owner-fixed"


@dataclass(frozen=True)
class StaffMember:
    platform: str
    user_id: int
    role: str
    name: str | None


def may(role: str | None, needed: str) -> bool:
    """Whether someone with `role` may do what needs `needed` (None: not staff)."""
    return role is not None and ROLE_RANK[role] >= ROLE_RANK[needed]


_ROLE = Prebuilt(select(Staff.role).where(Staff.platform == bindparam("platform"), Staff.user_id == bindparam("user")))


def staff_role(connection: Connection, config: ClubConfig, platform: str, user_id: int) -> str | None:
    """The messenger user's role in the shop: "owner" (from club.toml), "admin", "cashier", or None.

    A read unit (run it with `Database.read`): the staff routers ask it for any message that reaches them.
    """
    if user_id in config.staff.owner_ids(platform):
        return "owner"
    role = execute(connection, _ROLE, {"platform": platform, "user": user_id}).scalar()
    return str(role) if role is not None else None


async def list_staff(session: AsyncSession, config: ClubConfig, platform: str) -> list[StaffMember]:
    """Owners first, then admins and cashiers, on one messenger."""
    owners = [StaffMember(platform, user_id, "owner", None) for user_id in config.staff.owner_ids(platform)]
    rows = await session.execute(
        select(Staff.user_id, Staff.role, Staff.name).where(Staff.platform == platform).order_by(Staff.role, Staff.id)
    )
    return owners + [StaffMember(platform, int(user_id), role, name) for user_id, role, name in rows]


async def set_staff(club: Club, *, platform: str, user_id: int, role: str, name: str | None, actor: str) -> StaffMember:
    """Make a messenger user an admin or cashier (or change their role); audited."""
    if role not in ASSIGNABLE_ROLES:
        raise ValueError(f"not an assignable role: {role}")
    if user_id in club.config.staff.owner_ids(platform):
        raise CannotChangeOwner(user_id=user_id)
    now = club.clock()

    def save(connection: Connection) -> StaffMember:
        where = (Staff.platform == platform, Staff.user_id == user_id)
        before = connection.execute(select(Staff.role).where(*where)).scalar()
        if before is None:
            connection.execute(
                insert(Staff).values(
                    platform=platform, user_id=user_id, role=role, name=name, added_by=actor, created_at=now
                )
            )
        else:
            connection.execute(update(Staff).where(*where).values(role=role, name=name or Staff.name))
        details = {"platform": platform, "user_id": user_id, "before": before, "after": role}
        record_audit(connection, actor=actor, action="staff.set", now=now, details=details)
        return StaffMember(platform, user_id, role, name)

    return await club.db.write(save)


async def remove_staff(club: Club, *, platform: str, user_id: int, actor: str) -> None:
    """Take an admin's or cashier's role away; audited. Raises NotStaff when they had none."""
    if user_id in club.config.staff.owner_ids(platform):
        raise CannotChangeOwner(user_id=user_id)
    now = club.clock()

    def remove(connection: Connection) -> None:
        where = (Staff.platform == platform, Staff.user_id == user_id)
        before = connection.execute(select(Staff.role).where(*where)).scalar()
        if before is None:
            raise NotStaff(user_id=user_id)
        connection.execute(delete(Staff).where(*where))
        details = {"platform": platform, "user_id": user_id, "before": before, "after": None}
        record_audit(connection, actor=actor, action="staff.remove", now=now, details=details)

    await club.db.write(remove)


def actor_id(platform: str, user_id: int) -> str:
    """How staff appear in the ledger and audit log: ids only."""
    return f"{platform}:{user_id}"
