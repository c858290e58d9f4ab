from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from loyalty.club import Club
from loyalty.members import JoinRequest, join
from loyalty.purchases import PurchaseRequest, record_purchase
from loyalty.rewards import cancel_claim, claim_reward
from loyalty.stats import club_stats
from models import LedgerEntry, Member, Purchase
from tests.conftest import FakeClock
from tests.helpers import add_reward, new_member


async def test_stats_match_the_ledger(club: Club, clock: FakeClock) -> None:
    start = clock()
    old = await new_member(club)
    clock.advance(days=20)
    referrer = await new_member(club)
    async with club.db.sessions() as session:
        code = await session.scalar(select(Member.referral_code).where(Member.id == referrer.member_id))
    friend = await join(club, JoinRequest("bale", 1, 1, "+989127770000", "fa", "jalali", referral_code=code))
    await new_member(club, referral_code=code)  # joins, never buys: pending
    for amount in (1_000_000, 60_000_000, 300_000):
        await record_purchase(club, PurchaseRequest(member_id=friend.member_id, amount=amount))
    await record_purchase(club, PurchaseRequest(member_id=old.member_id, amount=2_000_000))
    reward = await add_reward(club, cost=40)
    kept = await claim_reward(club, member_id=old.member_id, reward_id=reward, idempotency_key="1")
    undone = await claim_reward(club, member_id=old.member_id, reward_id=reward, idempotency_key="2")
    await cancel_claim(club, member_id=old.member_id, voucher_id=undone.voucher_id)
    assert kept.voucher_id
    now = clock.advance(hours=1)

    async with club.db.sessions() as session:
        stats = await club_stats(session, club, start, now)
        entries = (await session.scalars(select(LedgerEntry))).all()
        balances = (await session.scalars(select(Member.balance))).all()
        purchases = (await session.scalars(select(Purchase))).all()

    issued = sum(e.delta for e in entries if e.delta > 0 and e.kind != "claim_cancel")
    redeemed = -sum(e.delta for e in entries if e.kind in ("claim", "claim_cancel"))
    assert (stats.points_issued, stats.points_redeemed) == (issued, redeemed) == (issued, 40)
    assert stats.points_outstanding == sum(balances) == sum(e.delta for e in entries)
    assert stats.liability == stats.points_outstanding * 500
    assert (stats.members, stats.new_members, stats.new_this_week) == (4, 4, 3)
    assert (stats.purchases, stats.revenue) == (len(purchases), sum(p.amount for p in purchases))
    assert (stats.buyers, stats.repeat_buyers, stats.repeat_purchase_rate) == (2, 1, 0.5)
    assert (stats.referrals, stats.referrals_qualified, stats.referral_conversion) == (2, 1, 0.5)
    assert [(b.tier, b.purchases, b.average_amount) for b in stats.baskets] == [
        ("silver", 3, (1_000_000 + 60_000_000 + 2_000_000) // 3),
        ("gold", 1, 300_000),
    ]
    assert stats.redemption_rate == 40 / issued
    async with club.db.sessions() as session:
        later = await club_stats(session, club, now, now + timedelta(days=60))
    assert (later.points_issued, later.active_30d, later.active_90d, later.members) == (0, 0, 4, 4)
