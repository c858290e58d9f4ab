"""`/rewards_admin`: the catalog for admins — add a reward, pause or resume it, change cost, stock, limit,
validity, voucher lifetime or title, all with inline buttons and one typed value at a time."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from aiogram import F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.callbacks import AddReward, AdminReward, AdminRewards, EditReward
from handlers.customer.rewards import title_of
from handlers.replies import edit_pressed
from handlers.staff.access import HasRole
from locales import Texts
from loyalty.catalog import EDITABLE, add_reward, all_rewards, edit_reward, titles
from loyalty.club import Club
from loyalty.dates import parse_day
from loyalty.errors import RewardNotFound
from loyalty.parsing import normalize_digits, parse_points
from loyalty.staff import actor_id
from models import Reward

router = Router(name=__name__)
router.message.filter(HasRole("admin"))
router.callback_query.filter(HasRole("admin"))

UNSET = "-"  # typed to clear a stock, a limit or an end date


class RewardForm(StatesGroup):
    value = State()  # editing one field: data holds reward_id and field
    title = State()  # adding: title, then cost, then stock
    cost = State()
    stock = State()


@router.message(Command("rewards_admin"))
async def list_rewards(message: Message, session: AsyncSession, t: Texts) -> None:
    text, keyboard = await _list(session, t)
    await message.answer(text, reply_markup=keyboard)


@router.callback_query(AdminRewards.filter())
async def back_to_list(query: CallbackQuery, session: AsyncSession, t: Texts) -> None:
    text, keyboard = await _list(session, t)
    await query.answer()
    await edit_pressed(query, text, keyboard)


@router.callback_query(AdminReward.filter())
async def show_reward(query: CallbackQuery, callback_data: AdminReward, session: AsyncSession, t: Texts) -> None:
    reward = await session.get(Reward, callback_data.reward_id)
    if reward is None:
        raise RewardNotFound(reward_id=callback_data.reward_id)
    await query.answer()
    await edit_pressed(query, _detail(reward, t), _detail_keyboard(reward, t))


@router.callback_query(EditReward.filter(F.field == "active"))
async def toggle_active(
    query: CallbackQuery, callback_data: EditReward, session: AsyncSession, club: Club, platform: str, t: Texts
) -> None:
    reward = await session.get(Reward, callback_data.reward_id)
    if reward is None:
        raise RewardNotFound(reward_id=callback_data.reward_id)
    active = not reward.active
    await edit_reward(club, reward.id, field="active", value=active, actor=actor_id(platform, query.from_user.id))
    await session.refresh(reward)
    await query.answer(t.plain("saved"))
    await edit_pressed(query, _detail(reward, t), _detail_keyboard(reward, t))


@router.callback_query(EditReward.filter(F.field.in_(set(EDITABLE) - {"active"})))
async def ask_value(query: CallbackQuery, callback_data: EditReward, state: FSMContext, t: Texts) -> None:
    await state.set_state(RewardForm.value)
    await state.update_data(reward_id=callback_data.reward_id, field=callback_data.field)
    await query.answer()
    if query.message is not None:
        await query.message.answer(t(f"reward-ask-{callback_data.field}", example=t.digits("1405/12/29")))


@router.message(StateFilter(RewardForm.value), F.text)
async def save_value(
    message: Message, state: FSMContext, session: AsyncSession, club: Club, platform: str, t: Texts
) -> None:
    data = await state.get_data()
    value = _parse(data["field"], message.text or "", club, t)
    assert message.from_user is not None
    await edit_reward(
        club, data["reward_id"], field=data["field"], value=value, actor=actor_id(platform, message.from_user.id)
    )
    await state.clear()
    reward = await session.get(Reward, data["reward_id"])
    assert reward is not None
    await session.refresh(reward)
    await message.answer(_detail(reward, t), reply_markup=_detail_keyboard(reward, t))


@router.callback_query(AddReward.filter())
async def start_add(query: CallbackQuery, state: FSMContext, t: Texts) -> None:
    await state.set_state(RewardForm.title)
    await query.answer()
    if query.message is not None:
        await query.message.answer(t("reward-ask-title"))


@router.message(StateFilter(RewardForm.title), F.text)
async def add_title(message: Message, state: FSMContext, club: Club, t: Texts) -> None:
    await state.update_data(title=titles(message.text or "", list(club.config.club.languages)))
    await state.set_state(RewardForm.cost)
    await message.answer(t("reward-ask-cost"))


@router.message(StateFilter(RewardForm.cost), F.text)
async def add_cost(message: Message, state: FSMContext, club: Club, t: Texts) -> None:
    await state.update_data(cost=_parse("cost", message.text or "", club, t))
    await state.set_state(RewardForm.stock)
    await message.answer(t("reward-ask-stock"))


@router.message(StateFilter(RewardForm.stock), F.text)
async def add_stock(
    message: Message, state: FSMContext, session: AsyncSession, club: Club, platform: str, t: Texts
) -> None:
    stock = _parse("stock", message.text or "", club, t)
    data = await state.get_data()
    assert message.from_user is not None
    reward_id = await add_reward(
        club, title=data["title"], cost=data["cost"], stock=stock, actor=actor_id(platform, message.from_user.id)
    )
    await state.clear()
    reward = await session.get(Reward, reward_id)
    assert reward is not None
    await message.answer(t("reward-added") + "\n\n" + _detail(reward, t), reply_markup=_detail_keyboard(reward, t))


def _parse(field: str, text: str, club: Club, t: Texts) -> Any:
    text = normalize_digits(text).strip()
    if field == "title":
        return titles(text, list(club.config.club.languages))
    if field in ("stock", "per_member_limit", "valid_until") and text == UNSET:
        return None
    if field == "stock" and text == "0":
        return 0
    if field == "valid_until":  # valid through the whole typed day, in the club's time zone
        last_day = parse_day(text, t.calendar)
        return datetime.combine(last_day + timedelta(days=1), time(), ZoneInfo(t.zone)).astimezone(UTC)
    return parse_points(text, max_value=10**9)


async def _list(session: AsyncSession, t: Texts) -> tuple[str, InlineKeyboardMarkup]:
    rewards = await all_rewards(session)
    builder = InlineKeyboardBuilder()
    lines = [t("rewards-admin-title")] if rewards else [t("rewards-admin-empty")]
    for reward in rewards:
        state = "" if reward.active else t.plain("rewards-admin-paused")
        label = t.plain("btn-reward", title=title_of(reward.title, t), cost=reward.cost)
        builder.button(text=f"{label} {state}".strip(), callback_data=AdminReward(reward_id=reward.id))
    builder.button(text=t.plain("btn-reward-add"), callback_data=AddReward())
    builder.adjust(1)
    return "\n".join(lines), builder.as_markup()


def _detail(reward: Reward, t: Texts) -> str:
    return t(
        "reward-detail",
        title=" | ".join(reward.title.values()),
        cost=reward.cost,
        stock=t.number(reward.stock) if reward.stock is not None else "∞",
        limit=t.number(reward.per_member_limit) if reward.per_member_limit is not None else "∞",
        until=t.date(reward.valid_until) if reward.valid_until is not None else "∞",
        days=reward.voucher_days,
        status=t.plain("rewards-admin-active" if reward.active else "rewards-admin-paused"),
    )


def _detail_keyboard(reward: Reward, t: Texts) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    toggle = "btn-reward-pause" if reward.active else "btn-reward-resume"
    builder.button(text=t.plain(toggle), callback_data=EditReward(reward_id=reward.id, field="active"))
    for field in ("cost", "stock", "per_member_limit", "valid_until", "voucher_days", "title"):
        builder.button(text=t.plain(f"btn-reward-{field}"), callback_data=EditReward(reward_id=reward.id, field=field))
    builder.button(text=t.plain("btn-back"), callback_data=AdminRewards())
    builder.adjust(1, 2, 2, 2, 1)
    return builder.as_markup()
