"""Who is writing to the bot: read on every chat update, so read as cheaply as the database allows."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, bindparam, select

from loyalty.signup import signup_draft
from loyalty.sql import Prebuilt, detached, execute
from models import Identity, Member, SignupDraft

# Built once, and read as plain columns: loading an ORM row costs several times the lookup itself.
_MEMBER_COLUMNS = tuple(Member.__table__.c)
_ACCOUNT = Prebuilt(
    select(*_MEMBER_COLUMNS, Identity.blocked_bot_at)
    .join(Identity, Identity.member_id == Member.id)
    .where(Identity.platform == bindparam("platform"), Identity.user_id == bindparam("user_id"))
)


@dataclass(frozen=True)
class Account:
    """A messenger user as the club knows them: their member (a detached copy; None before joining),
    whether their account is marked unreachable (a send to it was refused: it blocked the bot), and their
    unfinished signup (only looked for before joining)."""

    member: Member | None
    unreachable: bool
    draft: SignupDraft | None


def account_of(connection: Connection, platform: str, user_id: int) -> Account:
    """The account behind a messenger user, as one read unit (run it with `Database.read`)."""
    row = execute(connection, _ACCOUNT, {"platform": platform, "user_id": user_id}).first()
    if row is None:
        return Account(None, False, signup_draft(connection, platform, user_id))
    return Account(detached(Member, _MEMBER_COLUMNS, row), row[-1] is not None, None)
