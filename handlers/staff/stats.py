"""`/stats [period]`: the club's KPIs for a period, as text and as a chart image (admins)."""

from __future__ import annotations

import asyncio
from datetime import datetime

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.filters.callback_data import CallbackData
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.replies import edit_pressed
from handlers.staff.access import HasRole
from handlers.staff.charts import ChartTexts, stats_chart
from locales import Texts
from loyalty.club import Club
from loyalty.feedback import Nps, nps
from loyalty.periods import PERIODS, InvalidPeriod, parse_period, period_range
from loyalty.stats import ClubStats, StatsSeries, club_series, club_stats

router = Router(name=__name__)
router.message.filter(HasRole("admin"))
router.callback_query.filter(HasRole("admin"))


class StatsPeriod(CallbackData, prefix="stats"):
    period: str  # "week", "month", "30d" or "year"


def period_keyboard(t: Texts) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for period in PERIODS:
        builder.button(text=t.plain(f"stats-period-{period}"), callback_data=StatsPeriod(period=period))
    builder.adjust(2)
    return builder.as_markup()


def period_name(period: str, t: Texts) -> str:
    """ "This month", or "Last 90 days" for a typed number of days."""
    if period in PERIODS:
        return t.plain(f"stats-period-{period}")
    return t.plain("stats-period-days", days=int(period.removesuffix("d")))


def percent(share: float, t: Texts) -> str:
    text = f"{share * 100:.1f}".removesuffix(".0")
    return f"{t.digits(text).replace('.', '٫')}٪" if t.lang == "fa" else f"{text}%"


@router.message(Command("stats"))
async def stats_command(message: Message, command: CommandObject, session: AsyncSession, club: Club, t: Texts) -> None:
    if not command.args:
        await message.answer(t("stats-choose"), reply_markup=period_keyboard(t))
        return
    try:
        period = parse_period(command.args)
    except InvalidPeriod:
        await message.answer(t("stats-usage"))
        return
    text, chart = await _report(session, club, period, t)
    await message.answer(text, reply_markup=period_keyboard(t))
    await message.answer_photo(BufferedInputFile(chart, "stats.png"))


@router.callback_query(StatsPeriod.filter())
async def stats_pressed(
    query: CallbackQuery, callback_data: StatsPeriod, session: AsyncSession, club: Club, t: Texts
) -> None:
    period = parse_period(callback_data.period)
    await query.answer()
    text, chart = await _report(session, club, period, t)
    await edit_pressed(query, text, period_keyboard(t))
    if isinstance(query.message, Message):
        await query.message.answer_photo(BufferedInputFile(chart, "stats.png"))


async def _report(session: AsyncSession, club: Club, period: str, t: Texts) -> tuple[str, bytes]:
    since, until = period_range(period, club.clock(), club.config.zone, t.calendar)
    # Not the update's session: on SQLite that one reads inline on the event loop, fine for a lookup but not for
    # aggregating a large ledger, which would stall every other chat meanwhile.
    async with club.db.sessions() as reports:
        stats = await club_stats(reports, club, since, until)
        series = await club_series(reports, club, since, until)
        score = await nps(reports, since, until)
        before = await nps(reports, since - (until - since), since)
    name = period_name(period, t)
    # Drawing takes a few hundred milliseconds of CPU: off the event loop, so other chats are served meanwhile.
    chart = await asyncio.to_thread(stats_chart, series, stats.baskets, _chart_texts(series, stats, name, t, club))
    return stats_text(stats, name, club, t) + "\n" + nps_text(score, before, t), chart


def nps_text(score: Nps, before: Nps, t: Texts) -> str:
    """NPS of the period and its change from the period before (the trend)."""
    if score.score is None:
        return t("stats-nps-none")
    if before.score is None:
        return t("stats-nps", score=score.score, answers=score.answers)
    change = score.score - before.score
    trend = f"+{t.number(change)}" if change > 0 else (f"−{t.number(-change)}" if change < 0 else "±0")
    return t("stats-nps-trend", score=score.score, answers=score.answers, trend=trend)


def _chart_texts(series: StatsSeries, stats: ClubStats, name: str, t: Texts, club: Club) -> ChartTexts:
    weekly = series.width.days == 7
    return ChartTexts(
        title=t.plain("chart-title", period=name),
        new_members=t.plain("chart-new-members-weekly" if weekly else "chart-new-members-daily"),
        points=t.plain("chart-points"),
        issued=t.plain("chart-issued"),
        redeemed=t.plain("chart-redeemed"),
        by_tier=t.plain("chart-by-tier"),
        buckets=[_short_date(start, t) for start in series.starts],
        tiers=[club.config.tier(basket.tier).name.get(t.lang) for basket in stats.baskets],
    )


def _short_date(moment: datetime, t: Texts) -> str:
    return t.date(moment)[5:]  # "1404/12/19" → "12/19": the year is in the title


def stats_text(stats: ClubStats, name: str, club: Club, t: Texts) -> str:
    currency = t.currency(club.config.club.currency)
    lines = [
        t("stats-title", period=name, since=t.date(stats.since), until=t.date(stats.until)),
        t("stats-members", members=stats.members, new=stats.new_members, week=stats.new_this_week),
        t("stats-active", active30=stats.active_30d, active90=stats.active_90d),
        t(
            "stats-points",
            issued=stats.points_issued,
            redeemed=stats.points_redeemed,
            rate=percent(stats.redemption_rate, t),
            expired=stats.points_expired,
        ),
        t(
            "stats-liability",
            outstanding=stats.points_outstanding,
            liability=t.number(stats.liability),
            currency=currency,
        ),
        t(
            "stats-purchases",
            purchases=stats.purchases,
            revenue=t.number(stats.revenue),
            currency=currency,
            buyers=stats.buyers,
            repeat=percent(stats.repeat_purchase_rate, t),
        ),
    ]
    for basket in stats.baskets:
        lines.append(
            t(
                "stats-basket",
                tier=club.config.tier(basket.tier).name.get(t.lang),
                purchases=basket.purchases,
                average=t.number(basket.average_amount),
                currency=currency,
            )
        )
    lines.append(
        t(
            "stats-referrals",
            referrals=stats.referrals,
            qualified=stats.referrals_qualified,
            conversion=percent(stats.referral_conversion, t),
        )
    )
    lines.append(t("stats-campaigns", campaigns=stats.campaigns, sent=stats.deliveries_sent))
    return "\n".join(lines)
