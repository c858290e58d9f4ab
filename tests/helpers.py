"""Small builders shared by the domain tests."""

from __future__ import annotations

import itertools

from sqlalchemy import insert

from loyalty.club import Club
from loyalty.members import JoinRequest, JoinResult, join
from models import Reward

_user_ids = itertools.count(10_000)


async def new_member(
    club: Club, *, phone: str | None = None, referral_code: str | None = None, platform: str = "telegram"
) -> JoinResult:
    """Join a fresh member with a unique messenger id and phone."""
    user_id = next(_user_ids)
    return await join(
        club,
        JoinRequest(
            platform=platform,
            user_id=user_id,
            chat_id=user_id,
            phone=phone or f"+98912{user_id:07d}",
            language="fa",
            calendar="jalali",
            name=f"Member {user_id}",
            referral_code=referral_code,
        ),
    )


async def add_reward(club: Club, **values: object) -> int:
    """Insert a reward straight into the catalog (title, cost 40, 30-day vouchers unless given)."""
    row = {"title": {"fa": "هدیه", "en": "Gift", "tr": "Hediye"}, "cost": 40, "voucher_days": 30, "active": True}
    row.update(values, created_at=club.clock())
    return int(await club.db.write(lambda c: c.execute(insert(Reward).values(row).returning(Reward.id)).scalar_one()))
