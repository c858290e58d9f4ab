from __future__ import annotations

import pytest
from sqlalchemy import select

from loyalty.adjustments import adjust_balance
from loyalty.club import Club
from loyalty.errors import InsufficientPoints, InvalidPoints, MemberNotFound, ReasonRequired
from loyalty.ledger import get_balance, history, ledger_sum
from models import AuditEntry
from tests.conftest import FakeClock
from tests.helpers import new_member


async def test_adjust_with_reason_is_audited_and_idempotent(club: Club) -> None:
    member = await new_member(club)
    up = await adjust_balance(
        club, member_id=member.member_id, delta=25, reason="broken cup", actor="staff:telegram:7", idempotency_key="a"
    )
    assert (up.balance, up.replayed) == (75, False)
    again = await adjust_balance(
        club, member_id=member.member_id, delta=25, reason="broken cup", actor="staff:telegram:7", idempotency_key="a"
    )
    assert again.replayed and again.balance == 75
    down = await adjust_balance(
        club, member_id=member.member_id, delta=-75, reason="fix", actor="x", idempotency_key="b"
    )
    assert down.balance == 0
    async with club.db.sessions() as session:
        audit = (await session.scalars(select(AuditEntry).order_by(AuditEntry.id))).all()
        assert await ledger_sum(session, member.member_id) == 0
    assert [entry.details["after"] for entry in audit] == [75, 0]
    assert audit[0].actor == "staff:telegram:7" and audit[0].details["reason"] == "broken cup"


async def test_adjust_refusals(club: Club) -> None:
    member = await new_member(club)
    with pytest.raises(ReasonRequired):
        await adjust_balance(club, member_id=member.member_id, delta=5, reason="  ", actor="x", idempotency_key="1")
    with pytest.raises(InvalidPoints):
        await adjust_balance(club, member_id=member.member_id, delta=0, reason="r", actor="x", idempotency_key="2")
    with pytest.raises(InsufficientPoints):
        await adjust_balance(club, member_id=member.member_id, delta=-51, reason="r", actor="x", idempotency_key="3")
    with pytest.raises(MemberNotFound):
        await adjust_balance(club, member_id=424242, delta=5, reason="r", actor="x", idempotency_key="4")
    async with club.db.sessions() as session:
        assert await get_balance(session, member.member_id) == 50
        assert (await session.scalars(select(AuditEntry))).all() == []


async def test_history_is_paged_newest_first(club: Club, clock: FakeClock) -> None:
    member = await new_member(club)
    for n in range(1, 24):
        clock.advance(minutes=1)
        await adjust_balance(club, member_id=member.member_id, delta=n, reason="r", actor="x", idempotency_key=f"h{n}")
    async with club.db.sessions() as session:
        first = await history(session, member.member_id, page=1, page_size=10)
        last = await history(session, member.member_id, page=3, page_size=10)
        clamped = await history(session, member.member_id, page=99, page_size=10)
    assert (first.total, first.pages) == (24, 3)
    assert [entry.delta for entry in first.entries][:3] == [23, 22, 21]
    assert [entry.kind for entry in last.entries] == ["adjust", "adjust", "adjust", "signup"]
    assert clamped.page == 3
