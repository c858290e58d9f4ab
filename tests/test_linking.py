"""Linking a second messenger account with a one-time code: single use, ten minutes, limited guessing."""

from __future__ import annotations

from functools import partial

import pytest
from sqlalchemy import func, select

from loyalty.accounts import account_of
from loyalty.club import Club
from loyalty.errors import AccountAlreadyMember, LinkAttemptsExceeded, LinkCodeInvalid, PlatformAlreadyLinked
from loyalty.linking import issue_link_code, link_account
from loyalty.wrong_codes import MAX_WRONG
from models import AuditEntry, Identity
from tests.conftest import FakeClock
from tests.helpers import new_member


async def test_a_code_links_the_other_messenger_to_the_same_membership_once(club: Club) -> None:
    joined = await new_member(club, platform="telegram")
    issued = await issue_link_code(club, member_id=joined.member_id, platform="telegram")
    result = await link_account(club, platform="bale", user_id=555, chat_id=555, code=issued.code.lower())
    assert (result.member_id, result.balance) == (joined.member_id, joined.balance)
    linked = (await club.db.read(partial(account_of, platform="bale", user_id=555))).member
    assert linked is not None and linked.id == joined.member_id
    async with club.db.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(AuditEntry)) == 1
    with pytest.raises(AccountAlreadyMember):  # the same account again
        await link_account(club, platform="bale", user_id=555, chat_id=555, code=issued.code)
    with pytest.raises(LinkCodeInvalid):  # single use: another account cannot reuse it
        await link_account(club, platform="bale", user_id=556, chat_id=556, code=issued.code)


async def test_codes_expire_after_ten_minutes_and_a_new_code_replaces_the_old(club: Club, clock: FakeClock) -> None:
    joined = await new_member(club)
    first = await issue_link_code(club, member_id=joined.member_id, platform="telegram")
    second = await issue_link_code(club, member_id=joined.member_id, platform="telegram")
    with pytest.raises(LinkCodeInvalid):
        await link_account(club, platform="bale", user_id=601, chat_id=601, code=first.code)
    clock.advance(minutes=10, seconds=1)
    with pytest.raises(LinkCodeInvalid):
        await link_account(club, platform="bale", user_id=601, chat_id=601, code=second.code)


async def test_wrong_codes_are_limited_per_account(club: Club, clock: FakeClock) -> None:
    joined = await new_member(club)
    issued = await issue_link_code(club, member_id=joined.member_id, platform="telegram")
    for _ in range(MAX_WRONG):
        with pytest.raises(LinkCodeInvalid):
            await link_account(club, platform="bale", user_id=701, chat_id=701, code="WRONG234")
    with pytest.raises(LinkAttemptsExceeded):  # even the right code waits now
        await link_account(club, platform="bale", user_id=701, chat_id=701, code=issued.code)
    # Another account is not affected, and the window passes.
    clock.advance(minutes=10, seconds=1)
    fresh = await issue_link_code(club, member_id=joined.member_id, platform="telegram")
    assert (await link_account(club, platform="bale", user_id=701, chat_id=701, code=fresh.code)).member_id


async def test_nothing_is_merged(club: Club) -> None:
    on_telegram = await new_member(club, platform="telegram")
    on_bale = await new_member(club, platform="bale")
    issued = await issue_link_code(club, member_id=on_telegram.member_id, platform="telegram")
    async with club.db.sessions() as session:
        bale_user = await session.scalar(select(Identity.user_id).where(Identity.member_id == on_bale.member_id))
    assert bale_user is not None
    with pytest.raises(AccountAlreadyMember):  # a member on Bale already: two memberships are never merged
        await link_account(club, platform="bale", user_id=bale_user, chat_id=bale_user, code=issued.code)
    with pytest.raises(PlatformAlreadyLinked):  # the code typed on the messenger it came from
        await link_account(club, platform="telegram", user_id=999_001, chat_id=999_001, code=issued.code)
