"""What `/metrics` reports (Prometheus text format), and the hooks that count it.

The metrics live in prometheus-client's default registry: one per process, which is what Prometheus scrapes
(each worker is its own target). Counters only ever grow, so tests assert on the difference a scenario makes.

* Chat updates: `ContextMiddleware` counts each handled update by messenger and type, times it, and counts the
  ones that ended in an error (`refused`: a domain refusal the member is told about; `failed`: a bug).
* Messenger API calls: `ApiMetrics`, a request middleware on each `ClubBot`'s session, counts every call by
  method and each failure by reason (`rate_limited` is a 429).
* Outbox depth and database pools are gauges read when `/metrics` is scraped (`refresh_gauges`): one indexed
  count per queue and a few pool counters, instead of bookkeeping on every send.
"""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.exceptions import TelegramAPIError, TelegramNetworkError, TelegramRetryAfter, TelegramServerError
from aiogram.methods import Response, TelegramMethod
from aiogram.methods.base import TelegramType
from prometheus_client import REGISTRY, Counter, Gauge, Histogram, generate_latest

from loyalty.club import Club
from loyalty.outbox import outbox_depth

log = logging.getLogger(__name__)

UPDATES = Counter("bashgah_updates", "Chat updates handled, by messenger and update type", ["platform", "type"])
UPDATE_SECONDS = Histogram(
    "bashgah_update_seconds", "Time to handle one chat update (session, member, handler)", ["platform", "type"]
)
UPDATE_ERRORS = Counter(
    "bashgah_update_errors", "Chat updates that ended in an error: refused (domain) or failed", ["platform", "kind"]
)
THROTTLED = Counter("bashgah_updates_throttled", "Chat updates dropped by flood control", ["platform"])
API_CALLS = Counter("bashgah_api_calls", "Bot API calls to the messengers", ["platform", "method"])
API_FAILURES = Counter(
    "bashgah_api_failures",
    "Bot API calls that failed: rate_limited (429), refused (4xx), server_error (5xx), network",
    ["platform", "method", "reason"],
)
OUTBOX_PENDING = Gauge("bashgah_outbox_pending", "Messages the outbox still has to send", ["kind"])
DB_POOL_CHECKED_OUT = Gauge("bashgah_db_pool_checked_out", "Database connections in use", ["pool"])
DB_POOL_SIZE = Gauge("bashgah_db_pool_size", "Database connections the pool keeps open", ["pool"])


class UpdateMeter:
    """The per-update counter and timer children, looked up once per (messenger, type) and then reused."""

    def __init__(self) -> None:
        self._children: dict[tuple[str, str], tuple[Counter, Histogram]] = {}

    def of(self, platform: str, kind: str) -> tuple[Counter, Histogram]:
        children = self._children.get((platform, kind))
        if children is None:
            children = UPDATES.labels(platform, kind), UPDATE_SECONDS.labels(platform, kind)
            self._children[platform, kind] = children
        return children


class ApiMetrics(BaseRequestMiddleware):
    """Counts a bot's Bot API calls and their failures (the bot's messenger is fixed per session)."""

    def __init__(self, platform: str) -> None:
        self.platform = platform

    async def __call__(
        self, make_request: NextRequestMiddlewareType[TelegramType], bot: Bot, method: TelegramMethod[TelegramType]
    ) -> Response[TelegramType]:
        name = method.__api_method__
        API_CALLS.labels(self.platform, name).inc()
        try:
            return await make_request(bot, method)
        except TelegramAPIError as error:
            API_FAILURES.labels(self.platform, name, _reason(error)).inc()
            raise


def _reason(error: TelegramAPIError) -> str:
    if isinstance(error, TelegramRetryAfter):
        return "rate_limited"
    if isinstance(error, TelegramServerError):
        return "server_error"
    if isinstance(error, TelegramNetworkError):
        return "network"
    return "refused"


async def refresh_gauges(club: Club) -> None:
    """Read the outbox depth and the pools' use into their gauges (just before a scrape)."""
    for name, pool in club.db.pools().items():
        # Only queue pools count connections; SQLite's memory or single-thread pools have nothing to report.
        checked_out, size = getattr(pool, "checkedout", None), getattr(pool, "size", None)
        if callable(checked_out) and callable(size):
            DB_POOL_CHECKED_OUT.labels(name).set(checked_out())
            DB_POOL_SIZE.labels(name).set(size())
    try:
        async with club.db.sessions() as session:
            depth = await outbox_depth(session)
    except Exception as error:  # the database being down must not hide the other metrics
        log.warning("metrics.outbox_unreadable", extra={"error": type(error).__name__})
        return
    for kind, count in depth.items():
        OUTBOX_PENDING.labels(kind).set(count)


def exposition() -> bytes:
    """Every metric of this process in Prometheus text format."""
    return generate_latest(REGISTRY)
