"""The outbox: sends campaign deliveries and owed notices at each messenger's rate.

What it promises:

* **Rate.** Sends to one messenger are spaced at `outbox.<platform>_rate` per second (`RateLimiter`); a 429
  pauses that messenger for its `retry_after`, and the message is tried again.
* **Blocked users.** A 403 marks the account unreachable (the Notifier does it); the member's other chat is
  tried, and with none left the delivery is recorded as blocked and the member gets no further sends.
* **Exactly once, across restarts.** Every outcome is written to the delivery's (or notice's) row right after
  its send, and only rows still pending are sent. Stopping the outbox (task cancellation, bot shutdown) lets
  the sends in flight finish and be recorded first, so a restart resumes with no duplicate. The one window
  left: if the *process dies* after the messenger accepted a message and before its row was written, that
  message is sent again after the restart, so at most `outbox.concurrency` members (the sends in flight at
  that instant) can get it twice, and nobody more than twice.
"""

from __future__ import annotations

import asyncio
import html
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from bot.notifier import Outcome, SendResult
from locales import Texts, Translator
from loyalty.campaigns import finish_campaigns, start_due_campaigns
from loyalty.club import Club
from loyalty.contacts import MemberChat, mark_unreachable
from loyalty.notices import OwedNotice, pending_notices, settle_notice
from loyalty.outbox import PendingDelivery, pending_deliveries, reachable_chats, record_delivery
from scheduler.pacing import Now, RateLimiter, Sleep

log = logging.getLogger(__name__)

BATCH = 200


class Sender(Protocol):
    """What the outbox sends through: `bot.notifier.Notifier`, or a fake in tests."""

    async def send(self, chat: MemberChat, text: str, *, photo: bytes | str | None = None) -> SendResult: ...


@dataclass
class OutboxRun:
    sent: int = 0
    failed: int = 0
    blocked: int = 0
    retried: int = 0  # 429s waited out
    campaigns_started: list[int] = field(default_factory=list)
    campaigns_finished: list[int] = field(default_factory=list)

    def as_result(self) -> dict[str, Any]:
        return {
            "sent": self.sent,
            "failed": self.failed,
            "blocked": self.blocked,
            "retried": self.retried,
            "campaigns_finished": self.campaigns_finished,
        }


Item = PendingDelivery | OwedNotice


