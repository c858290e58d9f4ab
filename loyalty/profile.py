"""What members change about themselves: language, marketing consent, birthday (once), and erasure."""

from __future__ import annotations

from sqlalchemy import Connection, String, cast, delete, literal, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from loyalty.audit import record_audit
from loyalty.club import Club
from loyalty.dates import Birthday
from loyalty.errors import BirthdayAlreadySet, MemberNotFound
from loyalty.signup import birthday_fields
from models import (
    AuditEntry,
    Identity,
    LedgerEntry,
    LinkAttempt,
    LinkCode,
    Member,
    Notice,
    Purchase,
    SignupDraft,
    SupportTicket,
    TicketReply,
)


async def set_language(club: Club, member_id: int, language: str, calendar: str) -> None:
    """Switch the member's language and the calendar their dates are shown and typed in."""
    await _update_member(club, member_id, language=language, calendar=calendar)


async def set_marketing_consent(club: Club, member_id: int, consent: bool) -> None:
    """Opt in to or out of campaigns; opting out stops every future campaign message."""
    await _update_member(club, member_id, marketing_consent=consent)


async def set_birthday(club: Club, member_id: int, birthday: Birthday) -> None:
    """Record a birthday the member skipped at signup; raises BirthdayAlreadySet when one is on file."""
    fields = birthday_fields(birthday)
    fields.pop("birthday_skipped")

    def save(connection: Connection) -> None:
        changed = connection.execute(
            update(Member)
            .where(Member.id == member_id, Member.status != "deleted", Member.birthday_month.is_(None))
            .values(**fields)
        ).rowcount
        if not changed:
            _require_member(connection, member_id)
            raise BirthdayAlreadySet(member_id=member_id)

    await club.db.write(save)


async def erase_member(club: Club, member_id: int) -> None:
    """Delete the member's personal data everywhere; the ledger stays, anonymous, so the shop's figures hold.

    Name, phone, birthday and consent are cleared and the membership marked deleted; messenger accounts are
    unlinked (the person may join again as a new member) with their signup drafts, /link codes and wrong-code
    counts; support texts (theirs and the staff's replies) are removed; audit entries about them keep only ids
    and numbers, and records whose actor was one of their accounts say `member:<id>`; the free text and
    phone-derived keys in their ledger entries (an adjustment's reason, an import's `import:<phone>` key) are
    replaced, while every amount stays. Owed messages not yet sent are dropped.
    """
    now = club.clock()

    def erase(connection: Connection) -> None:
        _require_member(connection, member_id)
        phone = connection.execute(select(Member.phone).where(Member.id == member_id)).scalar()
        accounts = connection.execute(
            select(Identity.platform, Identity.user_id).where(Identity.member_id == member_id)
        ).all()
        _forget_accounts(connection, member_id, [(str(platform), int(user_id)) for platform, user_id in accounts])
        if phone is not None:  # a signup begun with the same phone on another messenger
            connection.execute(delete(SignupDraft).where(SignupDraft.phone == phone))
        connection.execute(delete(LinkCode).where(LinkCode.member_id == member_id))
        tickets = select(SupportTicket.id).where(SupportTicket.member_id == member_id).scalar_subquery()
        connection.execute(update(TicketReply).where(TicketReply.ticket_id.in_(tickets)).values(text=None))
        connection.execute(update(SupportTicket).where(SupportTicket.member_id == member_id).values(text=None))
        _anonymize_ledger(connection, member_id)
        _keep_ids_in_audit(connection, member_id)
        connection.execute(
            update(Notice).where(Notice.member_id == member_id, Notice.status == "pending").values(status="skipped")
        )
        connection.execute(
            update(Member)
            .where(Member.id == member_id)
            .values(
                name=None,
                phone=None,
                birthday_calendar=None,
                birthday_month=None,
                birthday_day=None,
                birthday_year=None,
                marketing_consent=False,
                status="deleted",
            )
        )
        record_audit(connection, actor=f"member:{member_id}", action="member.erase", now=now, member_id=member_id)

    await club.db.write(erase)


