"""The sandbox in one process: a fake Bot API server on loopback, the real bot polling it, and the chat page.

With no messenger token the club can still be tried end to end: the bot is the production bot (same
Dispatcher, handlers, database and scheduler); only the messenger is replaced by `bot.fakebotapi`. The
database is a fresh SQLite file in a temporary directory unless `BASHGAH_DATABASE_URL` is set, and the club
file's staff gain the sandbox's owner and cashier personas.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import shutil
import signal
import tempfile
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from aiohttp import web

from bot.fakebotapi import FakeBotAPI
from bot.http import build_http_app, mount
from bot.middlewares import ThrottleMiddleware
from bot.runtime import ClubBot, build_dispatcher, prepare_bot
from bot.sandbox.personas import PERSONAS, Persona, owner_ids
from bot.sandbox.web import sandbox_app
from bot.settings import Settings
from bot.startup import open_club
from loyalty.club import Club
from loyalty.staff import set_staff, staff_role
from scheduler.service import attach_scheduler

log = logging.getLogger(__name__)

TOKEN = "100000001:sandbox-token"
BOT_USERNAME = "bashgah_sandbox_bot"


@dataclass(frozen=True)
class Sandbox:
    """A running sandbox: `url` is the page; `api` the fake server the bot polls."""

    url: str
    api: FakeBotAPI
    club: Club
    database_url: str


@contextlib.asynccontextmanager
async def open_sandbox(
    settings: Settings,
    *,
    personas: Sequence[Persona] = PERSONAS,
    port: int | None = None,
    scheduler: bool = True,
    throttle: ThrottleMiddleware | None = None,
) -> AsyncIterator[Sandbox]:
    """Start everything, yield the running sandbox, and stop it all cleanly.

    `port` overrides `settings.http_port` (0 picks a free port); `throttle` replaces the production flood
    control (tests tap faster than a person can).
    """
    data_dir: Path | None = None
    if "database_url" not in settings.model_fields_set:
        data_dir = Path(tempfile.mkdtemp(prefix="bashgah-sandbox-"))
        settings = settings.model_copy(update={"database_url": f"sqlite+aiosqlite:///{data_dir / 'sandbox.db'}"})
    try:
        async with (
            _club(settings, personas) as club,
            _serving(settings, club, personas, port, scheduler, throttle) as sandbox,
        ):
            yield sandbox
    finally:
        if data_dir is not None:
            shutil.rmtree(data_dir, ignore_errors=True)


async def run_sandbox(settings: Settings, *, announce: Callable[[str], None] = print) -> None:
    """Run the sandbox until interrupted (Ctrl-C or SIGTERM), announcing the page's URL once it is up."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    with contextlib.suppress(NotImplementedError):  # no signal handlers on some platforms
        loop.add_signal_handler(signal.SIGTERM, stop.set)
    async with open_sandbox(settings) as sandbox:
        announce(f"Sandbox chat: {sandbox.url}  (fake Bot API at {sandbox.api.base_url}; Ctrl-C stops)")
        await stop.wait()


@contextlib.asynccontextmanager
async def _club(settings: Settings, personas: Sequence[Persona]) -> AsyncIterator[Club]:
    opened = await open_club(settings)
    try:
        staff = opened.config.staff
        owners = [*staff.telegram_owner_ids, *owner_ids(personas)]
        config = opened.config.model_copy(update={"staff": staff.model_copy(update={"telegram_owner_ids": owners})})
        club = Club(db=opened.db, config=config, clock=opened.clock)
        for persona in personas:
            if persona.role != "cashier":
                continue
            role = await club.db.read(
                partial(staff_role, config=club.config, platform="telegram", user_id=persona.user_id)
            )
            if role is None:
                name = f"{persona.first_name} {persona.last_name}"
                await set_staff(
                    club, platform="telegram", user_id=persona.user_id, role="cashier", name=name, actor="sandbox"
                )
        yield club
    finally:
        await opened.db.close()


@contextlib.asynccontextmanager
async def _serving(
    settings: Settings,
    club: Club,
    personas: Sequence[Persona],
    port: int | None,
    scheduler: bool,
    throttle: ThrottleMiddleware | None,
) -> AsyncIterator[Sandbox]:
    api = FakeBotAPI(TOKEN, username=BOT_USERNAME, first_name=club.config.club.name.en)
    await api.start()
    bot = ClubBot(TOKEN, platform="telegram", api_base=api.base_url)
    dispatcher = build_dispatcher(club, bots=[bot], throttle=throttle)
    # The one HTTP server of every mode (/healthz, /api/v1/…), with the sandbox page at /.
    app = build_http_app(club, notifier=dispatcher["notifier"])
    mount(app, sandbox_app(api, personas, titles=club.config.club.name.model_dump()))
    if scheduler:
        attach_scheduler(dispatcher, club, {"telegram": bot}, dispatcher["translator"])
    runner = web.AppRunner(app, handler_cancellation=True, shutdown_timeout=1.0, access_log=None)
    polling: asyncio.Task[None] | None = None
    try:
        await prepare_bot(bot, dispatcher)
        # One update at a time: a confirmed update is a handled one, so the page can answer after the bot.
        polling = asyncio.create_task(
            dispatcher.start_polling(bot, handle_as_tasks=False, handle_signals=False, polling_timeout=25)
        )
        await api.wait_for_poll(timeout=30)
        await runner.setup()
        host = settings.http_host
        await web.TCPSite(runner, host, settings.http_port if port is None else port).start()
        bound = runner.addresses[0][1]
        shown_host = f"[{host}]" if ":" in host else host
        yield Sandbox(f"http://{shown_host}:{bound}/", api, club, settings.database_url)
    finally:
        await runner.cleanup()
        if polling is not None:
            with contextlib.suppress(RuntimeError):  # polling already stopped
                await dispatcher.stop_polling()
            await polling
        await dispatcher.storage.close()
        await bot.session.close()
        await api.stop()
