"""Campaigns for admins: `/campaign` composes (text, optional photo), picks a segment, shows the audience and a
preview, then sends now or at a chosen time; `/campaigns` lists them with delivery progress. The scheduler's
outbox does the sending (scheduler.outbox)."""

from __future__ import annotations

import html
from datetime import UTC, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from aiogram import F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.callbacks import CampaignAudience, CampaignGo, CampaignStop
from handlers.replies import edit_pressed
from handlers.staff.access import HasRole
from locales import Texts
from loyalty.campaigns import (
    InvalidCampaign,
    Segment,
    audience_size,
    campaign_progress,
    cancel_campaign,
    create_campaign,
    recent_campaigns,
)
from loyalty.club import Club
from loyalty.dates import InvalidDate, parse_day
from loyalty.parsing import normalize_digits, parse_points
from loyalty.staff import actor_id

router = Router(name=__name__)
router.message.filter(HasRole("admin"))
router.callback_query.filter(HasRole("admin"))

SEGMENTS_WITH_VALUE = {
    "inactive": "campaign-ask-days",
    "birthday_month": "campaign-ask-month",
    "joined_since": "campaign-ask-since",
}


class CampaignForm(StatesGroup):
    text = State()
    value = State()  # the number of days, the month or the date a segment needs
    confirm = State()
    when = State()


@router.message(Command("campaign"))
async def start_campaign(message: Message, state: FSMContext, t: Texts) -> None:
    await state.set_state(CampaignForm.text)
    await message.answer(t("campaign-ask-text"))


@router.message(StateFilter(CampaignForm.text), F.text | F.photo)
async def campaign_text(message: Message, state: FSMContext, club: Club, t: Texts) -> None:
    text = (message.text or message.caption or "").strip()
    if not text:
        await message.answer(t("campaign-text-missing"))
        return
    photo = message.photo[-1].file_id if message.photo else None
    await state.update_data(text=text, photo=photo)
    builder = InlineKeyboardBuilder()
    builder.button(text=t.plain("btn-segment-all"), callback_data=CampaignAudience(kind="all"))
    for tier in club.config.tiers:
        builder.button(text=tier.name.get(t.lang), callback_data=CampaignAudience(kind="tier", tier=tier.key))
    for kind in SEGMENTS_WITH_VALUE:
        builder.button(text=t.plain(f"btn-segment-{kind}"), callback_data=CampaignAudience(kind=kind))
    builder.adjust(1, len(club.config.tiers), 1, 1, 1)
    await message.answer(t("campaign-ask-segment"), reply_markup=builder.as_markup())


@router.callback_query(CampaignAudience.filter())
async def pick_segment(
    query: CallbackQuery, callback_data: CampaignAudience, state: FSMContext, club: Club, t: Texts
) -> None:
    data = await state.get_data()
    await query.answer()
    if "text" not in data or not isinstance(query.message, Message):
        await edit_pressed(query, t("button-expired"))
        return
    if callback_data.kind in SEGMENTS_WITH_VALUE:
        await state.update_data(kind=callback_data.kind)
        await state.set_state(CampaignForm.value)
        await query.message.answer(t(SEGMENTS_WITH_VALUE[callback_data.kind], example=t.digits("1405/01/01")))
        return
    segment = Segment.in_tier(callback_data.tier) if callback_data.kind == "tier" else Segment.everyone()
    if callback_data.kind == "tier" and callback_data.tier not in {tier.key for tier in club.config.tiers}:
        await edit_pressed(query, t("button-expired"))
        return
    await _preview(query.message, state, club, t, segment)


@router.message(StateFilter(CampaignForm.value), F.text)
async def segment_value(message: Message, state: FSMContext, club: Club, t: Texts) -> None:
    kind = (await state.get_data())["kind"]
    text = normalize_digits(message.text or "")
    try:
        if kind == "inactive":
            segment = Segment.inactive(parse_points(text, max_value=3650))
        elif kind == "birthday_month":
            segment = Segment.birthday_month(parse_points(text, max_value=12), t.calendar)
        else:
            segment = Segment.joined_since(parse_day(text, t.calendar))
    except InvalidCampaign:
        await message.answer(t(SEGMENTS_WITH_VALUE[kind], example=t.digits("1405/01/01")))
        return
    await _preview(message, state, club, t, segment)


