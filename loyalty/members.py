"""Joining the club and finding members."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from loyalty.club import Club
from loyalty.codes import new_code
from loyalty.config import ClubConfig
from loyalty.dates import Birthday
from loyalty.errors import MemberNotFound, PhoneTaken
from loyalty.expiry import earned_expiry
from loyalty.ledger import post_entry
from loyalty.parsing import InvalidPhone, normalize_digits, normalize_phone
from loyalty.referrals import AttachOutcome, attach_referral
from models import Identity, Member

# Member numbers are what people read and type; starting at 1001 keeps them at four digits or more.
NUMBER_OFFSET = 1000
CARD_PREFIX = "bashgah:member:"
_NUMBER = re.compile(r"^\d{1,12}$")


def member_number(member_id: int) -> int:
    """The number printed on the member's card."""
    return member_id + NUMBER_OFFSET


def member_id_from_number(number: int) -> int:
    return number - NUMBER_OFFSET


def card_payload(member_id: int) -> str:
    """The text the card's QR code encodes; a cashier's scanner pastes it into the chat."""
    return f"{CARD_PREFIX}{member_number(member_id)}"


@dataclass(frozen=True)
class JoinRequest:
    platform: str
    user_id: int
    chat_id: int
    phone: str
    language: str
    calendar: str
    name: str | None = None
    birthday: Birthday | None = None
    marketing_consent: bool = False
    referral_code: str | None = None


@dataclass(frozen=True)
class JoinResult:
    member_id: int
    number: int
    created: bool  # False: this user was already a member (or was linked to their membership by phone)
    bonus: int
    balance: int
    referral: AttachOutcome
    referrer_id: int | None


async def join(club: Club, request: JoinRequest) -> JoinResult:
    """Make a messenger user a member, crediting the signup bonus exactly once.

    A user who is already a member gets their membership back, with no second bonus. A phone number that
    already belongs to a member (imported from another system, or joined on the other messenger) links this
    messenger account to that membership, unless that membership already has an account on this messenger.
    An imported member counts as joined: linking pays no signup bonus, and takes the language, calendar and
    consent they chose in the chat.
    """
    now = club.clock()
    return await club.db.write(lambda connection: join_in(connection, club.config, request, now))


def join_in(connection: Connection, config: ClubConfig, request: JoinRequest, now: datetime) -> JoinResult:
    """`join` inside a caller's unit of work (e.g. one that also removes the signup draft)."""
    existing = connection.execute(
        select(Identity.member_id).where(Identity.platform == request.platform, Identity.user_id == request.user_id)
    ).scalar()
    if existing is not None:
        return _existing(connection, config, existing, request, now)
    holder = connection.execute(
        select(Member.id).where(Member.phone == request.phone, Member.status != "deleted")
    ).scalar()
    if holder is not None:
        platforms = connection.execute(select(Identity.platform).where(Identity.member_id == holder)).scalars().all()
        if request.platform in platforms:
            raise PhoneTaken()
        if not platforms:  # imported (loyalty.imports): their first chat account; joined already, so no bonus
            _adopt_choices(connection, holder, request, now)
        _add_identity(connection, holder, request, now)
        return _existing(connection, config, holder, request, now)
    member_id = _insert_member(connection, config, request, now)
    _add_identity(connection, member_id, request, now)
    bonus = config.earn.signup_bonus
    balance = 0
    if bonus:
        balance = (
            post_entry(
                connection,
                member_id=member_id,
                delta=bonus,
                kind="signup",
                key=f"signup:{member_id}",
                now=now,
                expires_at=earned_expiry(config, now),
            )
            or 0
        )
    outcome, referrer_id = AttachOutcome.NONE, None
    if request.referral_code:
        outcome, referrer_id = attach_referral(
            connection, config, member_id, request.referral_code, now, new_member=True
        )
    return JoinResult(member_id, member_number(member_id), True, bonus, balance, outcome, referrer_id)


