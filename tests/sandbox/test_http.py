"""The sandbox page's JSON endpoints, played through the whole story: join, buy, hear, claim, redeem."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from bot.fakebotapi import FakeBotAPI
from bot.sandbox import Sandbox, sandbox_app
from handlers.qr import qr_png

HEADERS = {"X-Bashgah-Sandbox": "1"}


class PageChat:
    """One persona's chat, driven the way the page's JavaScript drives it."""

    def __init__(self, http: aiohttp.ClientSession, base: str, key: str, lang: str = "en") -> None:
        self.http, self.base, self.key, self.lang = http, base, key, lang
        self.state: dict[str, Any] = {}

    async def post(self, action: str, body: dict[str, Any]) -> dict[str, Any]:
        url = f"{self.base}api/chats/{self.key}/{action}"
        async with self.http.post(url, json={**body, "lang": self.lang}, headers=HEADERS) as response:
            assert response.status == 200, await response.text()
            self.state = await response.json()
        assert self.state["settled"] is True
        return self.state

    async def send(self, text: str) -> dict[str, Any]:
        return await self.post("messages", {"text": text})

    async def share_contact(self) -> dict[str, Any]:
        return await self.post("contact", {})

    async def press(self, text: str) -> dict[str, Any]:
        """Press the inline button whose text starts with `text`, in the newest message showing one."""
        for message in reversed(self.messages):
            for button in (b for row in message["buttons"] for b in row):
                if button["text"].startswith(text) and "data" in button:
                    return await self.post("press", {"message_id": message["id"], "data": button["data"]})
        raise AssertionError(f"no button {text!r} in {self.messages}")

    async def reload(self) -> dict[str, Any]:
        async with self.http.get(f"{self.base}api/chats/{self.key}?since=-1&lang={self.lang}") as response:
            self.state = await response.json()
        return self.state

    @property
    def messages(self) -> list[dict[str, Any]]:
        return list(self.state["chat"]["messages"])

    @property
    def last(self) -> str:
        return str(self.messages[-1]["html"])

    @property
    def reply_buttons(self) -> list[dict[str, Any]]:
        keyboard = self.state["chat"]["keyboard"]
        return [button for row in keyboard["rows"] for button in row] if keyboard else []


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


async def join(chat: PageChat) -> None:
    """Sign up through the page in English: language, contact button, suggested name, no birthday, no offers."""
    await chat.send("/start")
    await chat.press("English")
    assert [button["contact"] for button in chat.reply_buttons] == [True]
    await chat.share_contact()
    await chat.send(chat.reply_buttons[0]["text"])  # the name the bot suggests from the profile
    await chat.send(chat.reply_buttons[0]["text"])  # skip the birthday
    await chat.send(chat.reply_buttons[1]["text"])  # no marketing messages


async def test_the_whole_story_through_the_page_endpoints(sandbox: Sandbox, http: aiohttp.ClientSession) -> None:
    sara = PageChat(http, sandbox.url, "sara")
    cashier = PageChat(http, sandbox.url, "cashier")
    await join(sara)
    assert "1001" in sara.last
    assert [m["html"] for m in sara.messages if m["kind"] == "contact"] == ["+989121000101"]
    assert sara.reply_buttons, "the member menu is shown after joining"

    await cashier.send("/purchase 1001 2500000 R-1")
    assert "+250" in cashier.last
    await sara.reload()
    assert "You earned <b>250</b> points" in sara.last
    assert cashier.state["counts"]["sara"] == len([m for m in sara.messages if m["from"] == "bot"])

    await sara.send("/rewards")
    await sara.press("A free coffee")
    await sara.press("✅")
    voucher = sara.messages[-1]
    assert voucher["kind"] == "photo" and voucher["file"]["url"].startswith("files/")
    code = re.search(r"cashier: (\S+)", voucher["html"])
    assert code is not None
    async with http.get(sandbox.url + voucher["file"]["url"]) as response:
        assert response.status == 200 and response.content_type == "image/png"
        assert (await response.read()).startswith(b"\x89PNG")

    await cashier.send(f"/redeem {code.group(1)}")
    assert "Give: <b>A free coffee</b>" in cashier.last
    await sara.reload()
    assert "was used" in sara.last


async def test_persian_page_escapes_what_members_type(sandbox: Sandbox, http: aiohttp.ClientSession) -> None:
    reza = PageChat(http, sandbox.url, "reza", lang="fa")
    await reza.send("/start")
    assert reza.state["chat"]["commands"][0]["description"] != "Join the club or show the menu"  # Persian menu
    await reza.press("فارسی")
    await reza.share_contact()
    await reza.send("<img src=x onerror=alert(1)> & Co")
    assert reza.messages[-2]["html"] == "&lt;img src=x onerror=alert(1)&gt; &amp; Co"  # their own message
    await reza.send(reza.reply_buttons[0]["text"])  # skip the birthday
    await reza.send(reza.reply_buttons[1]["text"])  # no marketing messages
    assert "۱۰۰۱" in reza.last  # member number in Persian digits

    cashier = PageChat(http, sandbox.url, "cashier")
    await cashier.send("/purchase 1001 100000")
    assert "(&lt;img src=x onerror=alert(1)&gt; &amp; Co)" in cashier.last  # the bot's echo of the name


async def test_staff_menus_photos_and_long_polling(sandbox: Sandbox, http: aiohttp.ClientSession) -> None:
    owner, cashier, emma = (PageChat(http, sandbox.url, key) for key in ("owner", "cashier", "emma"))
    menus = {}
    for chat in (owner, cashier, emma):
        await chat.reload()
        menus[chat.key] = {command["command"] for command in chat.state["chat"]["commands"]}
    assert {"staff", "stats", "purchase"} <= menus["owner"]
    assert "purchase" in menus["cashier"] and "staff" not in menus["cashier"]
    assert "purchase" not in menus["emma"] and "start" in menus["emma"]

    # A long poll with nothing new answers after its wait, with the same version…
    version = emma.state["version"]
    async with http.get(f"{sandbox.url}api/chats/emma?since={version}&wait=0.2") as response:
        assert (await response.json())["version"] == version
    # …and returns as soon as another persona's action changes something, long before its 20 s.
    async with asyncio.timeout(10):
        poll = asyncio.ensure_future(http.get(f"{sandbox.url}api/chats/emma?since={version}&wait=20"))
        await cashier.send("/purchase")
        async with await poll as response:
            assert (await response.json())["version"] > version

    form = aiohttp.FormData()
    form.add_field("photo", qr_png("not a member"), filename="scan.png", content_type="image/png")
    form.add_field("lang", "en")
    async with http.post(f"{sandbox.url}api/chats/cashier/photo", data=form, headers=HEADERS) as response:
        state = await response.json()
    sent = [m for m in state["chat"]["messages"] if m["from"] == "me" and m["kind"] == "photo"]
    assert sent and sent[0]["file"]["width"] > 0

    await owner.send("/export")
    await owner.press("")  # the first file offered
    exports = [m for m in owner.messages if m["kind"] == "document"]
    assert exports, owner.messages
    async with http.get(sandbox.url + exports[0]["file"]["url"]) as response:
        assert response.status == 200 and "attachment" in response.headers["Content-Disposition"]


async def test_page_refuses_what_it_should(sandbox: Sandbox, http: aiohttp.ClientSession) -> None:
    base = sandbox.url
    async with http.post(f"{base}api/chats/sara/messages", json={"text": "hi"}) as response:
        assert response.status == 403  # no X-Bashgah-Sandbox header: a cross-site form cannot post
    async with http.post(f"{base}api/chats/nobody/messages", json={"text": "hi"}, headers=HEADERS) as response:
        assert response.status == 404
    async with http.post(f"{base}api/chats/sara/messages", json={"text": " "}, headers=HEADERS) as response:
        assert response.status == 400
    async with http.post(f"{base}api/chats/sara/press", json={"message_id": 99, "data": "x"}, headers=HEADERS) as r:
        assert r.status == 409
    async with http.get(f"{base}files/nope") as response:
        assert response.status == 404
    async with http.get(f"{base}static/../web.py") as response:
        assert response.status == 404
    async with http.get(base) as response:
        page = await response.text()
        assert response.status == 200 and "static/app.js" in page
        assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    for name in ("app.js", "style.css"):
        async with http.get(f"{base}static/{name}") as response:
            assert response.status == 200


def test_the_page_fetches_nothing_from_elsewhere() -> None:
    """No CDN, no web fonts: every URL in the page's own files is relative (it works offline)."""
    static = Path(__file__).resolve().parents[2] / "bot" / "sandbox" / "static"
    for path in static.iterdir():
        assert not re.search(r"(src|href)=\"(https?:)?//|url\(|@import|https?://", path.read_text()), path


