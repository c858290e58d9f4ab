"""Builders for the scheduler tests: members in bulk, purchases in the past, a fake messenger on a fake clock."""

from __future__ import annotations

import asyncio
import itertools
from collections import Counter, deque
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update

from bot.notifier import Outcome, SendResult
from locales import Translator
from loyalty.club import Club
from loyalty.contacts import MemberChat
from loyalty.dates import Birthday
from models import Identity, Member, Notice, Purchase

_ids = itertools.count(500_000)
translator = Translator()


async def add_members(
    club: Club,
    count: int,
    *,
    birthday: Birthday | None = None,
    tier: str = "silver",
    consent: bool = True,
    status: str = "active",
    language: str = "en",
    platform: str = "telegram",
    joined_at: datetime | None = None,
    last_activity_at: datetime | None = None,
) -> list[int]:
    """Insert `count` members with one messenger account each (user id = chat id); their ids."""
    now = club.clock()
    numbers = [next(_ids) for _ in range(count)]
    members = [
        {
            "referral_code": f"T{number}",
            "tier": tier,
            "balance": 0,
            "language": language,
            "calendar": "jalali" if language == "fa" else "gregorian",
            "name": f"Member {number}",
            "phone": f"+98913{number:07d}",
            "birthday_calendar": birthday.calendar if birthday else None,
            "birthday_month": birthday.month if birthday else None,
            "birthday_day": birthday.day if birthday else None,
            "marketing_consent": consent,
            "status": status,
            "joined_at": joined_at or now,
            "last_activity_at": last_activity_at or now,
            "created_at": now,
        }
        for number in numbers
    ]

    def write(connection: Any) -> list[int]:
        ids = [
            int(row[0])
            for row in connection.execute(insert(Member).returning(Member.id, sort_by_parameter_order=True), members)
        ]
        identities = [
            {"platform": platform, "user_id": n, "chat_id": n, "member_id": m, "created_at": now}
            for n, m in zip(numbers, ids, strict=True)
        ]
        connection.execute(insert(Identity), identities)
        return ids

    ids: list[int] = await club.db.write(write)
    return sorted(ids)


async def add_purchase(club: Club, member_id: int, amount: int, at: datetime) -> None:
    """A purchase recorded in the past (no points, no tier change: the review is what is tested)."""
    key = f"test:{next(_ids)}"
    row = {"member_id": member_id, "amount": amount, "points": 0, "source": "test", "receipt": key}
    row |= {"tier": "silver", "idempotency_key": key, "created_at": at}
    await club.db.write(lambda c: c.execute(insert(Purchase).values(row)))


async def set_tier(club: Club, member_id: int, tier: str) -> None:
    await club.db.write(lambda c: c.execute(update(Member).where(Member.id == member_id).values(tier=tier)))


async def notices(club: Club, kind: str | None = None) -> list[Notice]:
    async with club.db.sessions() as session:
        query = select(Notice).order_by(Notice.id)
        if kind is not None:
            query = query.where(Notice.kind == kind)
        return list(await session.scalars(query))


class FakeTime:
    """Monotonic seconds that move only when the outbox sleeps."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += max(0.0, seconds)
        await asyncio.sleep(0)


class FakeMessenger:
    """A messenger on fake time: enforces `limit` sends in any one-second window (429 beyond it), answers 403
    for `blocked` user ids, 429 with `retry_after` at the send numbers in `throttle_at`, and records deliveries."""

    def __init__(self, time: FakeTime, *, limit: int = 30, blocked: set[int] | None = None) -> None:
        self.time, self.limit = time, limit
        self.blocked = blocked or set()
        self.throttle_at: dict[int, int] = {}
        self.calls = 0
        self.accepted: list[tuple[float, int, str]] = []  # (time, chat id, text)
        self.rate_refusals = 0
        self._window: deque[float] = deque()
        self.on_send: Any = None

    async def send(self, chat: MemberChat, text: str, *, photo: bytes | str | None = None) -> SendResult:
        now = self.time()  # when the request starts (fake time moves on while the task waits its turn)
        await asyncio.sleep(0)  # the network: a cancellation here means the message never left
        self.calls += 1
        if self.calls in self.throttle_at:
            return SendResult(Outcome.RETRY, retry_after=self.throttle_at[self.calls], error="429")
        while self._window and self._window[0] <= now - 1.0:
            self._window.popleft()
        if len(self._window) >= self.limit:
            self.rate_refusals += 1
            return SendResult(Outcome.RETRY, retry_after=1, error="429")
        if chat.user_id in self.blocked:
            return SendResult(Outcome.BLOCKED, error="403")
        self._window.append(now)
        self.accepted.append((now, chat.chat_id, text))
        if self.on_send is not None:
            self.on_send(len(self.accepted))
        return SendResult(Outcome.SENT)

    def received(self) -> Counter[int]:
        return Counter(chat_id for _, chat_id, _ in self.accepted)

    def max_in_one_second(self) -> int:
        times = [t for t, _, _ in self.accepted]
        best, start = 0, 0
        for end, moment in enumerate(times):
            while times[start] <= moment - 1.0:
                start += 1
            best = max(best, end - start + 1)
        return best
