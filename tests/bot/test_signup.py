"""Joining through the real bot: every language, referral links, and each wrong answer along the way."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from loyalty.club import Club
from models import LedgerEntry, Member, Referral, SignupDraft
from tests.harness import Harness


def _plain(html_text: str) -> str:
    return html_text.replace("<b>", "").replace("</b>", "")


async def _members(club: Club) -> list[Member]:
    async with club.db.sessions() as session:
        return list(await session.scalars(select(Member).order_by(Member.id)))


@pytest.mark.parametrize(
    ("lang", "button", "birthday", "expected_calendar"),
    [
        ("fa", "فارسی", "۱۳۷۰/۰۵/۲۳", "jalali"),
        ("en", "English", "1991-08-14", "gregorian"),
        ("tr", "Türkçe", "1991/08/14", "gregorian"),
    ],
)
async def test_full_signup_in_each_language(
    harness: Harness, lang: str, button: str, birthday: str, expected_calendar: str
) -> None:
    user = harness.user(501, first_name="Sara", last_name="Ahmadi")
    await user.send("/start")
    assert user.last.buttons == ["فارسی", "English", "Türkçe"]
    await user.press(button)
    contact_button = user.reply_keyboard[0]
    assert contact_button.get("request_contact") is True
    await user.send_contact("989121234567")
    await user.press_reply("Sara Ahmadi")
    await user.send(birthday)
    consent_yes = user.reply_keyboard[0]["text"]
    await user.press_reply(consent_yes)

    [member] = await _members(harness.club)
    assert (member.language, member.calendar, member.phone, member.name) == (
        lang,
        expected_calendar,
        "+989121234567",
        "Sara Ahmadi",
    )
    assert member.birthday_calendar == expected_calendar and member.marketing_consent
    assert member.balance == harness.club.config.earn.signup_bonus
    welcome = user.last.text or ""
    bonus_line = harness.dispatcher["translator"].text(lang, "signup-bonus", points=member.balance)
    assert _plain(bonus_line) in welcome
    menu = [button["text"] for button in user.reply_keyboard]
    assert len(menu) == 8
    if lang == "fa":
        assert "۱۰۰۱" in welcome  # member number in Persian digits
    else:
        assert "1001" in welcome


async def sign_up(harness: Harness, user_id: int, *, start: str = "/start", lang: str = "English") -> None:
    """The happy path, used by tests about what comes after joining."""
    user = harness.user(user_id, first_name=f"User{user_id}", last_name=None, language_code="en")
    await user.send(start)
    await user.press(lang)
    await user.send_contact(f"98912{user_id:07d}")
    await user.press_reply(f"User{user_id}")
    await user.press_reply(user.reply_keyboard[0]["text"])  # skip the birthday
    await user.press_reply(user.reply_keyboard[1]["text"])  # no marketing


async def test_start_again_as_member_shows_menu_and_never_a_second_bonus(harness: Harness) -> None:
    await sign_up(harness, 601)
    user = harness.user(601)
    await user.send("/start")
    await user.send("/start ref_ABCDEFGH")
    assert "already a member" in (user.last.text or "")
    async with harness.club.db.sessions() as session:
        bonuses = await session.scalar(select(func.count()).where(LedgerEntry.kind == "signup"))
    assert bonuses == 1
    assert len(await _members(harness.club)) == 1


async def test_referral_link_records_the_referrer(harness: Harness) -> None:
    await sign_up(harness, 602)
    [referrer] = await _members(harness.club)
    await sign_up(harness, 603, start=f"/start ref_{referrer.referral_code}")
    async with harness.club.db.sessions() as session:
        referral = await session.scalar(select(Referral))
    assert referral is not None and referral.referrer_id == referrer.id and referral.status == "pending"
    assert "A friend invited you" in (harness.user(603).last.text or "")


@pytest.mark.parametrize("payload", ["ref_ZZZZZZZZ", "ref_" + "A" * 200, "<b>oops</b>", "ref_$$$"])
async def test_unknown_or_garbage_referral_payload_is_ignored_politely(harness: Harness, payload: str) -> None:
    await sign_up(harness, 604, start=f"/start {payload}")
    async with harness.club.db.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Referral)) == 0
    assert len(await _members(harness.club)) == 1


async def test_own_referral_code_is_refused(harness: Harness) -> None:
    await sign_up(harness, 605)
    [member] = await _members(harness.club)
    user = harness.user(605)
    await user.send(f"/start ref_{member.referral_code}")
    async with harness.club.db.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Referral)) == 0


async def test_wrong_answers_change_nothing(harness: Harness) -> None:
    user = harness.user(606, language_code="en")
    await user.send("/start")
    await user.send("hello")  # text where a language button was expected
    assert user.last.buttons == ["فارسی", "English", "Türkçe"]
    await user.press("English")
    await user.send("+989121112233")  # a typed number is not a verified contact
    assert "button" in (user.messages[-2].text or "")
    await user.send_contact("989121112233", user_id=999)  # someone else's contact
    assert "not yours" in (user.last.text or "")
    await user.send_contact("989121112233", user_id=None)
    assert "not yours" in (user.last.text or "")
    async with harness.club.db.sessions() as session:
        draft = await session.scalar(select(SignupDraft))
    assert draft is not None and draft.phone is None
    await user.send_contact("989121112233")
    await user.send("x" * 65)
    assert "1 to 64" in (user.last.text or "")
    await user.send("Ali")
    await user.send("1991-02-30")
    assert "does not exist" in (user.last.text or "")
    await user.send("tomorrow")
    assert "year/month/day" in (user.last.text or "")
    await user.send("1991-02-28")
    await user.send("maybe")
    assert "buttons" in (user.last.text or "")
    assert await _members(harness.club) == []
    await user.press_reply(user.reply_keyboard[0]["text"])
    [member] = await _members(harness.club)
    assert (member.name, member.birthday_month, member.birthday_day, member.birthday_year) == ("Ali", 2, 28, 1991)


async def test_signup_resumes_after_a_restart(harness: Harness, bot_club: Club) -> None:
    user = harness.user(607, language_code="en")
    await user.send("/start")
    await user.press("English")
    await user.send_contact("989121112244")
    await harness.dispatcher.stop_polling()
    from tests.harness import run_bot

    async with run_bot(bot_club) as restarted:
        again = restarted.user(607, language_code="en")
        await again.send("/start")
        assert "What should we call you" in (again.last.text or "")
        await again.send("Reza")
        await again.press_reply(again.reply_keyboard[0]["text"])
        await again.press_reply(again.reply_keyboard[0]["text"])
    [member] = await _members(bot_club)
    assert (member.name, member.phone) == ("Reza", "+989121112244")


async def test_cancel_forgets_an_unfinished_signup(harness: Harness) -> None:
    user = harness.user(608, language_code="en")
    await user.send("/start")
    await user.press("English")
    await user.send("/cancel")
    async with harness.club.db.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(SignupDraft)) == 0
    await user.send("/card")
    assert "Send /start" in (user.last.text or "")
