"""Staff answering support tickets: the Reply button under a forwarded ticket, then the reply text."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from bot.notifier import Notifier
from handlers.callbacks import ReplyTicket
from handlers.staff.access import HasRole
from locales import Texts
from loyalty.club import Club
from loyalty.staff import actor_id
from loyalty.support import MAX_TICKET_TEXT, reply_to_ticket

router = Router(name=__name__)
router.message.filter(HasRole("admin"))
router.callback_query.filter(HasRole("admin"))


class ReplyForm(StatesGroup):
    text = State()


@router.callback_query(ReplyTicket.filter())
async def start_reply(query: CallbackQuery, callback_data: ReplyTicket, state: FSMContext, t: Texts) -> None:
    await state.set_state(ReplyForm.text)
    await state.update_data(ticket_id=callback_data.ticket_id)
    await query.answer()
    if query.message is not None:
        await query.message.answer(t("support-reply-ask", ticket=callback_data.ticket_id))


@router.message(StateFilter(ReplyForm.text), F.text)
async def send_reply(
    message: Message, state: FSMContext, club: Club, notifier: Notifier, platform: str, t: Texts
) -> None:
    text = (message.text or "").strip()[:MAX_TICKET_TEXT]
    ticket_id = int((await state.get_data())["ticket_id"])
    assert message.from_user is not None
    member_id = await reply_to_ticket(
        club, ticket_id=ticket_id, staff=actor_id(platform, message.from_user.id), text=text
    )
    await state.clear()
    delivered = await notifier.tell_member(member_id, lambda texts: texts("support-reply", ticket=ticket_id, text=text))
    await message.answer(t("support-reply-sent" if delivered else "support-reply-undelivered", ticket=ticket_id))
