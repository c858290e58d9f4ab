"""`bashgah import members`: every bad row reported with its line, good rows written once, on both databases."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from loyalty.club import Club
from loyalty.config import ClubConfig
from loyalty.dates import Birthday
from loyalty.imports import ImportFileError, ImportPlan, import_members, read_members_csv
from loyalty.ledger import ledger_sum
from loyalty.members import JoinRequest, join
from models import Identity, LedgerEntry, Member

GOOD_AND_BAD = """\
phone,name,birthday,balance,tier
09121110001,Sara Ahmadi,1370/05/23,120,gold
+98 912 111 0002,Ali,1991-08-14,0,
۰۹۱۲۱۱۱۰۰۰۳,رضا,,۱۵۰,silver
12345,Bad Phone,,10,
09121110004,Bad Date,1402/12/30,10,
09121110005,Negative,,-5,
09121110006,Unknown tier,,10,diamond
09121110001,Again,,10,
09121110007,No year,05/23,,
"""


def _plan(text: str, config: ClubConfig) -> ImportPlan:
    return read_members_csv(io.StringIO(text), config)


def test_dry_run_reports_each_bad_row_by_line(config: ClubConfig) -> None:
    plan = _plan(GOOD_AND_BAD, config)
    assert [row.phone for row in plan.rows] == ["+989121110001", "+989121110002", "+989121110003"]
    sara, ali, reza = plan.rows
    assert (sara.line, sara.name, sara.balance, sara.tier) == (2, "Sara Ahmadi", 120, "gold")
    assert sara.birthday == Birthday("jalali", 5, 23, 1370)
    assert ali.birthday == Birthday("gregorian", 8, 14, 1991) and ali.tier == "silver" and ali.balance == 0
    assert (reza.name, reza.balance, reza.birthday) == ("رضا", 150, None)
    reasons = {problem.line: problem.reason for problem in plan.problems}
    assert list(reasons) == [5, 6, 7, 8, 9, 10]
    assert reasons[5].startswith("phone:")
    assert reasons[6] == "birthday: impossible (jalali)"
    assert reasons[7] == "balance: negative"
    assert reasons[8].startswith("tier: unknown 'diamond'")
    assert reasons[9] == "phone: same as line 2"
    assert "calendar column" in reasons[10]


def test_calendar_column_decides_and_bad_headers_are_refused(config: ClubConfig) -> None:
    plan = _plan("Phone,Birthday,Calendar\n09121110001,05/23,jalali\n09121110002,1991/2/29,gregorian\n", config)
    assert [row.birthday for row in plan.rows] == [Birthday("jalali", 5, 23)]
    assert [(p.line, p.reason) for p in plan.problems] == [(3, "birthday: impossible (gregorian)")]
    with pytest.raises(ImportFileError, match="phone"):
        _plan("name,balance\nSara,10\n", config)
    with pytest.raises(ImportFileError, match="balanse"):
        _plan("phone,balanse\n09121110001,10\n", config)


async def test_apply_writes_members_and_opening_balances_once(club: Club) -> None:
    plan = _plan(GOOD_AND_BAD, club.config)
    first = await import_members(club, plan.rows)
    assert (first.created, first.matched, first.credited, first.points) == (3, 0, 2, 270)
    again = await import_members(club, _plan(GOOD_AND_BAD, club.config).rows)
    assert (again.created, again.matched, again.credited, again.already_credited) == (0, 3, 0, 2)
    async with club.db.sessions() as session:
        members = list(await session.scalars(select(Member).order_by(Member.phone)))
        assert [(m.phone, m.balance, m.tier) for m in members] == [
            ("+989121110001", 120, "gold"),
            ("+989121110002", 0, "silver"),
            ("+989121110003", 150, "silver"),
        ]
        for member in members:
            assert member.balance == await ledger_sum(session, member.id)
        kinds = list(await session.scalars(select(LedgerEntry.kind).distinct()))
        assert kinds == ["import"]
        assert await session.scalar(select(func.count()).select_from(Identity)) == 0


async def test_a_chat_member_with_the_same_phone_is_matched_not_duplicated(club: Club) -> None:
    joined = await join(club, JoinRequest("telegram", 7, 7, "+989121110001", "en", "gregorian", name="Sara"))
    result = await import_members(club, _plan(GOOD_AND_BAD, club.config).rows)
    assert (result.created, result.matched) == (2, 1)
    async with club.db.sessions() as session:
        member = await session.get(Member, joined.member_id)
        assert member is not None
        # What the member chose in the chat stays; the old system's balance is added to the signup bonus.
        assert (member.name, member.tier, member.balance) == ("Sara", "silver", 50 + 120)


async def test_imported_member_joining_in_chat_keeps_balance_and_gets_no_signup_bonus(club: Club) -> None:
    await import_members(club, _plan(GOOD_AND_BAD, club.config).rows)
    request = JoinRequest("bale", 8, 8, "+989121110001", "en", "gregorian", name="Sara A.", marketing_consent=True)
    joined = await join(club, request)
    assert (joined.created, joined.bonus, joined.balance) == (False, 0, 120)
    async with club.db.sessions() as session:
        member = await session.get(Member, joined.member_id)
        assert member is not None
        assert (member.language, member.calendar, member.marketing_consent) == ("en", "gregorian", True)
        assert member.name == "Sara Ahmadi"  # what the shop imported is kept
        assert member.birthday_calendar == "jalali"
        signups = await session.scalar(select(func.count()).where(LedgerEntry.kind == "signup"))
    assert signups == 0
