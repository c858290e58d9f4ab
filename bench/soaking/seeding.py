"""The club on disk: the example club file with an owner, members, cashiers and rewards."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path

from sqlalchemy import Connection, insert, select

from bot.settings import EXAMPLE_CLUB_CONFIG
from loyalty.club import Club
from loyalty.config import ClubConfig
from loyalty.dates import DEFAULT_CALENDAR
from loyalty.members import JoinRequest, join_in
from loyalty.purchases import PurchaseRequest, record_purchase_in
from loyalty.staff import set_staff
from models import Member, Reward
from models.database import Database
from models.migrate import upgrade

OWNER = 9001
USER_BASE, CASHIER_BASE = 5_000_000, 8_000_000


@dataclass
class Roster:
    members: dict[int, int]  # seeded user id -> member id
    newcomers: list[int]  # users who join through the chat
    cashiers: list[int]
    referral_codes: list[str]


def write_club_file(directory: Path) -> Path:
    text = EXAMPLE_CLUB_CONFIG.read_text("utf-8")
    staffed = text.replace("telegram_owner_ids = []", f"telegram_owner_ids = [{OWNER}]")
    assert staffed != text, "club.example.toml no longer has an empty telegram_owner_ids"
    path = directory / "club.toml"
    path.write_text(staffed, "utf-8")
    return path


def phone(user_id: int, *, local: bool = False) -> str:
    """Every simulated user has a phone of their own: +98912 and the user's index."""
    index = user_id - USER_BASE
    return f"0912{index:07d}" if local else f"+98912{index:07d}"


def _seed_batch(
    connection: Connection, config: ClubConfig, batch: list[tuple[JoinRequest, int]], now: datetime
) -> list[int]:
    members = []
    for request, amount in batch:
        joined = join_in(connection, config, request, now)
        # One member in ten is a regular with two pages of history; the rest bought once.
        visits = 12 if request.user_id % 10 == 0 else 1
        for visit in range(visits):
            purchase = PurchaseRequest(joined.member_id, amount // visits, "seed", f"seed-{request.user_id}-{visit}")
            record_purchase_in(connection, config, purchase, now)
        members.append(joined.member_id)
    return members


async def seed(url: str, config: ClubConfig, users: int, newcomers: int, cashiers: int, rng: random.Random) -> Roster:
    """Members worth 50-3,000 points (one in ten over twelve purchases), cashiers, and four more rewards."""
    await upgrade(url)
    club = Club(db=Database(url), config=config)
    ids = [USER_BASE + n for n in range(users)]
    seeded, joining = ids[: users - newcomers], ids[users - newcomers :]
    members: dict[int, int] = {}
    for start in range(0, len(seeded), 500):
        batch = []
        for user_id in seeded[start : start + 500]:
            lang = rng.choices(("fa", "en", "tr"), (6, 3, 1))[0]
            request = JoinRequest(
                "telegram", user_id, user_id, phone(user_id), lang, DEFAULT_CALENDAR[lang], name=f"Member {user_id}"
            )
            batch.append((request, rng.randrange(500_000, 30_000_000, 1000)))
        created = await club.db.write(partial(_seed_batch, config=config, batch=batch, now=club.clock()))
        members.update(zip((request.user_id for request, _ in batch), created, strict=True))
    for user_id in range(CASHIER_BASE, CASHIER_BASE + cashiers):
        await set_staff(club, platform="telegram", user_id=user_id, role="cashier", name="Cashier", actor="soak")
    rewards = [("Gift", 40, None), ("Cake", 150, None), ("Mug", 600, 50), ("Bike", 20_000, None)]
    rows = [
        {"title": {"fa": t, "en": t, "tr": t}, "cost": c, "stock": s, "voucher_days": 30, "created_at": club.clock()}
        for t, c, s in rewards
    ]
    await club.db.write(lambda connection: connection.execute(insert(Reward), rows))
    async with club.db.sessions() as session:
        codes = list(await session.scalars(select(Member.referral_code).order_by(Member.id).limit(500)))
    await club.db.close()
    return Roster(members, joining, list(range(CASHIER_BASE, CASHIER_BASE + cashiers)), codes)
