"""Statistics rollups: /stats over rolled-up slots equals /stats over the raw rows, whatever the period and edges."""

from __future__ import annotations

import asyncio
import random
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import delete, func, insert, select, update

from loyalty.club import Club
from loyalty.periods import period_range
from loyalty.purchases import PurchaseRequest, record_purchase
from loyalty.rollups import (
    GRACE,
    SLOT,
    RefreshRun,
    pack_members,
    refresh_rollups,
    rolled_until,
    slot_of,
    slot_start,
    unpack_members,
)
from loyalty.stats import ClubStats, StatsSeries, club_series, club_stats
from models import BuyerDay, LedgerEntry, LedgerSlot, Member, Purchase, PurchaseSlot, RollupMark
from scheduler.service import run_now
from tests.conftest import FakeClock
from tests.helpers import new_member
from tests.scheduler.helpers import add_members, translator

TEHRAN = ZoneInfo("Asia/Tehran")
KATHMANDU = ZoneInfo("Asia/Kathmandu")  # +5:45: local midnight still falls on a 15-minute slot boundary
KINDS = ("purchase", "purchase", "purchase", "claim", "claim_cancel", "referral", "birthday", "adjust", "expire")
TIERS = ("silver", "gold", "platinum")
PERIODS = ("week", "month", "30d", "year", "1d", "3d", "45d", "400d")


def _moment(rng: random.Random, start: datetime, end: datetime) -> datetime:
    """A random time in [start, end); one in four on an exact slot boundary, where off-by-one errors live."""
    moment = start + (end - start) * rng.random()
    return moment - (moment - datetime(1970, 1, 1, tzinfo=UTC)) % SLOT if rng.random() < 0.25 else moment


async def _random_club(
    club: Club, rng: random.Random, *, days: int = 420, entries: int = 700, edges: Sequence[datetime] = ()
) -> None:
    """Members, ledger entries and purchases spread over `days` up to the clock (some within the grace), and
    more around each of `edges`: just before, at, just after, where an off-by-one would count them wrongly."""
    now = club.clock()
    start = now - timedelta(days=days)
    members = await add_members(club, 40, joined_at=start)
    joins = {member: _moment(rng, start, now) for member in members}
    changes = {
        member: {"joined_at": joined, "last_activity_at": _moment(rng, joined, now), "balance": rng.randrange(500)}
        | {"status": rng.choice(("active", "active", "blocked", "deleted"))}
        for member, joined in joins.items()
    }
    near = (-timedelta(minutes=7), -timedelta(microseconds=1), timedelta(0), timedelta(microseconds=1))
    moments = [_moment(rng, start, now) for _ in range(entries)]
    moments += [edge + offset for edge in edges for offset in near if start <= edge + offset < now]
    ledger: list[dict[str, Any]] = []
    purchases: list[dict[str, Any]] = []
    for number, at in enumerate(moments):
        kind = rng.choice(KINDS)
        delta = {"claim": -40, "claim_cancel": 40, "expire": -rng.randrange(1, 30), "adjust": rng.choice((-5, 7))}
        member = rng.choice(members)
        ledger.append(
            {"member_id": member, "delta": delta.get(kind, rng.randrange(1, 300)), "kind": kind}
            | {"idempotency_key": f"r:{number}", "created_at": at}
        )
        if kind == "purchase":
            again = [at + timedelta(minutes=rng.randrange(1, 300))] if rng.random() < 0.2 else []
            for when in [at, *again]:  # some members buy twice on one day (or just after midnight)
                purchases.append(
                    {"member_id": member, "amount": rng.randrange(10_000, 9_000_000), "points": 1}
                    | {"source": "test", "receipt": f"p:{len(purchases)}", "tier": rng.choice(TIERS)}
                    | {"idempotency_key": f"p:{len(purchases)}", "created_at": min(when, now)}
                )

    def write(connection: Any) -> None:
        for member, values in changes.items():  # joined at different times, some deleted since
            connection.execute(update(Member).where(Member.id == member).values(values))
        connection.execute(insert(LedgerEntry), ledger)
        connection.execute(insert(Purchase), purchases)

    await club.db.write(write)