class Outbox:
    """Delivers what is pending; `run()` returns when nothing is left (or raises CancelledError, see module doc)."""

    def __init__(
        self,
        club: Club,
        sender: Sender,
        translator: Translator,
        *,
        now: Now = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.club, self.sender, self.translator = club, sender, translator
        self.now, self.sleep = now, sleep
        self.limiters: dict[str, RateLimiter] = {}
        self._slots = asyncio.Semaphore(club.config.outbox.concurrency)
        self._inflight: set[asyncio.Task[None]] = set()
        self._stats = OutboxRun()
        self.keep_going: Callable[[], bool] = lambda: True
        """Checked before each batch: the scheduler stops a worker that lost its lease from sending on."""

    def limiter(self, platform: str) -> RateLimiter:
        """The pacing of one messenger (shared by campaigns and notices)."""
        if platform not in self.limiters:
            rate = self.club.config.outbox.rate(platform)
            self.limiters[platform] = RateLimiter(rate, now=self.now, sleep=self.sleep)
        return self.limiters[platform]

    async def run(self) -> OutboxRun:
        """Start due campaigns, send every owed notice and pending delivery, then close finished campaigns."""
        self._stats = stats = OutboxRun()
        stats.campaigns_started = await start_due_campaigns(self.club)
        try:
            while self.keep_going():
                async with self.club.db.sessions() as session:
                    items: list[Item] = list(await pending_notices(session, limit=BATCH))
                    if not items:
                        items = list(await pending_deliveries(session, limit=BATCH))
                    if not items:
                        break
                    chats = await reachable_chats(session, sorted({item.member_id for item in items}))
                await self._send_batch(items, chats)
        except asyncio.CancelledError:
            await self._drain()
            raise
        stats.campaigns_finished = await finish_campaigns(self.club)
        return stats

    async def _send_batch(self, items: list[Item], chats: dict[int, MemberChat]) -> None:
        for item in items:
            chat = chats.get(item.member_id)
            if chat is None:
                await self._record(item, None, None)
                continue
            await self.limiter(chat.platform).acquire()
            await self._slots.acquire()
            task = asyncio.create_task(self._deliver(item, chat))
            self._inflight.add(task)
            task.add_done_callback(self._inflight.discard)
        await self._drain()

    async def _drain(self) -> None:
        # asyncio.wait, unlike gather, does not cancel the sends when this task is cancelled: they finish and
        # record their outcome, which is what keeps a restart from sending them again.
        if self._inflight:
            await asyncio.wait(set(self._inflight))

    async def _deliver(self, item: Item, chat: MemberChat) -> None:
        try:
            texts = self.translator.club_texts(self.club.config.club, chat.language, chat.calendar)
            photo = item.photo if isinstance(item, PendingDelivery) else None
            result = await self.sender.send(chat, self._render(item, texts), photo=photo)
        except Exception as error:  # a bug or an unexpected network error: count it as a failed attempt
            log.exception("outbox.send_error")
            result = SendResult(Outcome.FAILED, error=type(error).__name__)
        finally:
            self._slots.release()
        if result.outcome is Outcome.RETRY:
            self.limiter(chat.platform).pause(result.retry_after or 1.0)
            self._stats.retried += 1
            return  # still pending: the next batch sends it again
        await self._record(item, chat, result)

    async def _record(self, item: Item, chat: MemberChat | None, result: SendResult | None) -> None:
        outcome = Outcome.BLOCKED if result is None else result.outcome
        if outcome is Outcome.BLOCKED and chat is not None:
            # Mark it here too (the Notifier already does): a sender that did not would make this loop spin.
            await mark_unreachable(self.club, chat.platform, chat.user_id)
            return  # the next batch tries the member's other chat, if any
        attempts = item.attempts + 1
        if outcome is Outcome.SENT:
            status = "sent"
            self._stats.sent += 1
        elif outcome is Outcome.BLOCKED:
            status = "blocked"
            self._stats.blocked += 1
        elif attempts >= self.club.config.outbox.max_attempts:
            status = "failed"
            self._stats.failed += 1
        else:
            status = "pending"
        error = result.error if result is not None else "unreachable"
        if isinstance(item, PendingDelivery):
            await record_delivery(self.club, item.id, status, attempts=attempts, error=error)
        else:
            await settle_notice(self.club, item.id, "skipped" if status == "blocked" else status)

    def _render(self, item: Item, texts: Texts) -> str:
        if isinstance(item, PendingDelivery):
            return html.escape(item.text, quote=False)
        return render_notice(item, texts, self.club)


# Notices owed because telling them at once failed (bot.notifier.Later) read as the message would have.
_TOLD_AT_ONCE = {
    "purchase": "notify-purchase",
    "referral_referrer": "notify-referral-referrer",
    "referral_friend": "notify-referral-friend",
}


def render_notice(notice: OwedNotice, t: Texts, club: Club) -> str:
    """A notice's text in the reader's language: tier keys by name, dates in their calendar (see loyalty.notices)."""
    args: dict[str, Any] = {"currency": t.currency(club.config.club.currency)}
    for name, value in notice.args.items():
        if name.endswith("tier"):
            args[name] = club.config.tier(str(value)).name.get(t.lang)
        elif name == "date":
            args[name] = t.date(date.fromisoformat(str(value)))
        else:
            args[name] = value
    key = _TOLD_AT_ONCE.get(notice.kind) or f"notice-{notice.kind.replace('_', '-')}"
    if notice.kind == "birthday" and not notice.args.get("points"):
        key = "notice-birthday-greeting"  # a tier without a birthday bonus still gets the wishes
    return t(key, **args)