def _forget_accounts(connection: Connection, member_id: int, accounts: list[tuple[str, int]]) -> None:
    """Unlink the member's messenger accounts and drop what is kept per account; a record that named one of
    them as its actor names `member:<id>` instead."""
    for platform, user_id in accounts:
        account = f"{platform}:{user_id}"
        connection.execute(delete(SignupDraft).where(SignupDraft.platform == platform, SignupDraft.user_id == user_id))
        connection.execute(delete(LinkAttempt).where(LinkAttempt.platform == platform, LinkAttempt.user_id == user_id))
        connection.execute(  # the member's own acts (linking an account) are audited with their id: indexed
            update(AuditEntry)
            .where(AuditEntry.member_id == member_id, AuditEntry.actor == account)
            .values(actor=f"member:{member_id}")
        )
        connection.execute(
            update(LedgerEntry)
            .where(LedgerEntry.member_id == member_id, LedgerEntry.created_by == account)
            .values(created_by=f"member:{member_id}")
        )
    connection.execute(delete(Identity).where(Identity.member_id == member_id))


def _anonymize_ledger(connection: Connection, member_id: int) -> None:
    # Amounts, kinds and times stay (balances and statistics hold); only text that may name the person goes.
    connection.execute(
        update(LedgerEntry)
        .where(LedgerEntry.member_id == member_id, LedgerEntry.kind == "adjust")
        .values(reference=None)
    )
    connection.execute(
        update(LedgerEntry)
        .where(LedgerEntry.member_id == member_id, LedgerEntry.kind == "import")
        .values(idempotency_key=literal("import:erased:").concat(cast(LedgerEntry.id, String)))
    )


def _keep_ids_in_audit(connection: Connection, member_id: int) -> None:
    """Audit details about the member keep numbers (ids, points, balances before and after), never text."""
    rows = connection.execute(select(AuditEntry.id, AuditEntry.details).where(AuditEntry.member_id == member_id))
    for entry_id, details in rows.all():
        kept = {key: value for key, value in (details or {}).items() if isinstance(value, int | float)}
        if kept != details:
            connection.execute(update(AuditEntry).where(AuditEntry.id == entry_id).values(details=kept))


async def _update_member(club: Club, member_id: int, **values: object) -> None:
    def save(connection: Connection) -> None:
        changed = connection.execute(
            update(Member).where(Member.id == member_id, Member.status != "deleted").values(**values)
        ).rowcount
        if not changed:
            raise MemberNotFound(member_id=member_id)

    await club.db.write(save)


def _require_member(connection: Connection, member_id: int) -> None:
    status = connection.execute(select(Member.status).where(Member.id == member_id)).scalar()
    if status is None or status == "deleted":
        raise MemberNotFound(member_id=member_id)


async def set_blocked(club: Club, member_id: int, *, blocked: bool, actor: str) -> bool:
    """Block a member (no earning, claiming or campaigns) or unblock them; audited. False: nothing changed."""
    now = club.clock()
    before, after = ("active", "blocked") if blocked else ("blocked", "active")

    def save(connection: Connection) -> bool:
        _require_member(connection, member_id)
        changed = connection.execute(
            update(Member).where(Member.id == member_id, Member.status == before).values(status=after)
        ).rowcount
        if changed:
            details = {"before": before, "after": after}
            record_audit(connection, actor=actor, action="member.status", now=now, member_id=member_id, details=details)
        return bool(changed)

    return await club.db.write(save)


async def recent_purchases(session: AsyncSession, member_id: int, limit: int = 5) -> list[Purchase]:
    """The member's latest purchases, newest first (for the staff's member card)."""
    rows = await session.scalars(
        select(Purchase).where(Purchase.member_id == member_id).order_by(Purchase.id.desc()).limit(limit)
    )
    return list(rows)
