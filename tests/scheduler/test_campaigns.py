"""Campaign segments, audience size, validation and progress."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from loyalty.campaigns import (
    InvalidCampaign,
    Segment,
    audience_size,
    campaign_progress,
    cancel_campaign,
    create_campaign,
    start_due_campaigns,
)
from loyalty.club import Club
from loyalty.dates import Birthday
from tests.conftest import FakeClock
from tests.scheduler.helpers import add_members


async def test_segments_count_only_active_opted_in_members(club: Club, clock: FakeClock) -> None:
    await add_members(club, 3)
    await add_members(club, 2, tier="gold", joined_at=clock.now - timedelta(days=400))
    await add_members(
        club, 4, last_activity_at=clock.now - timedelta(days=45), joined_at=datetime(2025, 1, 1, tzinfo=UTC)
    )
    await add_members(club, 1, birthday=Birthday("jalali", 5, 23))  # 23 Mordad = 14 August this year
    await add_members(club, 1, birthday=Birthday("gregorian", 8, 10))  # 19 Mordad
    await add_members(club, 1, birthday=Birthday("gregorian", 8, 30))  # 8 Shahrivar: not Mordad
    await add_members(club, 5, consent=False)
    await add_members(club, 2, status="blocked")
    assert await audience_size(club, Segment.everyone()) == 12
    assert await audience_size(club, Segment.in_tier("gold")) == 2
    assert await audience_size(club, Segment.inactive(30)) == 4
    assert await audience_size(club, Segment.birthday_month(5, "jalali")) == 2
    assert await audience_size(club, Segment.birthday_month(8, "gregorian")) == 3
    assert await audience_size(club, Segment.joined_since(date(2025, 6, 1))) == 6
    assert Segment.from_json(Segment.joined_since(date(2025, 6, 1)).to_json()) == Segment.joined_since(date(2025, 6, 1))


async def test_campaigns_are_validated_scheduled_and_cancelled(club: Club, clock: FakeClock) -> None:
    await add_members(club, 3)
    with pytest.raises(InvalidCampaign):
        await create_campaign(club, "   ", Segment.everyone(), None, "owner")
    with pytest.raises(InvalidCampaign):
        await create_campaign(club, "x" * 1025, Segment.everyone(), None, "owner", photo="file-id")
    with pytest.raises(InvalidCampaign):
        Segment.inactive(0)
    later = await create_campaign(club, "Later", Segment.everyone(), clock.now + timedelta(hours=2), "owner")
    now = await create_campaign(club, "Now", Segment.everyone(), None, "owner")
    assert await start_due_campaigns(club) == [now]
    clock.advance(hours=3)
    assert await cancel_campaign(club, later)
    assert await start_due_campaigns(club) == []
    async with club.db.sessions() as session:
        progress = await campaign_progress(session, now)
        cancelled = await campaign_progress(session, later)
        assert await campaign_progress(session, 999) is None
    assert progress is not None and (progress.status, progress.total, progress.pending) == ("sending", 3, 3)
    assert cancelled is not None and (cancelled.status, cancelled.total) == ("cancelled", 0)
    assert not await cancel_campaign(club, later)
