"""The sandbox page in a real browser (Debian's Chromium through Playwright): the whole story, as a person plays it.

Screenshots of each step go to test-artifacts/sandbox/. In CI (CI=true) this test never skips: `.ci/run`
installs Chromium with apt-get and Playwright with the test extras.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.sandbox import Sandbox

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "sandbox"

try:
    from playwright.async_api import Browser, Locator, Page, async_playwright, expect
except ImportError:  # pragma: no cover - only outside CI
    if IN_CI:
        raise
    pytest.skip("playwright is not installed (pip install -e '.[test]')", allow_module_level=True)

if not CHROMIUM.exists():  # pragma: no cover - only outside CI
    if IN_CI:
        pytest.fail(f"{CHROMIUM} is missing: .ci/run installs it (apt-get install chromium)", pytrace=False)
    pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)", allow_module_level=True)


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        await launched.close()


@pytest.fixture
def shots() -> Path:
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True)
    return ARTIFACTS


class Player:
    """A person at the page: picks who they are, types, taps buttons, and takes screenshots."""

    def __init__(self, page: Page, shots: Path) -> None:
        self.page, self.shots, self.step = page, shots, 0

    async def be(self, persona: str) -> None:
        await self.page.locator(f'[data-persona="{persona}"]').click()
        await expect(self.page.locator(f'[data-persona="{persona}"]')).to_have_attribute("aria-current", "true")

    async def send(self, text: str) -> None:
        await self.page.locator("#text").fill(text)
        await self.page.locator("#text").press("Enter")

    async def tap(self, text: str) -> None:
        """An inline button in the newest bot message showing it."""
        await self.page.locator(".msg.bot .inline button", has_text=text).last.click()

    async def reply(self, text: str) -> None:
        """A reply-keyboard button under the input field, once the bot shows it (never a stale keyboard's)."""
        await self.page.locator(".keyboard button", has_text=text).click()

    async def sees(self, text: str | re.Pattern[str]) -> None:
        await expect(self.page.locator(".msg.bot").last).to_contain_text(text)

    async def loaded(self, image: Locator) -> None:
        """The image was downloaded from the page's file route and decoded."""
        handle = await image.element_handle()
        await self.page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=handle)

    async def shot(self, name: str) -> None:
        self.step += 1
        await self.page.screenshot(path=self.shots / f"{self.step:02d}-{name}.png", full_page=True)


async def test_the_whole_story_in_the_browser(sandbox: Sandbox, browser: Browser, shots: Path) -> None:
    expect.set_options(timeout=15_000)
    page = await browser.new_page(viewport={"width": 1100, "height": 820})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    me = Player(page, shots)

    await page.goto(sandbox.url + "?lang=en")
    await expect(page.locator("html")).to_have_attribute("dir", "ltr")
    await expect(page.locator("#title")).to_have_text("Customer Club")
    await me.be("sara")
    await me.shot("start")

    # A customer joins: language, the contact-share button, suggested name, no birthday, no offers.
    await me.send("/start")
    await me.tap("English")
    await expect(page.locator(".keyboard button.contact")).to_be_visible()
    await me.shot("contact-button")
    await page.locator(".keyboard button.contact").click()
    await expect(page.locator(".msg.me.kind-contact")).to_contain_text("+989121000101")
    await me.reply("سارا احمدی")  # the name from the Telegram profile
    await me.reply("Skip")  # no birthday
    await me.reply("No, thanks")  # no offers
    await me.sees("1001")
    await me.shot("joined")

    # The cashier records a purchase from the command menu's /purchase; the customer's tab lights up.
    await me.be("cashier")
    await page.locator("#menu-button").click()
    await expect(page.locator('#menu [data-command="purchase"]')).to_be_visible()
    await expect(page.locator('#menu [data-command="staff"]')).to_have_count(0)
    await me.shot("cashier-menu")
    await page.locator("#menu-button").click()
    await me.send("/purchase 1001 2500000")
    await me.sees("+250")
    await expect(page.locator('[data-persona="sara"] .badge')).to_have_text("1")
    await me.shot("purchase")

    # The customer sees the notification, then claims a reward and gets a voucher QR.
    await me.be("sara")
    await me.sees(re.compile(r"You earned 250 points"))
    await expect(page.locator(".msg.bot").last.locator("b")).to_have_text("250")
    await me.send("/rewards")
    await me.tap("A free coffee")
    await me.tap("✅")
    voucher = page.locator(".msg.bot.kind-photo").last
    await expect(voucher).to_contain_text("cashier:")
    await me.loaded(voucher.locator("img"))
    await me.shot("voucher")

    # The cashier picks /redeem from the command menu and "scans" the QR: Sara's photo, sent as the cashier.
    await me.be("cashier")
    await page.locator("#menu-button").click()
    await page.locator('#menu [data-command="redeem"]').click()
    await me.sees("voucher code")
    await me.be("sara")
    await page.locator(".msg.bot.kind-photo").last.locator(".forward select").select_option("cashier")
    await expect(page.locator('[data-persona="cashier"]')).to_have_attribute("aria-current", "true")
    await expect(page.locator(".msg.me.kind-photo img")).to_be_visible()
    await me.sees("Give: A free coffee")
    await me.shot("redeemed")
    await me.be("sara")
    await me.sees("was used")

    # The owner's statistics chart, and the whole page in Persian, right to left.
    await page.locator('[data-lang="fa"]').click()
    await expect(page.locator("html")).to_have_attribute("dir", "rtl")
    await me.be("owner")
    await me.send("/stats")
    await page.locator(".msg.bot").last.locator(".inline button").first.click()  # the first period offered
    chart = page.locator(".msg.bot.kind-photo img").last
    await me.loaded(chart)
    await me.shot("owner-stats-persian")
    assert errors == []
