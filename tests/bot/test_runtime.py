"""The bot's runtime: command menus per language, flood control, and what the bot answers strangers."""

from __future__ import annotations

from bot.commands import CUSTOMER_COMMANDS
from bot.middlewares import ThrottleMiddleware
from loyalty.club import Club
from tests.harness import Harness, run_bot


async def test_command_menu_is_registered_in_every_language(harness: Harness) -> None:
    english = [command["command"] for command in harness.api.commands(language_code="en")]
    assert english == list(CUSTOMER_COMMANDS) and "start" in english and "cancel" in english
    persian = {command["command"]: command["description"] for command in harness.api.commands(language_code="fa")}
    assert persian["card"] != {c["command"]: c["description"] for c in harness.api.commands(language_code="en")}["card"]
    assert harness.api.commands() == harness.api.commands(language_code="fa")  # the club's default language


async def test_a_flooding_user_is_throttled_without_slowing_others(bot_club: Club) -> None:
    async with run_bot(bot_club, throttle=ThrottleMiddleware(rate=3, period=60)) as harness:
        flooder = harness.user(801, language_code="en")
        for _ in range(10):
            await flooder.send("/help", wait=False)
        await harness.api.settle()
        texts = flooder.texts()
        assert len(texts) == 4  # three answers, then one "slow down" and silence
        assert texts[-1] == "You are sending messages very fast. Please wait a few seconds."
        calm = harness.user(802, language_code="en")
        await calm.send("/help")
        assert "Send /start" in (calm.last.text or "")


async def test_a_stranger_is_asked_to_join(harness: Harness) -> None:
    stranger = harness.user(803, language_code="tr")
    await stranger.send("/card")
    assert stranger.last.text == harness.dispatcher["translator"].text("tr", "join-first")