async def test_the_page_mounts_under_a_prefix_of_another_server(http: aiohttp.ClientSession) -> None:
    """The one HTTP server can host the page at any prefix: the page only uses relative URLs."""
    async with FakeBotAPI("1:t") as api:
        root = web.Application()
        root.add_subapp("/sandbox/", sandbox_app(api))
        runner = web.AppRunner(root)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        base = f"http://127.0.0.1:{runner.addresses[0][1]}/sandbox/"
        try:
            async with http.get(base) as response:
                assert response.status == 200 and 'src="static/app.js"' in await response.text()
            async with http.get(base + "static/app.js") as response:
                assert response.status == 200
            async with http.get(base + "api/personas") as response:
                assert [p["role"] for p in (await response.json())["personas"]].count("customer") == 3
        finally:
            await runner.cleanup()


async def test_the_sandbox_is_served_by_the_one_http_server(sandbox: Sandbox, http: aiohttp.ClientSession) -> None:
    async with http.get(sandbox.url + "healthz") as health:
        assert (health.status, await health.json()) == (200, {"status": "ok", "database": "ok"})
    async with http.get(sandbox.url + "api/v1/openapi.json") as document:
        assert document.status == 200 and "/purchases" in (await document.json())["paths"]
    async with http.get(sandbox.url) as page:
        assert page.status == 200 and "<html" in (await page.text()).lower()
