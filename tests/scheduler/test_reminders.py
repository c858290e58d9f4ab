"""Points-expiry reminders (FIFO lots, partial spends, once each) and win-back nudges (once per spell)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import update

from loyalty.club import Club
from loyalty.expiry import expire_points
from loyalty.ledger import post_entry
from loyalty.reminders import remind_expiring_points, win_back
from models import Member
from tests.conftest import FakeClock
from tests.scheduler.helpers import add_members, notices


async def _post(club: Club, member_id: int, delta: int, kind: str, at: datetime, expires: datetime | None) -> None:
    key = f"test:{member_id}:{kind}:{at.isoformat()}"
    await club.db.write(
        lambda c: post_entry(c, member_id=member_id, delta=delta, kind=kind, key=key, now=at, expires_at=expires)
    )


async def test_expiry_reminders_follow_fifo_lots_and_come_once(club: Club, clock: FakeClock) -> None:
    [member] = await add_members(club, 1)
    lot_a, lot_b = datetime(2025, 3, 1, tzinfo=UTC), datetime(2025, 3, 20, tzinfo=UTC)
    await _post(club, member, 100, "purchase", lot_a, lot_a.replace(year=2026))
    await _post(club, member, 50, "purchase", lot_b, lot_b.replace(year=2026))
    await _post(club, member, -60, "claim", datetime(2025, 6, 1, tzinfo=UTC), None)  # spends lot A first

    clock.now = datetime(2026, 2, 20, 9, 0, tzinfo=UTC)  # lot A expires within 14 days, lot B does not
    assert (await remind_expiring_points(club)).reminded == 1
    assert (await remind_expiring_points(club)).reminded == 0  # the same day again
    clock.advance(days=3)  # lot B is now within 14 days too, but the first reminder covers until 6 March
    assert (await remind_expiring_points(club)).reminded == 0
    [first] = await notices(club, "expiry")
    assert first.args == {"points": 40, "date": "2026-03-01"}  # 100 - 60 spent

    clock.now = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    assert (await expire_points(club)).points == 40
    clock.now = datetime(2026, 3, 8, 9, 0, tzinfo=UTC)  # past what the first reminder covered
    assert (await remind_expiring_points(club)).reminded == 1
    assert (await remind_expiring_points(club)).reminded == 0
    assert [n.args for n in await notices(club, "expiry")] == [first.args, {"points": 50, "date": "2026-03-20"}]


async def test_win_back_nudges_opted_in_members_once_per_spell(club: Club, clock: FakeClock) -> None:
    long_ago = clock.now - timedelta(days=61)
    [quiet] = await add_members(club, 1, last_activity_at=long_ago)
    await add_members(club, 1, last_activity_at=long_ago, consent=False)  # did not opt in
    await add_members(club, 1, last_activity_at=clock.now - timedelta(days=30))  # not quiet long enough
    assert (await win_back(club)).reminded == 1
    clock.advance(days=5)
    assert (await win_back(club)).reminded == 0  # the same spell
    # The member comes back, then goes quiet again: a new spell, a new nudge.
    await _post(club, quiet, 10, "purchase", clock.now, None)
    await club.db.write(
        lambda c: c.execute(update(Member).where(Member.id == quiet).values(last_activity_at=clock.now))
    )
    clock.advance(days=61)
    assert (await win_back(club)).reminded == 2  # the quiet member again, and the one quiet for 96 days now
    assert [n.args["points"] for n in await notices(club, "winback") if n.member_id == quiet] == [0, 10]
