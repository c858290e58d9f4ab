"""/link: use one membership from both messengers.

A member types /link and gets a one-time code; on the other messenger, before joining there, they type
`/link CODE` and that account becomes part of the same membership (loyalty.linking).
"""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import Message

from handlers.keyboards import main_menu
from locales import Texts
from loyalty.club import Club
from loyalty.errors import AccountAlreadyMember, MemberBlocked
from loyalty.linking import CODE_MINUTES, issue_link_code, link_account
from models import Member

router = Router(name=__name__)

OTHER_PLATFORM = {"telegram": "bale", "bale": "telegram"}


@router.message(Command("link"))
async def link(
    message: Message, command: CommandObject, club: Club, platform: str, member: Member | None, t: Texts
) -> None:
    code = (command.args or "").strip()
    if member is not None:
        if member.status != "active":
            raise MemberBlocked()
        if code:
            raise AccountAlreadyMember()
        issued = await issue_link_code(club, member_id=member.id, platform=platform)
        other = t.plain(f"platform-{OTHER_PLATFORM.get(platform, 'bale')}")
        await message.answer(t("link-code", code=issued.code, minutes=CODE_MINUTES, other=other))
        return
    if not code:
        await message.answer(t("link-ask-code"))
        return
    assert message.from_user is not None
    result = await link_account(
        club, platform=platform, user_id=message.from_user.id, chat_id=message.chat.id, code=code
    )
    await message.answer(
        t("link-done", number=t.digits(result.number), balance=result.balance), reply_markup=main_menu(t)
    )
