"""The HTTP server's other duties: health when the database is down, mounting pages, purchase news in the
chat, the api-key command, and the Telegram proxy setting."""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from typer.testing import CliRunner

from bot.cli import app as cli
from bot.fakebotapi import FakeBotAPI
from bot.http import build_http_app, mount
from bot.runtime import ClubBot
from loyalty.apiclients import client_by_key, create_api_client
from loyalty.club import Club
from loyalty.config import ClubConfig
from models.database import Database
from tests.bot.test_signup import sign_up
from tests.harness import TOKEN, Harness


async def test_health_is_503_when_the_database_is_unreachable(config: ClubConfig) -> None:
    database = Database("postgresql+asyncpg://nobody@127.0.0.1:1/none")
    try:
        async with TestClient(TestServer(build_http_app(Club(db=database, config=config)))) as client:
            response = await client.get("/healthz")
            assert response.status == 503 and (await response.json())["database"] == "unreachable"
    finally:
        await database.close()


async def test_a_page_mounted_at_the_root_leaves_the_club_routes_alone(bot_club: Club) -> None:
    page = web.Application()

    async def index(request: web.Request) -> web.Response:
        return web.Response(text="sandbox")

    page.router.add_get("/", index)
    page.router.add_get("/chat", index)
    app = build_http_app(bot_club)
    mount(app, page)
    async with TestClient(TestServer(app)) as client:
        assert await (await client.get("/")).text() == "sandbox"
        assert await (await client.get("/chat")).text() == "sandbox"
        assert (await client.get("/healthz")).status == 200
        assert (await client.get("/api/v1/members/1")).status == 401
        assert (await client.get("/nothing")).status == 404


async def test_an_api_purchase_is_announced_in_the_members_chat(harness: Harness) -> None:
    await sign_up(harness, 611)
    key = (await create_api_client(harness.club, "web-shop")).key
    app = build_http_app(harness.club, notifier=harness.dispatcher["notifier"])
    async with TestClient(TestServer(app)) as client:
        response = await client.post(
            "/api/v1/purchases",
            json={"member": "1001", "amount": 300_000, "receipt": "W-9"},
            headers={"Authorization": f"Bearer {key}"},
        )
        assert response.status == 201
    user = harness.user(611)
    assert "30" in (user.last.text or "") and "300,000" in (user.last.text or "")


def test_api_key_create_prints_the_key_once_on_its_own_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BASHGAH_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    created = runner.invoke(cli, ["api-key", "create", "till-1", "--rate", "60"])
    assert created.exit_code == 0, created.output
    key = created.stdout.strip().splitlines()[-1]
    assert key.startswith("bgk_") and len(key) > 40
    assert runner.invoke(cli, ["apikey", "create", "till-1"]).exit_code == 2  # names are unique
    listed = runner.invoke(cli, ["api-key", "list"])
    assert "till-1" in listed.stdout and key not in listed.stdout
    assert runner.invoke(cli, ["api-key", "revoke", "till-1"]).exit_code == 0

    async def lookup() -> object:
        database = Database(f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}")
        try:
            async with database.sessions() as session:
                return await client_by_key(session, key)
        finally:
            await database.close()

    assert asyncio.run(lookup()) is None  # revoked


class ConnectProxy:
    """An HTTP CONNECT proxy on loopback that counts the tunnels it opened."""

    def __init__(self) -> None:
        self.tunnels: list[str] = []
        self.server: asyncio.Server | None = None

    async def start(self) -> str:
        self.server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        port = self.server.sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}"

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        request = (await reader.readuntil(b"\r\n\r\n")).decode()
        method, target, _ = request.split(" ", 2)
        if method != "CONNECT":
            writer.close()
            return
        self.tunnels.append(target)
        host, port = target.rsplit(":", 1)
        upstream_reader, upstream_writer = await asyncio.open_connection(host, int(port))
        writer.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
        await writer.drain()

        async def pipe(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
            with contextlib.suppress(ConnectionError):
                while data := await source.read(65536):
                    sink.write(data)
                    await sink.drain()
            sink.close()

        await asyncio.gather(pipe(reader, upstream_writer), pipe(upstream_reader, writer))

    async def stop(self) -> None:
        if self.server is not None:
            self.server.close()


async def test_the_telegram_bot_talks_through_the_configured_proxy() -> None:
    proxy = ConnectProxy()
    proxy_url = await proxy.start()
    async with FakeBotAPI(TOKEN, username="proxied_bot") as api:
        bot = ClubBot(TOKEN, platform="telegram", api_base=api.base_url, proxy=proxy_url)
        try:
            me = await bot.get_me()
        finally:
            await bot.session.close()
        assert me.username == "proxied_bot"
        assert proxy.tunnels == [api.base_url.removeprefix("http://")]
        direct = ClubBot(TOKEN, platform="bale", api_base=api.base_url)  # Bale never uses the Telegram proxy
        try:
            await direct.get_me()
        finally:
            await direct.session.close()
        assert len(proxy.tunnels) == 1
    await proxy.stop()


def test_bashgah_telegram_proxy_reaches_only_the_telegram_bot() -> None:
    from bot.runtime import make_bots
    from bot.settings import Settings

    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, telegram_token="1:a", bale_token="2:b", telegram_proxy="socks5://127.0.0.1:1080"
    )
    telegram, bale = make_bots(settings)
    assert (telegram.platform, telegram.session.proxy) == ("telegram", "socks5://127.0.0.1:1080")  # type: ignore[attr-defined]
    assert (bale.platform, bale.session.proxy) == ("bale", None)  # type: ignore[attr-defined]
