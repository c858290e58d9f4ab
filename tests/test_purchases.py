from __future__ import annotations

import pytest
from sqlalchemy import func, select, update

from loyalty.club import Club
from loyalty.errors import MemberBlocked, MemberNotFound, ReceiptConflict
from loyalty.ledger import get_balance, ledger_sum, unbalanced_members
from loyalty.purchases import PurchaseRequest, points_for, record_purchase
from loyalty.tiers import tier_progress
from models import LedgerEntry, Member, Purchase
from tests.conftest import FakeClock
from tests.helpers import new_member


@pytest.mark.parametrize(
    ("amount", "multiplier", "points"),
    [(9_999, 100, 0), (10_000, 100, 1), (259_999, 100, 25), (259_999, 125, 31), (10_000, 150, 1), (20_000, 150, 3)],
)
def test_points_round_down(club: Club, amount: int, multiplier: int, points: int) -> None:
    assert points_for(club.config, amount, multiplier) == points


async def test_purchase_credits_points_and_is_idempotent_on_receipt(club: Club) -> None:
    member = await new_member(club)
    request = PurchaseRequest(member_id=member.member_id, amount=250_000, receipt="A-1", created_by="staff:1")
    first = await record_purchase(club, request)
    assert (first.points, first.balance, first.replayed) == (25, 75, False)
    again = await record_purchase(club, request)
    assert (again.purchase_id, again.points, again.balance, again.replayed) == (first.purchase_id, 25, 75, True)
    async with club.db.sessions() as session:
        assert await get_balance(session, member.member_id) == 75 == await ledger_sum(session, member.member_id)
        assert await session.scalar(select(func.count()).select_from(Purchase)) == 1


async def test_idempotency_key_without_receipt(club: Club) -> None:
    member = await new_member(club)
    request = PurchaseRequest(member_id=member.member_id, amount=100_000, idempotency_key="update:42")
    first = await record_purchase(club, request)
    assert (await record_purchase(club, request)).purchase_id == first.purchase_id
    other = await record_purchase(club, PurchaseRequest(member_id=member.member_id, amount=100_000))
    assert other.purchase_id != first.purchase_id and other.balance == 50 + 10 + 10


async def test_receipt_reused_for_another_member_or_amount_is_refused(club: Club) -> None:
    one, two = await new_member(club), await new_member(club)
    await record_purchase(club, PurchaseRequest(member_id=one.member_id, amount=100_000, receipt="R-9"))
    with pytest.raises(ReceiptConflict):
        await record_purchase(club, PurchaseRequest(member_id=two.member_id, amount=100_000, receipt="R-9"))
    with pytest.raises(ReceiptConflict):
        await record_purchase(club, PurchaseRequest(member_id=one.member_id, amount=200_000, receipt="R-9"))
    # The same receipt number from another source (another shop's POS) is another sale.
    other = await record_purchase(
        club, PurchaseRequest(member_id=two.member_id, amount=100_000, receipt="R-9", source="api:web")
    )
    assert not other.replayed
    async with club.db.sessions() as session:
        assert await get_balance(session, two.member_id) == 60


async def test_small_purchase_earns_nothing_but_counts_for_tier(club: Club) -> None:
    member = await new_member(club)
    result = await record_purchase(club, PurchaseRequest(member_id=member.member_id, amount=5_000))
    assert result.points == 0 and result.balance == 50
    async with club.db.sessions() as session:
        kinds = (await session.scalars(select(LedgerEntry.kind).where(LedgerEntry.member_id == member.member_id))).all()
    assert kinds == ["signup"]


async def test_tier_upgrade_applies_at_once_and_is_announced_once(club: Club, clock: FakeClock) -> None:
    member = await new_member(club)
    first = await record_purchase(club, PurchaseRequest(member_id=member.member_id, amount=30_000_000))
    assert first.tier == "silver" and first.tier_change is None and first.points == 3_000
    second = await record_purchase(club, PurchaseRequest(member_id=member.member_id, amount=20_000_000))
    assert second.tier_change is not None and (second.tier_change.old, second.tier_change.new) == ("silver", "gold")
    assert second.points == 2_000  # earned at the tier the member had when buying
    third = await record_purchase(club, PurchaseRequest(member_id=member.member_id, amount=10_000_000))
    assert third.tier_change is None and third.points == 1_250  # gold: x1.25
    clock.advance(days=400)  # the window has moved on: old spend no longer counts, no upgrade to platinum
    fourth = await record_purchase(club, PurchaseRequest(member_id=member.member_id, amount=150_000_000))
    assert fourth.tier_change is None and fourth.tier == "gold"


async def test_jump_over_a_tier(club: Club) -> None:
    member = await new_member(club)
    result = await record_purchase(club, PurchaseRequest(member_id=member.member_id, amount=250_000_000))
    assert result.tier_change is not None and result.tier_change.new == "platinum"
    async with club.db.sessions() as session:
        assert await session.scalar(select(Member.tier).where(Member.id == member.member_id)) == "platinum"


async def test_unknown_and_blocked_members_are_refused(club: Club) -> None:
    with pytest.raises(MemberNotFound):
        await record_purchase(club, PurchaseRequest(member_id=999_999, amount=100_000))
    member = await new_member(club)
    async with club.db.sessions() as session, session.begin():
        (await session.get_one(Member, member.member_id)).status = "blocked"
    with pytest.raises(MemberBlocked):
        await record_purchase(club, PurchaseRequest(member_id=member.member_id, amount=100_000))
    async with club.db.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Purchase)) == 0


async def test_non_positive_amount_is_a_programming_error(club: Club) -> None:
    with pytest.raises(ValueError, match="positive"):
        await record_purchase(club, PurchaseRequest(member_id=1, amount=0))


async def test_tier_progress_names_what_is_missing(club: Club, clock: FakeClock) -> None:
    member = await new_member(club)
    await record_purchase(club, PurchaseRequest(member_id=member.member_id, amount=20_000_000))
    async with club.db.sessions() as session:
        progress = await tier_progress(session, club.config, member.member_id, "silver", clock())
    assert (progress.current.key, progress.next and progress.next.key) == ("silver", "gold")
    assert (progress.spend, progress.needed) == (20_000_000, 30_000_000)
    top = await record_purchase(club, PurchaseRequest(member_id=member.member_id, amount=200_000_000))
    async with club.db.sessions() as session:
        progress = await tier_progress(session, club.config, member.member_id, top.tier, clock())
    assert (progress.current.key, progress.next, progress.needed) == ("platinum", None, 0)


async def test_a_balance_that_left_its_ledger_is_found_by_the_books_check(club: Club) -> None:
    await new_member(club)  # whose books hold throughout
    drifted = await new_member(club)
    await record_purchase(club, PurchaseRequest(member_id=drifted.member_id, amount=250_000, receipt="D-1"))
    async with club.db.sessions() as session:
        assert await unbalanced_members(session) == []
    # What the write path never does: move a cached balance without a ledger entry.
    await club.db.write(
        lambda c: c.execute(update(Member).where(Member.id == drifted.member_id).values(balance=Member.balance + 7))
    )
    async with club.db.sessions() as session:
        total = await ledger_sum(session, drifted.member_id)
        assert await unbalanced_members(session) == [(drifted.member_id, total + 7, total)]
