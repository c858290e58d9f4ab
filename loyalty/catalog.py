"""Merchants managing the reward catalog: add, edit, pause and resume; every change audited."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from loyalty.audit import record_audit
from loyalty.club import Club
from loyalty.errors import LoyaltyError, RewardNotFound
from models import Reward

MAX_TITLE = 64
# What a merchant may change on a reward, and what each value must be.
EDITABLE = ("title", "cost", "stock", "per_member_limit", "valid_until", "voucher_days", "active")


class InvalidRewardValue(LoyaltyError):
    key = "error-reward-value"


def titles(text: str, languages: list[str]) -> dict[str, str]:
    """A title per language from "one title" or "fa title | en title | tr title" (in `languages` order)."""
    parts = [" ".join(part.split()) for part in text.split("|")]
    if not all(parts) or any(len(part) > MAX_TITLE for part in parts) or len(parts) not in (1, len(languages)):
        raise InvalidRewardValue(field="title")
    return dict(zip(languages, parts * len(languages) if len(parts) == 1 else parts, strict=False))


def _check(field: str, value: Any) -> None:
    positive = {"cost": 1, "voucher_days": 1}
    if field in positive and (not isinstance(value, int) or value < positive[field]):
        raise InvalidRewardValue(field=field)
    if field in ("stock", "per_member_limit") and value is not None and (not isinstance(value, int) or value < 0):
        raise InvalidRewardValue(field=field)


async def all_rewards(session: AsyncSession) -> list[Reward]:
    """Every reward, active first, then by cost (the merchant's list, paused ones included)."""
    return list(await session.scalars(select(Reward).order_by(Reward.active.desc(), Reward.cost, Reward.id)))


async def add_reward(club: Club, *, title: dict[str, str], cost: int, stock: int | None, actor: str) -> int:
    """Add an active reward to the catalog (vouchers valid 30 days, no per-member limit until edited)."""
    _check("cost", cost)
    _check("stock", stock)
    now = club.clock()

    def add(connection: Connection) -> int:
        reward_id = connection.execute(
            insert(Reward)
            .values(title=title, cost=cost, stock=stock, voucher_days=30, active=True, created_at=now)
            .returning(Reward.id)
        ).scalar_one()
        details = {"reward_id": reward_id, "after": {"title": title, "cost": cost, "stock": stock}}
        record_audit(connection, actor=actor, action="reward.add", now=now, details=details)
        return int(reward_id)

    return await club.db.write(add)


async def edit_reward(club: Club, reward_id: int, *, field: str, value: Any, actor: str) -> None:
    """Change one property of a reward; the audit entry keeps the value before and after."""
    if field not in EDITABLE:
        raise ValueError(f"not editable: {field}")
    _check(field, value)
    now = club.clock()

    def edit(connection: Connection) -> None:
        column = getattr(Reward, field)
        before = connection.execute(select(column).where(Reward.id == reward_id)).first()
        if before is None:
            raise RewardNotFound(reward_id=reward_id)
        connection.execute(update(Reward).where(Reward.id == reward_id).values({field: value}))
        details = {"reward_id": reward_id, "field": field, "before": _plain(before[0]), "after": _plain(value)}
        record_audit(connection, actor=actor, action="reward.edit", now=now, details=details)

    await club.db.write(edit)


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value
