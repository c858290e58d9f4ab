"""Tier review and tier news: upgrade, warning, downgrade and nudge, each once, with the right numbers."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select

from loyalty.club import Club
from loyalty.notices import OwedNotice
from loyalty.tier_review import apply_tier_review, nudge_near_next_tier, review_dates, warn_before_review
from models import Member
from scheduler.jobs import JobContext
from scheduler.outbox import render_notice
from scheduler.service import run_job
from tests.conftest import FakeClock
from tests.scheduler.helpers import add_members, add_purchase, notices, set_tier, translator

M = 1_000_000


async def _tier(club: Club, member_id: int) -> str:
    async with club.db.sessions() as session:
        return str(await session.scalar(select(Member.tier).where(Member.id == member_id)))


def _english(club: Club, notice: object) -> str:
    owed = OwedNotice(0, 0, notice.kind, notice.args, 0, None)  # type: ignore[attr-defined]
    return render_notice(owed, translator.texts("en"), club)


def test_review_dates_follow_the_period(config: object) -> None:
    from loyalty.config import ClubConfig

    assert isinstance(config, ClubConfig)
    assert review_dates(config, date(2026, 3, 10)) == (date(2026, 1, 1), date(2026, 4, 1))
    assert review_dates(config, date(2026, 12, 31)) == (date(2026, 10, 1), date(2027, 1, 1))
    monthly = config.model_copy(update={"tier_review": config.tier_review.model_copy(update={"period": "monthly"})})
    assert review_dates(monthly, date(2026, 12, 1)) == (date(2026, 12, 1), date(2027, 1, 1))


async def test_upgrade_warning_downgrade_and_nudge(club: Club, clock: FakeClock) -> None:
    clock.now = datetime(2026, 3, 20, 8, 0, tzinfo=UTC)
    up, warned, down, near = (await add_members(club, 1))[0], *[(await add_members(club, 1))[0] for _ in range(3)]
    await set_tier(club, warned, "gold")
    await set_tier(club, down, "gold")
    await add_purchase(club, up, 60 * M, datetime(2026, 3, 1, tzinfo=UTC))
    await add_purchase(club, warned, 55 * M, datetime(2025, 3, 25, tzinfo=UTC))  # counts now, not on 1 April
    await add_purchase(club, warned, 10 * M, datetime(2026, 3, 5, tzinfo=UTC))
    await add_purchase(club, down, 5 * M, datetime(2026, 2, 1, tzinfo=UTC))
    await add_purchase(club, near, 46 * M, datetime(2026, 2, 1, tzinfo=UTC))  # gold needs 50M: within 10 %

    for _ in range(2):  # a second run changes nothing and owes nothing more
        review = await apply_tier_review(club, date(2026, 1, 1))
        await warn_before_review(club, date(2026, 3, 20))
        await nudge_near_next_tier(club, date(2026, 3, 20))
    assert (review.upgrades, review.downgrades) == (0, 0)
    assert [await _tier(club, m) for m in (up, warned, down, near)] == ["gold", "gold", "silver", "silver"]

    owed = {n.member_id: n for n in await notices(club)}
    assert len(await notices(club)) == 4
    assert owed[up].kind == "tier_up" and owed[up].args == {"tier": "gold"}
    assert _english(club, owed[up]) == "🌟 Congratulations! You are now a <b>Gold</b> member."
    assert owed[warned].kind == "tier_warning"
    assert owed[warned].args == {"tier": "gold", "lower_tier": "silver", "amount": 40 * M, "date": "2026-04-01"}
    assert "spend 40,000,000 Rial more by then" in _english(club, owed[warned])
    assert "2026-04-01" in _english(club, owed[warned]) and "Silver" in _english(club, owed[warned])
    assert owed[down].kind == "tier_down" and owed[down].args["amount"] == 45 * M
    assert "Spend 45,000,000 Rial within 365 days to be <b>Gold</b> again" in _english(club, owed[down])
    assert owed[near].kind == "tier_nudge" and owed[near].args == {"tier": "gold", "amount": 4 * M}
    assert "spend just 4,000,000 Rial more" in _english(club, owed[near])
    persian = render_notice(
        OwedNotice(0, 0, "tier_nudge", owed[near].args, 0, None), translator.texts("fa", "jalali"), club
    )
    assert "۴٬۰۰۰٬۰۰۰" in persian and "طلایی" in persian


async def test_the_review_date_applies_the_downgrade_that_was_warned(club: Club, clock: FakeClock) -> None:
    [member] = await add_members(club, 1, tier="gold")
    await add_purchase(club, member, 55 * M, datetime(2025, 3, 28, tzinfo=UTC))
    clock.now = datetime(2026, 3, 25, 7, 0, tzinfo=UTC)
    ctx = JobContext(club, translator)
    first = await run_job(ctx, "tier_review")  # applies the January review (nothing to change) and warns
    assert (first["downgrades"], first["warned"]) == (0, 1)
    clock.now = datetime(2026, 4, 1, 7, 0, tzinfo=UTC)  # 10:30 on review day in Tehran
    applied = await run_job(ctx, "tier_review")
    assert (applied["review"], applied["downgrades"]) == ("2026-04-01", 1)
    assert "review" not in await run_job(ctx, "tier_review")  # applied once per review date
    assert await _tier(club, member) == "silver"
    assert [n.kind for n in await notices(club)] == ["tier_warning", "tier_down"]
