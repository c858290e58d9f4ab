"""The user blocked or restarted the bot (`my_chat_member` in a private chat): stop or resume club messages.

Telegram sends this update when a user blocks the bot (status "kicked") and when they unblock or restart it
("member"). Bale does not send it; there a failed send (403) marks the account instead (`bot.notifier`).
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.enums import ChatType
from aiogram.filters import JOIN_TRANSITION, LEAVE_TRANSITION, ChatMemberUpdatedFilter
from aiogram.types import ChatMemberUpdated

from loyalty.club import Club
from loyalty.contacts import mark_reachable, mark_unreachable

router = Router(name=__name__)
router.my_chat_member.filter(F.chat.type == ChatType.PRIVATE)


@router.my_chat_member(ChatMemberUpdatedFilter(LEAVE_TRANSITION))
async def bot_blocked(event: ChatMemberUpdated, club: Club, platform: str) -> None:
    await mark_unreachable(club, platform, event.from_user.id)


@router.my_chat_member(ChatMemberUpdatedFilter(JOIN_TRANSITION))
async def bot_unblocked(event: ChatMemberUpdated, club: Club, platform: str) -> None:
    await mark_reachable(club, platform, event.from_user.id)
