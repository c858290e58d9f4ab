"""Invite friends: the member's personal link for this messenger, a share button, and their referral stats."""

from __future__ import annotations

from urllib.parse import quote

from aiogram import Bot, Router
from aiogram.types import Message
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.filters import Action, IsMember
from locales import Texts
from loyalty.club import Club
from loyalty.referrals import referral_stats
from models import Member

router = Router(name=__name__)
router.message.filter(IsMember())

# Where a bot's deep link points on each messenger; both take `?start=<payload>`.
LINK_BASE = {"telegram": "https://t.me/", "bale": "https://ble.ir/"}


def invite_link(platform: str, bot_username: str, referral_code: str) -> str:
    return f"{LINK_BASE.get(platform, LINK_BASE['telegram'])}{bot_username}?start=ref_{referral_code}"


@router.message(Action("invite", "menu-invite"))
async def invite(
    message: Message, bot: Bot, session: AsyncSession, club: Club, platform: str, member: Member, t: Texts
) -> None:
    me = await bot.me()
    link = invite_link(platform, me.username or "", member.referral_code)
    stats = await referral_stats(session, member.id)
    referral = club.config.referral
    text = "\n".join(
        [
            t(
                "invite-offer",
                referrer=referral.referrer_bonus,
                friend=referral.friend_bonus,
                amount=t.number(referral.min_first_purchase),
                currency=t.currency(club.config.club.currency),
            ),
            t("invite-link", link=link),
            t("invite-stats", joined=stats.joined, qualified=stats.qualified, points=stats.points_earned),
        ]
    )
    builder = InlineKeyboardBuilder()
    if platform == "telegram":  # Bale has no share-URL screen; its members copy the link
        share = t.plain("invite-share-text", club=club.config.club.name.get(t.lang))
        builder.button(text=t.plain("btn-share"), url=f"https://t.me/share/url?url={quote(link)}&text={quote(share)}")
    await message.answer(text, reply_markup=builder.as_markup() if platform == "telegram" else None)
