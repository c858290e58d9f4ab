"""Campaigns: a merchant's message to a segment of members, sent now or at a set time, through the outbox.

A campaign is created with `create_campaign`; the scheduler's outbox starts it when due (the segment is
evaluated then, and one `Delivery` row per recipient is written in the same transaction) and sends the
deliveries at the messenger's rate. `campaign_progress` is what the admin sees. Only members who are active
and opted in to marketing messages are ever in a segment.

Campaign statuses: scheduled → sending → done, or cancelled. Delivery statuses: pending → sent, failed (gave up
after `outbox.max_attempts` errors) or blocked (no reachable chat: the member blocked the bot or left).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any, Literal, cast

import jdatetime
from sqlalchemy import ColumnElement, Connection, and_, func, insert, literal, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from loyalty.club import Club
from loyalty.config import ClubConfig
from loyalty.dates import Calendar, calendar_year
from models import Campaign, Delivery, Member

SegmentKind = Literal["all", "tier", "inactive", "birthday_month", "joined_since"]
MAX_TEXT = 4096  # Telegram's limit for a message (a photo caption allows 1024)
MAX_CAPTION = 1024


class InvalidCampaign(ValueError):
    """The campaign cannot be sent as given; the message says why (empty or too long text, bad segment)."""


@dataclass(frozen=True)
class Segment:
    """Who a campaign goes to, always among active members opted in to marketing messages.

    Build one with the constructors: `Segment.everyone()`, `Segment.in_tier("gold")`, `Segment.inactive(30)`,
    `Segment.birthday_month(5, "jalali")`, `Segment.joined_since(date)`. Stored as JSON on the campaign.
    """

    kind: SegmentKind = "all"
    tier: str | None = None
    days: int | None = None
    month: int | None = None
    calendar: Calendar | None = None
    since: datetime.date | None = None

    @classmethod
    def everyone(cls) -> Segment:
        """Every opted-in member."""
        return cls("all")

    @classmethod
    def in_tier(cls, tier: str) -> Segment:
        """Opted-in members of one tier (by key)."""
        return cls("tier", tier=tier)

    @classmethod
    def inactive(cls, days: int) -> Segment:
        """Opted-in members with no activity (purchase, claim…) for at least `days` days."""
        if days <= 0:
            raise InvalidCampaign("inactive: days must be positive")
        return cls("inactive", days=days)

    @classmethod
    def birthday_month(cls, month: int, calendar: Calendar) -> Segment:
        """Opted-in members whose birthday falls in `month` of `calendar` (this year's dates, either calendar)."""
        if not 1 <= month <= 12:
            raise InvalidCampaign("birthday_month: month must be 1..12")
        return cls("birthday_month", month=month, calendar=calendar)

    @classmethod
    def joined_since(cls, day: datetime.date) -> Segment:
        """Opted-in members who joined on or after `day` (the club's date)."""
        return cls("joined_since", since=day)

    def to_json(self) -> dict[str, Any]:
        """The JSON stored on the campaign."""
        data: dict[str, Any] = {"kind": self.kind}
        for name in ("tier", "days", "month", "calendar"):
            if getattr(self, name) is not None:
                data[name] = getattr(self, name)
        if self.since is not None:
            data["since"] = self.since.isoformat()
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Segment:
        """The segment stored on a campaign."""
        since = data.get("since")
        return cls(
            kind=data.get("kind", "all"),
            tier=data.get("tier"),
            days=data.get("days"),
            month=data.get("month"),
            calendar=data.get("calendar"),
            since=datetime.date.fromisoformat(since) if since else None,
        )


def _month_birthdays(month: int, calendar: Calendar, today: datetime.date) -> ColumnElement[bool]:
    """Birthdays in `month` of `calendar` this year, for members of either calendar."""
    year = calendar_year(today, calendar)
    days: list[datetime.date] = []
    if calendar == "jalali":
        day = jdatetime.date(year, month, 1)
        while day.month == month:
            days.append(day.togregorian())
            day += jdatetime.timedelta(days=1)
    else:
        day_g = datetime.date(year, month, 1)
        while day_g.month == month:
            days.append(day_g)
            day_g += datetime.timedelta(days=1)
    other: Calendar = "gregorian" if calendar == "jalali" else "jalali"
    other_days = set()
    for gregorian in days:
        if other == "gregorian":
            other_days.add((gregorian.month, gregorian.day))
        else:
            j = jdatetime.date.fromgregorian(date=gregorian)
            other_days.add((j.month, j.day))
    return or_(
        and_(Member.birthday_calendar == calendar, Member.birthday_month == month),
        and_(
            Member.birthday_calendar == other,
            or_(*(and_(Member.birthday_month == m, Member.birthday_day == d) for m, d in sorted(other_days))),
        ),
    )


def segment_filter(segment: Segment, config: ClubConfig, now: datetime.datetime) -> ColumnElement[bool]:
    """The WHERE clause on `members` selecting the segment's audience at `now`."""
    base = and_(Member.status == "active", Member.marketing_consent.is_(True))
    if segment.kind == "all":
        return base
    if segment.kind == "tier" and segment.tier:
        return and_(base, Member.tier == segment.tier)
    if segment.kind == "inactive" and segment.days:
        return and_(base, Member.last_activity_at <= now - datetime.timedelta(days=segment.days))
    if segment.kind == "birthday_month" and segment.month and segment.calendar:
        today = now.astimezone(config.zone).date()
        return and_(base, _month_birthdays(segment.month, segment.calendar, today))
    if segment.kind == "joined_since" and segment.since:
        start = datetime.datetime.combine(segment.since, datetime.time(), config.zone)
        return and_(base, Member.joined_at >= start.astimezone(datetime.UTC))
    raise InvalidCampaign(f"incomplete segment: {segment.to_json()}")


async def audience_size(club: Club, segment: Segment) -> int:
    """How many members the segment reaches right now (what the admin previews before sending)."""
    async with club.db.sessions() as session:
        count = await session.scalar(select(func.count()).where(segment_filter(segment, club.config, club.clock())))
    return int(count or 0)


async def create_campaign(
    club: Club,
    text: str,
    segment: Segment,
    scheduled_at: datetime.datetime | None,
    created_by: str,
    photo: str | None = None,
) -> int:
    """Queue a campaign: sent at `scheduled_at` (aware), or as soon as the outbox runs when None. Its id.

    `text` is the merchant's plain text (escaped when sent); `photo` is a file id or URL the bots can send.
    Raises InvalidCampaign for an empty or too long text or an incomplete segment.
    """
    text = text.strip()
    limit = MAX_CAPTION if photo else MAX_TEXT
    if not text or len(text) > limit:
        raise InvalidCampaign(f"text must be 1..{limit} characters")
    segment_filter(segment, club.config, club.clock())  # refuse an incomplete segment now, not at send time
    now = club.clock()
    values = {
        "text": text,
        "photo": photo,
        "segment": segment.to_json(),
        "status": "scheduled",
        "scheduled_at": scheduled_at or now,
        "created_by": created_by,
        "created_at": now,
    }
    return int(
        await club.db.write(lambda c: c.execute(insert(Campaign).values(**values).returning(Campaign.id)).scalar_one())
    )


async def cancel_campaign(club: Club, campaign_id: int) -> bool:
    """Stop a campaign that has not finished; deliveries not yet sent are dropped. False if it already ended."""

    def cancel(connection: Connection) -> bool:
        changed = connection.execute(
            update(Campaign)
            .where(Campaign.id == campaign_id, Campaign.status.in_(("scheduled", "sending")))
            .values(status="cancelled", finished_at=club.clock())
        ).rowcount
        return bool(changed)

    return await club.db.write(cancel)


@dataclass(frozen=True)
class CampaignProgress:
    campaign_id: int
    status: str
    scheduled_at: datetime.datetime | None
    total: int
    sent: int
    failed: int
    blocked: int
    pending: int


async def campaign_progress(session: AsyncSession, campaign_id: int) -> CampaignProgress | None:
    """Delivery counts of one campaign (sent, failed, blocked, pending), or None if there is no such campaign."""
    campaign = await session.get(Campaign, campaign_id)
    if campaign is None:
        return None
    rows = await session.execute(
        select(Delivery.status, func.count()).where(Delivery.campaign_id == campaign_id).group_by(Delivery.status)
    )
    counts = {str(status): int(count) for status, count in rows}
    return CampaignProgress(
        campaign_id=campaign_id,
        status=campaign.status,
        scheduled_at=campaign.scheduled_at,
        total=sum(counts.values()),
        sent=counts.get("sent", 0),
        failed=counts.get("failed", 0),
        blocked=counts.get("blocked", 0),
        pending=counts.get("pending", 0),
    )


async def recent_campaigns(session: AsyncSession, *, limit: int = 10) -> list[Campaign]:
    """The latest campaigns, newest first (for the admin's list)."""
    return list(await session.scalars(select(Campaign).order_by(Campaign.id.desc()).limit(limit)))


async def start_due_campaigns(club: Club) -> list[int]:
    """Start every scheduled campaign whose time has come: write its deliveries and mark it sending.

    One transaction per campaign, so a crash leaves a campaign either not started or started with all its
    deliveries; the unique (campaign, member) pair keeps a re-run from adding anyone twice.
    """
    now = club.clock()
    async with club.db.sessions() as session:
        due = list(
            await session.scalars(
                select(Campaign.id)
                .where(Campaign.status == "scheduled", Campaign.scheduled_at <= now)
                .order_by(Campaign.id)
            )
        )
    started = []
    for campaign_id in due:
        if await club.db.write(lambda c, cid=campaign_id: _start(c, club.config, cid, now)):  # type: ignore[misc]
            started.append(campaign_id)
    return started


def _start(connection: Connection, config: ClubConfig, campaign_id: int, now: datetime.datetime) -> bool:
    segment = connection.execute(
        select(Campaign.segment).where(Campaign.id == campaign_id, Campaign.status == "scheduled")
    ).scalar()
    if segment is None:
        return False
    audience = select(
        literal(campaign_id).label("campaign_id"),
        Member.id.label("member_id"),
        literal("pending").label("status"),
        literal(0).label("attempts"),
        literal(now, type_=Campaign.created_at.type).label("created_at"),
    ).where(segment_filter(Segment.from_json(cast(dict[str, Any], segment)), config, now))
    connection.execute(
        insert(Delivery).from_select(["campaign_id", "member_id", "status", "attempts", "created_at"], audience)
    )
    connection.execute(update(Campaign).where(Campaign.id == campaign_id).values(status="sending", started_at=now))
    return True


async def finish_campaigns(club: Club) -> list[int]:
    """Mark done every sending campaign with no delivery left pending; the ids finished."""
    now = club.clock()

    def finish(connection: Connection) -> list[int]:
        pending = select(Delivery.id).where(Delivery.campaign_id == Campaign.id, Delivery.status == "pending")
        done = connection.execute(
            update(Campaign)
            .where(Campaign.status == "sending", ~pending.exists())
            .values(status="done", finished_at=now)
            .returning(Campaign.id)
        )
        return [int(campaign_id) for campaign_id in done.scalars()]

    return await club.db.write(finish)