async def _preview(message: Message, state: FSMContext, club: Club, t: Texts, segment: Segment) -> None:
    data = await state.get_data()
    await state.update_data(segment=segment.to_json())
    await state.set_state(CampaignForm.confirm)
    size = await audience_size(club, segment)
    preview = html.escape(data["text"])  # shown as members will see it: their text, literally
    if data.get("photo"):
        await message.answer_photo(data["photo"], caption=preview)
    else:
        await message.answer(preview)
    builder = InlineKeyboardBuilder()
    builder.button(text=t.plain("btn-campaign-now"), callback_data=CampaignGo(action="now"))
    builder.button(text=t.plain("btn-campaign-schedule"), callback_data=CampaignGo(action="schedule"))
    builder.button(text=t.plain("btn-campaign-drop"), callback_data=CampaignGo(action="drop"))
    builder.adjust(2, 1)
    await message.answer(t("campaign-audience", count=size), reply_markup=builder.as_markup())


@router.callback_query(StateFilter(CampaignForm.confirm), CampaignGo.filter())
async def decide(
    query: CallbackQuery, callback_data: CampaignGo, state: FSMContext, club: Club, platform: str, t: Texts
) -> None:
    await query.answer()
    if callback_data.action == "drop":
        await state.clear()
        await edit_pressed(query, t("campaign-dropped"))
    elif callback_data.action == "schedule":
        await state.set_state(CampaignForm.when)
        await edit_pressed(query, t("campaign-ask-when", example=t.digits("1405/01/15 18:30")))
    else:
        campaign_id = await _create(state, club, actor_id(platform, query.from_user.id), None)
        await edit_pressed(query, t("campaign-queued", id=campaign_id))


@router.message(StateFilter(CampaignForm.when), F.text)
async def schedule_at(message: Message, state: FSMContext, club: Club, platform: str, t: Texts) -> None:
    parts = normalize_digits(message.text or "").split()
    try:
        day = parse_day(parts[0], t.calendar) if parts else None
        hour, minute = (int(n) for n in parts[1].split(":")) if len(parts) == 2 else (9, 0)
        when = datetime.combine(day, time(hour, minute), ZoneInfo(t.zone)) if day else None
    except (InvalidDate, ValueError):
        when = None
    if when is None or when.astimezone(UTC) <= club.clock():
        await message.answer(t("campaign-when-invalid", example=t.digits("1405/01/15 18:30")))
        return
    assert message.from_user is not None
    campaign_id = await _create(state, club, actor_id(platform, message.from_user.id), when.astimezone(UTC))
    await message.answer(t("campaign-scheduled", id=campaign_id, when=t.time(when.astimezone(UTC))))


async def _create(state: FSMContext, club: Club, actor: str, when: datetime | None) -> int:
    data: dict[str, Any] = await state.get_data()
    await state.clear()
    segment = Segment.from_json(data["segment"])
    return await create_campaign(club, data["text"], segment, when, created_by=actor, photo=data.get("photo"))


@router.message(Command("campaigns"))
async def list_campaigns(message: Message, session: AsyncSession, t: Texts) -> None:
    text, keyboard = await _campaign_list(session, t)
    await message.answer(text, reply_markup=keyboard)


@router.callback_query(CampaignStop.filter())
async def stop_campaign(
    query: CallbackQuery, callback_data: CampaignStop, session: AsyncSession, club: Club, t: Texts
) -> None:
    stopped = await cancel_campaign(club, callback_data.campaign_id)
    await query.answer(t.plain("campaign-stopped" if stopped else "campaign-already-ended"))
    text, keyboard = await _campaign_list(session, t)
    await edit_pressed(query, text, keyboard)


async def _campaign_list(session: AsyncSession, t: Texts) -> tuple[str, InlineKeyboardMarkup | None]:
    campaigns = await recent_campaigns(session)
    if not campaigns:
        return t("campaigns-empty"), None
    lines = [t("campaigns-title")]
    builder = InlineKeyboardBuilder()
    for campaign in campaigns:
        progress = await campaign_progress(session, campaign.id)
        assert progress is not None
        lines.append(
            t(
                "campaigns-line",
                id=campaign.id,
                status=t.plain(f"campaign-status-{campaign.status}"),
                when=t.time(campaign.scheduled_at) if campaign.scheduled_at else "-",
                sent=progress.sent,
                failed=progress.failed,
                blocked=progress.blocked,
                pending=progress.pending,
                text=campaign.text[:40],
            )
        )
        if campaign.status in ("scheduled", "sending"):
            builder.button(
                text=t.plain("btn-campaign-stop", id=campaign.id), callback_data=CampaignStop(campaign_id=campaign.id)
            )
    builder.adjust(1)
    return "\n".join(lines), builder.as_markup()