def _existing(
    connection: Connection, config: ClubConfig, member_id: int, request: JoinRequest, now: datetime
) -> JoinResult:
    outcome, referrer_id = AttachOutcome.NONE, None
    if request.referral_code:
        outcome, referrer_id = attach_referral(
            connection, config, member_id, request.referral_code, now, new_member=False
        )
    balance = connection.execute(select(Member.balance).where(Member.id == member_id)).scalar_one()
    return JoinResult(member_id, member_number(member_id), False, 0, int(balance), outcome, referrer_id)


def _adopt_choices(connection: Connection, member_id: int, request: JoinRequest, now: datetime) -> None:
    """An imported member's chat answers: their language, calendar and consent; name and birthday if the
    import had none (what the shop knew is kept otherwise)."""
    values: dict[str, object] = {
        "language": request.language,
        "calendar": request.calendar,
        "marketing_consent": request.marketing_consent,
        "last_activity_at": now,
        "name": func.coalesce(Member.name, request.name),
    }
    connection.execute(update(Member).where(Member.id == member_id).values(**values))
    birthday = request.birthday
    if birthday is not None:
        connection.execute(
            update(Member)
            .where(Member.id == member_id, Member.birthday_month.is_(None))
            .values(
                birthday_calendar=birthday.calendar,
                birthday_month=birthday.month,
                birthday_day=birthday.day,
                birthday_year=birthday.year,
            )
        )


def _insert_member(connection: Connection, config: ClubConfig, request: JoinRequest, now: datetime) -> int:
    return insert_member(
        connection,
        phone=request.phone,
        name=request.name,
        tier=config.tiers[0].key,
        language=request.language,
        calendar=request.calendar,
        birthday=request.birthday,
        marketing_consent=request.marketing_consent,
        now=now,
    )


def insert_member(
    connection: Connection,
    *,
    phone: str,
    name: str | None,
    tier: str,
    language: str,
    calendar: str,
    birthday: Birthday | None,
    marketing_consent: bool,
    now: datetime,
) -> int:
    """Add a member row (new referral code, zero balance) inside the caller's unit of work; its id."""
    return int(
        connection.execute(
            insert(Member)
            .values(
                referral_code=new_code(),
                tier=tier,
                balance=0,
                language=language,
                calendar=calendar,
                name=name,
                phone=phone,
                birthday_calendar=birthday.calendar if birthday else None,
                birthday_month=birthday.month if birthday else None,
                birthday_day=birthday.day if birthday else None,
                birthday_year=birthday.year if birthday else None,
                marketing_consent=marketing_consent,
                status="active",
                joined_at=now,
                last_activity_at=now,
                created_at=now,
            )
            .returning(Member.id)
        ).scalar_one()
    )


def _add_identity(connection: Connection, member_id: int, request: JoinRequest, now: datetime) -> None:
    connection.execute(
        insert(Identity).values(
            platform=request.platform,
            user_id=request.user_id,
            chat_id=request.chat_id,
            member_id=member_id,
            created_at=now,
        )
    )


async def phone_taken(session: AsyncSession, platform: str, phone: str) -> bool:
    """Whether `phone` belongs to a member who already has an account on `platform` (so joining would fail)."""
    holder = await session.scalar(
        select(Identity.id)
        .join(Member, Member.id == Identity.member_id)
        .where(Member.phone == phone, Member.status != "deleted", Identity.platform == platform)
    )
    return holder is not None


async def find_member(session: AsyncSession, query: str, *, country: str) -> Member:
    """A member by what a cashier has at hand: member number, phone number, or the card's QR payload."""
    text = normalize_digits(query).strip()
    if text.lower().startswith(CARD_PREFIX):
        text = text[len(CARD_PREFIX) :]
    compact = text.replace(" ", "").replace("-", "")
    member: Member | None = None
    if _NUMBER.match(compact) and len(compact) < 9:
        member = await session.get(Member, member_id_from_number(int(compact)))
    else:
        try:
            phone = normalize_phone(text, country)
        except InvalidPhone:
            phone = None
        if phone:
            member = await session.scalar(select(Member).where(Member.phone == phone))
    if member is None or member.status == "deleted":
        raise MemberNotFound(query=query)
    return member
