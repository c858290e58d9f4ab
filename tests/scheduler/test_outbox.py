"""The campaign outbox: everyone reachable exactly once, at the configured rate, 429s waited out, 403s marked,
and a restart after the delivery task was killed sends nobody the campaign twice."""

from __future__ import annotations

import asyncio
import contextlib

from sqlalchemy import select

from loyalty.campaigns import Segment, campaign_progress, create_campaign
from loyalty.club import Club
from loyalty.config import OutboxSection
from models import Delivery, Identity
from scheduler.outbox import Outbox
from tests.scheduler.helpers import FakeMessenger, FakeTime, add_members, translator


async def _user_ids(club: Club, member_ids: list[int]) -> dict[int, int]:
    async with club.db.sessions() as session:
        rows = await session.execute(
            select(Identity.member_id, Identity.user_id).where(Identity.member_id.in_(member_ids))
        )
        return {member_id: user_id for member_id, user_id in rows}


async def test_a_2000_member_campaign_reaches_everyone_once_within_the_rate(club: Club) -> None:
    members = await add_members(club, 2000)
    await add_members(club, 25, consent=False)  # not opted in: never in a segment
    users = await _user_ids(club, members)
    blocked = {users[m] for m in members[::50]}
    time = FakeTime()
    messenger = FakeMessenger(time, limit=30, blocked=blocked)
    messenger.throttle_at = {300: 3, 1200: 2}  # the messenger asks for a pause twice
    campaign = await create_campaign(club, "Spring sale <b>20%</b> off!", Segment.everyone(), None, "owner")
    start = time()
    run = await Outbox(club, messenger, translator, now=time, sleep=time.sleep).run()
    elapsed = time() - start

    received = messenger.received()
    assert set(received) == set(users.values()) - blocked
    assert set(received.values()) == {1}
    assert messenger.accepted[0][2] == "Spring sale &lt;b&gt;20%&lt;/b&gt; off!"  # the merchant's text, escaped
    assert (run.sent, run.blocked, run.failed, run.retried) == (1960, 40, 0, 2)
    # Spaced at 25/s (the default): never over the messenger's 30/s in any second, and the pauses were honoured.
    # (Fake time moves while a send task waits for its turn, so one window may look a little denser than 25.)
    assert messenger.rate_refusals == 0
    assert messenger.max_in_one_second() <= 30
    assert 1960 / elapsed <= 25
    assert elapsed >= 1960 / 25 + 3 + 2 - 1
    async with club.db.sessions() as session:
        progress = await campaign_progress(session, campaign)
        marked = set(await session.scalars(select(Identity.user_id).where(Identity.blocked_bot_at.is_not(None))))
    assert progress is not None
    assert (progress.status, progress.sent, progress.blocked, progress.failed, progress.pending) == (
        "done",
        1960,
        40,
        0,
        0,
    )
    assert marked == blocked
    # A second campaign skips the blocked members without trying them.
    calls = messenger.calls
    await create_campaign(club, "Another", Segment.everyone(), None, "owner")
    await Outbox(club, messenger, translator, now=time, sleep=time.sleep).run()
    assert messenger.calls - calls == 1960


async def test_killing_the_delivery_midway_and_restarting_sends_nobody_twice(club: Club) -> None:
    members = await add_members(club, 600)
    time = FakeTime()
    messenger = FakeMessenger(time)
    reached = asyncio.Event()
    messenger.on_send = lambda count: reached.set() if count == 250 else None
    campaign = await create_campaign(club, "Hello", Segment.everyone(), None, "owner")
    delivery = asyncio.create_task(Outbox(club, messenger, translator, now=time, sleep=time.sleep).run())
    await reached.wait()
    delivery.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await delivery
    async with club.db.sessions() as session:
        progress = await campaign_progress(session, campaign)
    assert progress is not None and 250 <= progress.sent < 600
    assert progress.sent == len(messenger.accepted)  # every message that left was recorded before stopping

    await Outbox(club, messenger, translator, now=time, sleep=time.sleep).run()  # the restart
    received = messenger.received()
    assert len(received) == len(members) and set(received.values()) == {1}
    async with club.db.sessions() as session:
        statuses = set(await session.scalars(select(Delivery.status).where(Delivery.campaign_id == campaign)))
    assert statuses == {"sent"}


async def test_errors_are_retried_then_counted_as_failed(club: Club) -> None:
    from bot.notifier import Outcome, SendResult

    [member] = await add_members(club, 1)
    config = club.config.model_copy(update={"outbox": OutboxSection(max_attempts=3)})
    club = Club(club.db, config, club.clock)
    time = FakeTime()

    class Broken(FakeMessenger):
        async def send(self, chat: object, text: str, *, photo: bytes | str | None = None) -> SendResult:
            self.calls += 1
            return SendResult(Outcome.FAILED, error="TelegramServerError")

    broken = Broken(time)
    campaign = await create_campaign(club, "Hi", Segment.everyone(), None, "owner")
    run = await Outbox(club, broken, translator, now=time, sleep=time.sleep).run()
    assert (broken.calls, run.failed) == (3, 1)
    async with club.db.sessions() as session:
        progress = await campaign_progress(session, campaign)
    assert progress is not None and (progress.failed, progress.status) == (1, "done")
    assert member
