"""Joining step by step in a chat: each confirmed answer is stored, so a restart or another worker resumes.

The next question is derived from what the draft already holds, not from chat state in memory: language,
phone, name, birthday (or skipped), then consent, whose answer joins the club and removes the draft.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, delete, insert, select, update

from loyalty.club import Club
from loyalty.dates import Birthday
from loyalty.members import JoinRequest, JoinResult, join_in
from loyalty.sql import Prebuilt, detached, execute
from models import SignupDraft


class SignupStep(enum.Enum):
    LANGUAGE = "language"
    PHONE = "phone"
    NAME = "name"
    BIRTHDAY = "birthday"
    CONSENT = "consent"


DRAFT_FIELDS = frozenset(
    {
        "language",
        "phone",
        "name",
        "birthday_calendar",
        "birthday_month",
        "birthday_day",
        "birthday_year",
        "birthday_skipped",
        "referral_code",
    }
)


def next_step(draft: SignupDraft | None) -> SignupStep:
    """The first question the draft has no answer to yet."""
    if draft is None or draft.language is None:
        return SignupStep.LANGUAGE
    if draft.phone is None:
        return SignupStep.PHONE
    if draft.name is None:
        return SignupStep.NAME
    if draft.birthday_month is None and not draft.birthday_skipped:
        return SignupStep.BIRTHDAY
    return SignupStep.CONSENT


def draft_birthday(draft: SignupDraft) -> Birthday | None:
    """The birthday the joining user typed, if they did not skip it."""
    if draft.birthday_calendar is None or draft.birthday_month is None or draft.birthday_day is None:
        return None
    return Birthday(draft.birthday_calendar, draft.birthday_month, draft.birthday_day, draft.birthday_year)  # type: ignore[arg-type]


def birthday_fields(birthday: Birthday | None) -> dict[str, Any]:
    """Draft (and member) columns for a birthday; None records that the user skipped the question."""
    if birthday is None:
        return {"birthday_skipped": True}
    return {
        "birthday_calendar": birthday.calendar,
        "birthday_month": birthday.month,
        "birthday_day": birthday.day,
        "birthday_year": birthday.year,
        "birthday_skipped": False,
    }


_DRAFT_COLUMNS = tuple(SignupDraft.__table__.c)
_DRAFT = Prebuilt(
    select(*_DRAFT_COLUMNS).where(
        SignupDraft.platform == bindparam("platform"), SignupDraft.user_id == bindparam("user_id")
    )
)


def signup_draft(connection: Connection, platform: str, user_id: int) -> SignupDraft | None:
    """The user's unfinished signup, if any (a detached copy)."""
    row = execute(connection, _DRAFT, {"platform": platform, "user_id": user_id}).first()
    if row is None:
        return None
    return detached(SignupDraft, _DRAFT_COLUMNS, row)


async def save_signup(club: Club, platform: str, user_id: int, chat_id: int, **fields: Any) -> SignupDraft:
    """Store confirmed answers (creating the draft on the first one); returns the draft as now stored."""
    unknown = set(fields) - DRAFT_FIELDS
    if unknown:
        raise ValueError(f"not signup fields: {sorted(unknown)}")
    now = club.clock()

    def save(connection: Connection) -> SignupDraft:
        where = (SignupDraft.platform == platform, SignupDraft.user_id == user_id)
        found = connection.execute(select(SignupDraft.id).where(*where)).scalar()
        if found is None:
            connection.execute(
                insert(SignupDraft).values(
                    platform=platform, user_id=user_id, chat_id=chat_id, updated_at=now, created_at=now, **fields
                )
            )
        else:
            connection.execute(update(SignupDraft).where(*where).values(chat_id=chat_id, updated_at=now, **fields))
        row = connection.execute(select(SignupDraft.__table__).where(*where)).one()
        return SignupDraft(**row._asdict())

    return await club.db.write(save)


async def restart_signup(club: Club, platform: str, user_id: int) -> None:
    """Forget an unfinished signup (the user sent /cancel or started over)."""
    await club.db.write(
        lambda connection: connection.execute(
            delete(SignupDraft).where(SignupDraft.platform == platform, SignupDraft.user_id == user_id)
        )
    )


async def finish_signup(club: Club, draft: SignupDraft, *, marketing_consent: bool, calendar: str) -> JoinResult:
    """Join the club with the draft's answers and remove the draft, in one transaction.

    Answering the last question twice (a double tap, a retried update) joins once: the second run finds the
    membership and returns it with `created=False` and no bonus.
    """
    assert draft.language is not None and draft.phone is not None
    request = JoinRequest(
        platform=draft.platform,
        user_id=draft.user_id,
        chat_id=draft.chat_id,
        phone=draft.phone,
        language=draft.language,
        calendar=calendar,
        name=draft.name,
        birthday=draft_birthday(draft),
        marketing_consent=marketing_consent,
        referral_code=draft.referral_code,
    )
    now: datetime = club.clock()

    def finish(connection: Connection) -> JoinResult:
        result = join_in(connection, club.config, request, now)
        connection.execute(
            delete(SignupDraft).where(SignupDraft.platform == draft.platform, SignupDraft.user_id == draft.user_id)
        )
        return result

    return await club.db.write(finish)
