from __future__ import annotations

import pytest
from sqlalchemy import func, select

from loyalty.club import Club
from loyalty.errors import MemberNotFound, PhoneTaken
from loyalty.ledger import get_balance, ledger_sum
from loyalty.members import JoinRequest, card_payload, find_member, join, member_number
from models import LedgerEntry
from tests.helpers import new_member


async def test_join_credits_signup_bonus_once(club: Club) -> None:
    request = JoinRequest("telegram", 1, 1, "+989121234567", "fa", "jalali")
    first = await join(club, request)
    assert first.created and first.bonus == club.config.earn.signup_bonus == first.balance == 50
    again = await join(club, request)
    assert (again.member_id, again.created, again.bonus, again.balance) == (first.member_id, False, 0, 50)
    async with club.db.sessions() as session:
        assert await get_balance(session, first.member_id) == 50 == await ledger_sum(session, first.member_id)
        signups = await session.scalar(select(func.count()).where(LedgerEntry.kind == "signup"))
    assert signups == 1


async def test_same_phone_on_other_messenger_links_membership(club: Club) -> None:
    first = await join(club, JoinRequest("telegram", 5, 5, "+989122222222", "fa", "jalali"))
    linked = await join(club, JoinRequest("bale", 5, 5, "+989122222222", "fa", "jalali"))
    assert linked.member_id == first.member_id and not linked.created
    with pytest.raises(PhoneTaken):
        await join(club, JoinRequest("telegram", 6, 6, "+989122222222", "fa", "jalali"))


async def test_find_member_by_number_phone_and_card(club: Club) -> None:
    joined = await new_member(club, phone="+989123334444")
    number = member_number(joined.member_id)
    async with club.db.sessions() as session:
        for query in (str(number), "۰۹۱۲ ۳۳۳ ۴۴۴۴", "+98 912 333 4444", card_payload(joined.member_id)):
            assert (await find_member(session, query, country="IR")).id == joined.member_id
        for query in ("999999", "hello", "+989120000000"):
            with pytest.raises(MemberNotFound):
                await find_member(session, query, country="IR")
