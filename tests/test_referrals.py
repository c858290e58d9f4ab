from __future__ import annotations

from sqlalchemy import func, select

from loyalty.club import Club
from loyalty.ledger import get_balance, ledger_sum
from loyalty.members import JoinRequest, join
from loyalty.purchases import PurchaseRequest, record_purchase
from loyalty.referrals import AttachOutcome, referral_stats
from models import LedgerEntry, Member, Referral
from tests.conftest import FakeClock
from tests.helpers import new_member


async def _code(club: Club, member_id: int) -> str:
    async with club.db.sessions() as session:
        code = await session.scalar(select(Member.referral_code).where(Member.id == member_id))
    assert code
    return code


async def test_friend_first_qualifying_purchase_pays_both_once(club: Club) -> None:
    referrer = await new_member(club)
    friend = await new_member(club, referral_code=(await _code(club, referrer.member_id)).lower())
    assert friend.referral == AttachOutcome.ATTACHED and friend.referrer_id == referrer.member_id
    small = await record_purchase(club, PurchaseRequest(member_id=friend.member_id, amount=999_999, receipt="s"))
    assert small.referral is None  # below min_first_purchase: still pending
    request = PurchaseRequest(member_id=friend.member_id, amount=1_000_000, receipt="q")
    paid = await record_purchase(club, request)
    assert paid.referral is not None
    assert (paid.referral.referrer_bonus, paid.referral.friend_bonus) == (100, 50)
    assert paid.balance == 50 + 99 + 100 + 50
    retried = await record_purchase(club, request)
    assert retried.replayed and retried.referral is None
    later = await record_purchase(club, PurchaseRequest(member_id=friend.member_id, amount=5_000_000))
    assert later.referral is None
    async with club.db.sessions() as session:
        assert await get_balance(session, referrer.member_id) == 150 == await ledger_sum(session, referrer.member_id)
        payouts = await session.scalar(select(func.count()).where(LedgerEntry.kind == "referral"))
        stats = await referral_stats(session, referrer.member_id)
    assert payouts == 2
    assert (stats.joined, stats.qualified, stats.points_earned) == (1, 1, 100)


async def test_self_and_existing_member_referrals_are_refused(club: Club) -> None:
    member = await new_member(club)
    code = await _code(club, member.member_id)
    # The member follows their own link: they are already in, so nothing is attached.
    again = await join(club, JoinRequest("telegram", 1, 1, "+989125550000", "fa", "jalali"))
    rejoin = await join(club, JoinRequest("telegram", 1, 1, "+989125550000", "fa", "jalali", referral_code=code))
    assert rejoin.member_id == again.member_id and rejoin.referral == AttachOutcome.EXISTING_MEMBER
    # Linking the member's other messenger by phone with their own code.
    async with club.db.sessions() as session:
        phone = await session.scalar(select(Member.phone).where(Member.id == member.member_id))
    assert phone
    own = await join(club, JoinRequest("bale", 9, 9, phone, "fa", "jalali", referral_code=code))
    assert own.member_id == member.member_id and own.referral == AttachOutcome.SELF
    unknown = await new_member(club, referral_code="NOSUCHCODE")
    assert unknown.created and unknown.referral == AttachOutcome.UNKNOWN_CODE
    async with club.db.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Referral)) == 0


async def test_monthly_cap_on_attached_referrals(club: Club, clock: FakeClock) -> None:
    referrer = await new_member(club)
    code = await _code(club, referrer.member_id)
    cap = club.config.referral.max_rewarded_per_month
    outcomes = [(await new_member(club, referral_code=code)).referral for _ in range(cap + 1)]
    assert outcomes.count(AttachOutcome.ATTACHED) == cap and outcomes[-1] == AttachOutcome.CAP_REACHED
    clock.advance(days=31)
    assert (await new_member(club, referral_code=code)).referral == AttachOutcome.ATTACHED
