"""`/metrics` scraped through the real HTTP app while the real bot handles updates from the fake Bot API server.

Counters belong to the process and only grow: each test compares a scrape before and after what it drives.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiohttp.test_utils import TestClient, TestServer
from prometheus_client.parser import text_string_to_metric_families

from bot.http import build_http_app
from bot.middlewares import ThrottleMiddleware
from loyalty.campaigns import Segment, create_campaign, start_due_campaigns
from loyalty.club import Club
from loyalty.notices import owe_notice
from tests.harness import Harness, run_bot
from tests.scheduler.helpers import add_members

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


@pytest.fixture
async def client(harness: Harness) -> AsyncIterator[TestClient[object, object]]:
    async with TestClient(TestServer(build_http_app(harness.club))) as test_client:
        yield test_client


async def scrape(client: TestClient[object, object]) -> Samples:
    response = await client.get("/metrics")
    assert response.status == 200
    assert response.content_type == "text/plain"
    samples = (sample for family in text_string_to_metric_families(await response.text()) for sample in family.samples)
    return {(sample.name, frozenset(sample.labels.items())): sample.value for sample in samples}


def delta(before: Samples, after: Samples, name: str, **labels: str) -> float:
    key = (name, frozenset(labels.items()))
    return after.get(key, 0.0) - before.get(key, 0.0)


async def test_updates_are_counted_by_type_and_timed(harness: Harness, client: TestClient[object, object]) -> None:
    user = harness.user(701, language_code="en")
    before = await scrape(client)
    await user.send("/start")
    await user.press("English")
    after = await scrape(client)

    assert delta(before, after, "bashgah_updates_total", platform="telegram", type="message") == 1
    assert delta(before, after, "bashgah_updates_total", platform="telegram", type="callback_query") == 1
    assert delta(before, after, "bashgah_update_seconds_count", platform="telegram", type="message") == 1
    assert delta(before, after, "bashgah_update_seconds_sum", platform="telegram", type="message") > 0
    sent = len(harness.api.calls_to("sendMessage"))
    assert sent >= 1
    assert delta(before, after, "bashgah_api_calls_total", platform="telegram", method="sendMessage") >= 1
    assert delta(before, after, "bashgah_update_errors_total", platform="telegram", kind="failed") == 0


@pytest.mark.parametrize(("status", "reason"), [(429, "rate_limited"), (502, "server_error"), (400, "refused")])
async def test_failed_api_calls_and_the_updates_they_broke_are_counted(
    harness: Harness, client: TestClient[object, object], status: int, reason: str
) -> None:
    user = harness.user(702, language_code="en")
    before = await scrape(client)
    harness.api.fail_next("sendMessage", status=status)
    await user.send("/start")
    after = await scrape(client)

    labels = {"platform": "telegram", "method": "sendMessage"}
    assert delta(before, after, "bashgah_api_failures_total", reason=reason, **labels) == 1
    assert delta(before, after, "bashgah_api_calls_total", **labels) >= 2  # the failed answer and the apology
    assert delta(before, after, "bashgah_update_errors_total", platform="telegram", kind="failed") == 1
    assert user.messages, "the member still got the apology"


async def test_outbox_depth_and_pool_gauges(harness: Harness, client: TestClient[object, object]) -> None:
    club = harness.club
    members = await add_members(club, 3)
    await create_campaign(club, "Spring sale", Segment.everyone(), None, "owner")
    await start_due_campaigns(club)
    await club.db.write(
        lambda c: owe_notice(c, member_id=members[0], kind="birthday", key="metrics-test", now=club.clock(), points=5)
    )

    samples = await scrape(client)

    assert samples[("bashgah_outbox_pending", frozenset({("kind", "delivery")}))] == 3
    assert samples[("bashgah_outbox_pending", frozenset({("kind", "notice")}))] == 1
    assert samples[("bashgah_db_pool_size", frozenset({("pool", "quick")}))] == 64
    assert samples[("bashgah_db_pool_checked_out", frozenset({("pool", "quick")}))] >= 0


async def test_throttled_updates_are_counted_apart(bot_club: Club) -> None:
    async with (
        run_bot(bot_club, throttle=ThrottleMiddleware(rate=2, period=60)) as harness,
        TestClient(TestServer(build_http_app(harness.club))) as client,
    ):
        flooder = harness.user(703, language_code="en")
        before = await scrape(client)
        for _ in range(5):
            await flooder.send("/help", wait=False)
        await harness.api.settle()
        after = await scrape(client)

    assert delta(before, after, "bashgah_updates_throttled_total", platform="telegram") == 3
    assert delta(before, after, "bashgah_updates_total", platform="telegram", type="message") == 2
