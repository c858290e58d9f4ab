"""Linking a member's account on the other messenger to the same membership with a one-time code.

`/link` on messenger A issues a code valid for `CODE_MINUTES`; typing it to the bot on messenger B attaches that
B account to the membership (one balance, one card). Codes are random, stored hashed, single-use, and a new code
replaces the member's previous one. An account that types too many wrong codes in a short while must wait
(loyalty.wrong_codes: one budget with voucher codes at the till). Nothing is ever merged: an account
that is already a member elsewhere is refused.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, delete, insert, select, update

from loyalty.audit import record_audit
from loyalty.club import Club
from loyalty.codes import new_code, normalize_code
from loyalty.errors import (
    AccountAlreadyMember,
    LinkAttemptsExceeded,
    LinkCodeInvalid,
    LoyaltyError,
    MemberBlocked,
    PlatformAlreadyLinked,
)
from loyalty.members import member_number
from loyalty.wrong_codes import record_wrong_code, too_many_wrong_codes
from models import Identity, LinkCode, Member, SignupDraft

CODE_MINUTES = 10
CODE_LENGTH = 8


@dataclass(frozen=True)
class IssuedCode:
    code: str
    expires_at: datetime


@dataclass(frozen=True)
class LinkResult:
    member_id: int
    number: int
    balance: int


def _hash(code: str) -> str:
    return hashlib.sha256(normalize_code(code).encode()).hexdigest()


async def issue_link_code(club: Club, *, member_id: int, platform: str) -> IssuedCode:
    """A fresh code for the member; any earlier unused code of theirs stops working."""
    now = club.clock()
    code = new_code(CODE_LENGTH)
    expires_at = now + timedelta(minutes=CODE_MINUTES)

    def issue(connection: Connection) -> IssuedCode:
        connection.execute(
            update(LinkCode)
            .where(LinkCode.member_id == member_id, LinkCode.used_at.is_(None), LinkCode.expires_at > now)
            .values(expires_at=now)
        )
        connection.execute(
            insert(LinkCode).values(
                member_id=member_id, code_hash=_hash(code), platform=platform, expires_at=expires_at, created_at=now
            )
        )
        return IssuedCode(code, expires_at)

    return await club.db.write(issue)


async def link_account(club: Club, *, platform: str, user_id: int, chat_id: int, code: str) -> LinkResult:
    """Attach this messenger account to the membership that issued `code`.

    Raises LinkCodeInvalid, LinkAttemptsExceeded, AccountAlreadyMember, PlatformAlreadyLinked or MemberBlocked.
    A wrong code is recorded (committed) before the refusal is raised, so wrong attempts count.
    """
    now = club.clock()
    outcome = await club.db.write(lambda connection: _link(connection, platform, user_id, chat_id, code, now))
    if isinstance(outcome, LoyaltyError):
        raise outcome
    return outcome


def _link(
    connection: Connection, platform: str, user_id: int, chat_id: int, code: str, now: datetime
) -> LinkResult | LoyaltyError:
    account = (Identity.platform == platform) & (Identity.user_id == user_id)
    if connection.execute(select(Identity.id).where(account)).scalar() is not None:
        return AccountAlreadyMember()
    if too_many_wrong_codes(connection, platform=platform, user_id=user_id, now=now):
        return LinkAttemptsExceeded()
    found = connection.execute(
        select(LinkCode.id, LinkCode.member_id).where(
            LinkCode.code_hash == _hash(code), LinkCode.used_at.is_(None), LinkCode.expires_at > now
        )
    ).first()
    if found is None:
        record_wrong_code(connection, platform=platform, user_id=user_id, now=now)
        return LinkCodeInvalid()
    code_id, member_id = found
    taken = select(Identity.id).where(Identity.member_id == member_id, Identity.platform == platform)
    if connection.execute(taken).scalar() is not None:
        return PlatformAlreadyLinked()
    member = connection.execute(select(Member.status, Member.balance).where(Member.id == member_id)).one()
    if member.status != "active":
        return MemberBlocked()
    used = connection.execute(
        update(LinkCode).where(LinkCode.id == code_id, LinkCode.used_at.is_(None)).values(used_at=now, used_on=platform)
    )
    if used.rowcount != 1:
        return LinkCodeInvalid()
    connection.execute(
        insert(Identity).values(
            platform=platform, user_id=user_id, chat_id=chat_id, member_id=member_id, created_at=now
        )
    )
    connection.execute(delete(SignupDraft).where(SignupDraft.platform == platform, SignupDraft.user_id == user_id))
    record_audit(
        connection,
        actor=f"{platform}:{user_id}",
        action="member.link",
        member_id=member_id,
        now=now,
        details={"platform": platform, "code_id": code_id},
    )
    return LinkResult(member_id, member_number(member_id), int(member.balance))
