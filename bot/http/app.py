"""The one aiohttp application: `/healthz`, `/metrics`, `/api/v1/…`, webhook routes, and whatever others mount.

`build_http_app` makes it; `mount` adds another application (the sandbox page at `/`…); `HttpServer`
runs it on BASHGAH_HTTP_HOST:BASHGAH_HTTP_PORT in every mode.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from functools import partial
from typing import TYPE_CHECKING

from aiogram import Bot, Dispatcher
from aiohttp import web
from aiohttp.web_urldispatcher import AbstractRuleMatching, MatchedSubAppResource
from prometheus_client import CONTENT_TYPE_LATEST
from sqlalchemy import text

from bot.http.api import api_app
from bot.http.ratelimit import RateLimiter
from bot.http.webhook import InFlight, WebhookEndpoint, webhook_path
from bot.metrics import exposition, refresh_gauges
from bot.middlewares import platform_of
from bot.notifier import Notifier
from loyalty.club import Club

if TYPE_CHECKING:
    from aiohttp.web_urldispatcher import _InfoDict

log = logging.getLogger(__name__)

HEALTH_CLUB = web.AppKey("health_club", Club)
IN_FLIGHT = web.AppKey("in_flight", InFlight)
DRAIN_SECONDS = 30.0


async def healthz(request: web.Request) -> web.Response:
    """200 when the database answers; 503 otherwise (a proxy then sends traffic to another worker)."""
    club = request.app[HEALTH_CLUB]
    try:
        async with club.db.sessions() as session:
            await session.execute(text("SELECT 1"))
    except Exception as error:
        log.warning("health.db_unreachable", extra={"error": type(error).__name__})
        return web.json_response({"status": "unavailable", "database": "unreachable"}, status=503)
    return web.json_response({"status": "ok", "database": "ok"})


async def metrics(request: web.Request) -> web.Response:
    """This process's metrics in Prometheus text format (see bot.metrics); like /healthz, for the local network."""
    await refresh_gauges(request.app[HEALTH_CLUB])
    return web.Response(body=exposition(), headers={"Content-Type": CONTENT_TYPE_LATEST})


def build_http_app(
    club: Club,
    *,
    notifier: Notifier | None = None,
    limiter: RateLimiter | None = None,
    dispatcher: Dispatcher | None = None,
    webhook_bots: Sequence[Bot] = (),
    webhook_secret: str | None = None,
) -> web.Application:
    """The club's HTTP application; with `webhook_bots` (webhook mode) a route per bot feeds `dispatcher`."""
    app = web.Application()
    app[HEALTH_CLUB] = club
    app[IN_FLIGHT] = in_flight = InFlight()
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/metrics", metrics)
    app.add_subapp("/api/v1", api_app(club, notifier=notifier, limiter=limiter))
    if webhook_bots:
        if dispatcher is None or not webhook_secret:
            raise ValueError("webhook routes need the dispatcher and the webhook secret")
        for bot in webhook_bots:
            endpoint = WebhookEndpoint(dispatcher, bot, webhook_secret, in_flight)
            app.router.add_post(webhook_path(platform_of(bot), bot.id, webhook_secret), endpoint.handle)
    app.on_shutdown.append(_drain)
    return app


async def _drain(app: web.Application) -> None:
    # Runs after the server stopped accepting connections: let every accepted update finish.
    if not await app[IN_FLIGHT].drained(DRAIN_SECONDS):
        log.warning("webhook.drain_timeout", extra={"in_flight": app[IN_FLIGHT].count})


class _Routed(AbstractRuleMatching):
    """Matches the requests `app` has a route for, so an app mounted at "/" answers only its own paths."""

    def __init__(self, app: web.Application) -> None:
        self._app = app

    async def match(self, request: web.Request) -> bool:
        found = await self._app.router.resolve(request)
        return found.http_exception is None

    def get_info(self) -> _InfoDict:
        return {"app": self._app}

    @property
    def canonical(self) -> str:
        return "/"


def mount(app: web.Application, sub_app: web.Application, prefix: str = "/") -> None:
    """Serve `sub_app` under `prefix` (its startup/cleanup signals run with the server's).

    aiohttp refuses a sub-application at "/", so there it is mounted with a rule that matches exactly the paths
    `sub_app` routes; every other path (`/healthz`, `/api/v1/…`, webhooks) still reaches the club's own routes.
    Where both define the same path, `sub_app` wins: it must not define those.
    """
    if prefix.strip("/"):
        app.add_subapp(prefix, sub_app)
        return
    app._add_subapp(partial(MatchedSubAppResource, _Routed(sub_app), sub_app), sub_app)


class HttpServer:
    """Runs the application on host:port; `stop()` stops accepting, finishes updates in flight, and closes."""

    def __init__(self, app: web.Application, host: str, port: int) -> None:
        self.app, self.host, self.port = app, host, port
        self._runner: web.AppRunner | None = None

    async def start(self) -> int:
        """Listen; returns the bound port (useful when 0 asked for a free one)."""
        self._runner = web.AppRunner(self.app, shutdown_timeout=DRAIN_SECONDS, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        self.port = int(self._runner.addresses[0][1])
        log.info("http.listening", extra={"host": self.host, "port": self.port})
        return self.port

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
