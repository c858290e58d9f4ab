"""`/export members` and `/export ledger [period]`: CSV documents for spreadsheets (admins and the owner).

The CSV is streamed from the database into a temporary file (never the whole table in memory), sent as a
document and deleted. A large export first shows a progress message, edited as rows are written.

Who sees what: cashiers export nothing (they look members up one at a time with /member, phone masked);
admins get members with masked phone numbers; only the owner, who answers for the club's data, gets them in
full. The ledger export names members by number only.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from aiogram import Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command, CommandObject
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, FSInputFile, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder

from handlers.staff.access import HasRole
from handlers.staff.stats import period_name
from locales import Texts
from loyalty.club import Club
from loyalty.exports import Export, export_ledger, export_members
from loyalty.periods import PERIODS, InvalidPeriod, parse_period, period_range

router = Router(name=__name__)
router.message.filter(HasRole("admin"))
router.callback_query.filter(HasRole("admin"))

PROGRESS_SECONDS = 2.0  # edit the progress message at most this often: chats allow about one edit a second


class ExportFile(CallbackData, prefix="export"):
    what: str  # "members" or "ledger"
    period: str = ""


def export_keyboard(t: Texts) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=t.plain("export-btn-members"), callback_data=ExportFile(what="members"))
    for period in PERIODS:
        label = t.plain("export-btn-ledger", period=period_name(period, t))
        builder.button(text=label, callback_data=ExportFile(what="ledger", period=period))
    builder.adjust(1)
    return builder.as_markup()


@router.message(Command("export"))
async def export_command(message: Message, command: CommandObject, club: Club, role: str, t: Texts) -> None:
    what, _, rest = (command.args or "").strip().partition(" ")
    what = what.lower()
    if not what:
        await message.answer(t("export-choose"), reply_markup=export_keyboard(t))
        return
    try:
        if what == "members" and not rest.strip():
            await _send_export(message, club, t, role, "members", "")
            return
        if what == "ledger":
            await _send_export(message, club, t, role, "ledger", parse_period(rest) if rest.strip() else "30d")
            return
    except InvalidPeriod:
        pass
    await message.answer(t("export-usage"))


@router.callback_query(ExportFile.filter())
async def export_pressed(query: CallbackQuery, callback_data: ExportFile, club: Club, role: str, t: Texts) -> None:
    await query.answer()
    if not isinstance(query.message, Message):
        return
    period = parse_period(callback_data.period) if callback_data.what == "ledger" else ""
    await _send_export(query.message, club, t, role, callback_data.what, period)


class _ProgressMessage:
    """Shown once an export passes its first progress mark (small exports never show it), then edited."""

    def __init__(self, chat: Message, t: Texts) -> None:
        self.chat, self.t = chat, t
        self.message: Message | None = None
        self.edited = 0.0

    async def __call__(self, rows: int) -> None:
        text = self.t("export-progress", rows=rows)
        now = time.monotonic()
        if self.message is None:
            self.message = await self.chat.answer(text)
        elif now - self.edited >= PROGRESS_SECONDS:
            try:
                await self.message.edit_text(text)
            except TelegramBadRequest:  # "not modified" or gone: progress is only a courtesy
                return
        else:
            return
        self.edited = now

    async def finish(self, rows: int) -> None:
        if self.message is not None:
            try:
                await self.message.edit_text(self.t("export-progress-done", rows=rows))
            except TelegramBadRequest:
                return


async def _send_export(chat: Message, club: Club, t: Texts, role: str, what: str, period: str) -> None:
    progress = _ProgressMessage(chat, t)
    now = club.clock()
    stamp = now.astimezone(club.config.zone).strftime("%Y-%m-%d")
    with tempfile.TemporaryDirectory(prefix="bashgah-export-") as folder:
        if what == "members":
            target = Path(folder) / f"members-{stamp}.csv"
            full_phones = role == "owner"
            done: Export = await export_members(club.db, club.config, target, progress, full_phones=full_phones)
            caption = t("export-members-caption", rows=done.rows)
            if not full_phones:
                caption += "\n" + t("export-members-masked")
        else:
            since, until = period_range(period, now, club.config.zone, t.calendar)
            target = Path(folder) / f"ledger-{period}-{stamp}.csv"
            done = await export_ledger(club.db, club.config, target, since, until, progress)
            caption = t(
                "export-ledger-caption",
                rows=done.rows,
                period=period_name(period, t),
                since=t.date(since),
                until=t.date(until),
            )
        await progress.finish(done.rows)
        for path in done.files:
            await chat.answer_document(FSInputFile(path, filename=path.name), caption=caption)
    # The folder and its files are gone here, sent or not.