def _edges(ranges: list[tuple[datetime, datetime]]) -> list[datetime]:
    """The ends of each range and of its chart buckets (a day up to two weeks, else a week, as club_series)."""
    edges = []
    for since, until in ranges:
        width = timedelta(days=1 if until - since <= timedelta(days=14) else 7)
        edges += [since + width * step for step in range(-(-(until - since) // width))] + [until]
    return edges


def _ranges(now: datetime) -> list[tuple[datetime, datetime]]:
    """Every period in two zones and both calendars, and hand-picked unaligned or odd ranges."""
    readers = ((TEHRAN, "jalali"), (TEHRAN, "gregorian"), (KATHMANDU, "gregorian"))
    ranges = [period_range(period, now, zone, calendar) for period in PERIODS for zone, calendar in readers]
    odd = timedelta(hours=7, minutes=13, seconds=5, microseconds=123_457)
    return [
        *ranges,
        (now - timedelta(days=100) + odd, now - timedelta(days=20) + odd),  # both ends between slots
        (now - timedelta(days=90), now - timedelta(days=61, minutes=1)),  # weekly buckets, whole minutes
        (now - timedelta(days=13) - odd, now - timedelta(hours=2)),  # daily buckets
        (now - timedelta(days=10), now + timedelta(days=5)),  # ends in the future
        (now - timedelta(days=3000), now - timedelta(days=2000)),  # before anything happened
        (now - GRACE / 2, now),  # inside the grace only
        (now, now),  # empty
    ]


async def _figures(club: Club, ranges: list[tuple[datetime, datetime]]) -> list[tuple[ClubStats, StatsSeries]]:
    figures = []
    async with club.db.sessions() as session:
        for since, until in ranges:
            figures.append(
                (await club_stats(session, club, since, until), await club_series(session, club, since, until))
            )
    return figures


async def _rollup_rows(club: Club) -> list[Any]:
    async with club.db.sessions() as session:
        return [
            list(await session.execute(select(*table.__table__.columns).order_by(*table.__table__.primary_key)))
            for table in (LedgerSlot, PurchaseSlot, BuyerDay, RollupMark)
        ]


async def test_stats_over_rollups_equal_the_raw_rows_for_every_period(club: Club, clock: FakeClock) -> None:
    ranges = _ranges(clock())
    await _random_club(club, random.Random(4), edges=_edges(ranges))
    # A clock before everything rolls nothing up: these are the figures from the raw rows alone.
    raw = await _figures(Club(club.db, club.config, FakeClock(datetime(2020, 1, 1, tzinfo=UTC))), ranges)
    assert await _rollup_rows(club) == [[], [], [], []]
    year = raw[PERIODS.index("year") * 3][0]  # Tehran, Jalali
    assert year.purchases > 100 and year.repeat_buyers > 5 and year.points_expired > 0

    # Rolled up to ever later points (mid-day, mid-slot clocks), then up to now: always the same figures.
    for ago in (timedelta(days=200, hours=7, minutes=7), timedelta(days=3, hours=1), timedelta(0)):
        later = Club(club.db, club.config, FakeClock(clock() - ago))
        await refresh_rollups(later)
        assert await _figures(club, ranges) == raw


async def test_stats_over_rollups_match_the_rows_counted_in_python(club: Club, clock: FakeClock) -> None:
    since, until = clock() - timedelta(days=30, hours=7, seconds=5, microseconds=123_457), clock()
    await _random_club(club, random.Random(11), days=40, entries=300, edges=_edges([(since, until)]))
    await refresh_rollups(club)
    async with club.db.sessions() as session:
        stats = await club_stats(session, club, since, until)
        series = await club_series(session, club, since, until)
        entries = list(await session.scalars(select(LedgerEntry).where(LedgerEntry.created_at >= since)))
        sales = list(await session.scalars(select(Purchase).where(Purchase.created_at >= since)))
        alive = list(await session.scalars(select(Member).where(Member.status != "deleted")))
    assert any(member.status == "blocked" for member in alive) and len(alive) < 40  # some were deleted
    assert (stats.members, stats.points_outstanding) == (len(alive), sum(member.balance for member in alive))
    assert stats.new_members == sum(since <= member.joined_at < until for member in alive)
    assert stats.new_this_week == sum(member.joined_at >= until - timedelta(days=7) for member in alive)
    for days, active in ((30, stats.active_30d), (90, stats.active_90d)):
        assert active == sum(member.last_activity_at >= until - timedelta(days=days) for member in alive)
    joined = [0] * 5
    for member in alive:
        if since <= member.joined_at:
            joined[(member.joined_at - since) // timedelta(days=7)] += 1
    assert series.new_members == joined and sum(joined) > 0
    entries = [entry for entry in entries if entry.created_at < until]
    sales = [sale for sale in sales if sale.created_at < until]
    issued = [e for e in entries if e.delta > 0 and e.kind != "claim_cancel"]
    assert stats.points_issued == sum(e.delta for e in issued)
    assert stats.points_redeemed == -sum(e.delta for e in entries if e.kind in ("claim", "claim_cancel"))
    assert stats.points_expired == -sum(e.delta for e in entries if e.kind == "expire")
    assert (stats.purchases, stats.revenue) == (len(sales), sum(sale.amount for sale in sales))
    bought = Counter(sale.member_id for sale in sales)
    assert (stats.buyers, stats.repeat_buyers) == (len(bought), sum(n > 1 for n in bought.values()))
    assert {basket.tier: basket.purchases for basket in stats.baskets} == Counter(sale.tier for sale in sales)
    weekly = [0] * 5
    for entry in issued:  # a row a microsecond before a week's start belongs to the week before
        weekly[(entry.created_at - since) // timedelta(days=7)] += entry.delta
    assert series.points_issued == weekly


async def test_refreshing_twice_or_concurrently_writes_the_same_rollups(club: Club, clock: FakeClock) -> None:
    await _random_club(club, random.Random(5), days=30, entries=300)
    first = await refresh_rollups(club)
    rows = await _rollup_rows(club)
    again = await refresh_rollups(club)
    assert first.slots > 0 and first.days == 30
    assert (again.slots, again.days, again.rolled_until) == (0, 0, first.rolled_until)
    assert await _rollup_rows(club) == rows

    await club.db.write(_forget_rollups)
    runs: list[RefreshRun] = await asyncio.gather(refresh_rollups(club), refresh_rollups(club))
    assert runs[0].rolled_until == runs[1].rolled_until == first.rolled_until
    assert await _rollup_rows(club) == rows


def _forget_rollups(connection: Any) -> None:
    for table in (LedgerSlot, PurchaseSlot, BuyerDay, RollupMark):
        connection.execute(delete(table))


async def test_a_slot_within_the_grace_waits_and_late_entries_are_counted(club: Club, clock: FakeClock) -> None:
    member = await new_member(club)
    await record_purchase(club, PurchaseRequest(member_id=member.member_id, amount=3_000_000))
    now = clock()
    run = await refresh_rollups(club)
    assert run.rolled_until == slot_start(slot_of(now - GRACE))
    async with club.db.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(LedgerSlot)) == 0  # still in the grace

    clock.advance(minutes=20)  # written after the refresh: counted from the raw rows until rolled up
    await record_purchase(club, PurchaseRequest(member_id=member.member_id, amount=1_000_000))
    since, until = now - timedelta(days=1), clock.advance(seconds=1)
    async with club.db.sessions() as session:
        before = await club_stats(session, club, since, until)
    assert (before.purchases, before.buyers, before.repeat_buyers) == (2, 1, 1)

    clock.advance(days=2)
    await refresh_rollups(club)
    async with club.db.sessions() as session:
        assert await rolled_until(session) == slot_start(slot_of(clock() - GRACE))
        slots = list(await session.scalars(select(LedgerSlot.slot).order_by(LedgerSlot.slot)))
        days = await session.scalar(select(func.count()).select_from(BuyerDay))
        after = await club_stats(session, club, since, until)
    assert slots == [slot_of(now), slot_of(until)] and days == 1
    assert (after.purchases, after.buyers, after.repeat_buyers) == (2, 1, 1)
    assert (after.points_issued, after.revenue) == (before.points_issued, 4_000_000)


async def test_the_hourly_job_rolls_up_idempotently(club: Club, clock: FakeClock) -> None:
    await _random_club(club, random.Random(8), days=10, entries=200)
    async with club.db.sessions() as session:  # a /stats rolls up only the oldest two days of the backlog
        await club_stats(session, club, clock() - timedelta(days=7), clock())
        assert await rolled_until(session) == datetime(2026, 3, 2, tzinfo=UTC)
    first = await run_now(club, {}, translator, "stats_rollups")
    rows = await _rollup_rows(club)
    clock.advance(minutes=5)  # the next slot is not closed yet: nothing to do
    second = await run_now(club, {}, translator, "stats_rollups")
    assert first["days"] == 8 and first["slots"] > 8 * 96 and second == {"slots": 0, "days": 0}
    assert await _rollup_rows(club) == rows
    clock.advance(hours=1)
    assert (await run_now(club, {}, translator, "stats_rollups"))["slots"] == 4


@pytest.mark.parametrize("zone", [TEHRAN, KATHMANDU])
def test_local_midnights_fall_on_slot_boundaries(zone: ZoneInfo) -> None:
    for day in range(0, 366, 7):  # across both daylight saving changes where the zone has them
        midnight = datetime(2025, 1, 1, tzinfo=zone) + timedelta(days=day)
        assert (midnight.astimezone(UTC) - datetime(1970, 1, 1, tzinfo=UTC)) % SLOT == timedelta(0)


def test_a_day_of_buyers_packs_to_the_same_bytes_in_whatever_order_the_database_returned_them() -> None:
    # PostgreSQL's GROUP BY returns members in an order that can change with the plan (after an ANALYZE, say).
    assert pack_members([7, 2**31 + 5, 3]) == pack_members([2**31 + 5, 3, 7])
    assert unpack_members(pack_members([9, 1, 4])).tolist() == [1, 4, 9]
