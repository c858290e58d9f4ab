"""Soak: minutes of mixed chat traffic from thousands of simulated users against the real bot, then the books.

    python bench/soak.py [--minutes 10] [--users 5000] [--concurrency 24] [--db PATH] [--rss-bound-mb 64]

The club runs as deployed: `python -m bot run` in a process of its own (polling, aiogram handling updates as
tasks, the scheduler on, the default flood control), against the fake Bot API server (bot.fakebotapi) served
from this process on loopback. Members are seeded through the domain, except a share (`--signup-share`) who
join through the chat during the run; cashiers (`--cashiers`, one per 50 users) and a few rewards are added too.

`--concurrency` visits run at once, each starting as soon as one ends: the bot is kept busy, so updates/s is its
capacity on this machine and latency includes queueing. A visit is one user doing one thing: /balance, a
main-menu button, /card, /history and its pages, /rewards with a claim (kept for the till or cancelled from "My
vouchers"), /invite, /settings (offers toggle), /language, a support message, a rating tap, unexpected text,
/start, or the whole signup; or a cashier recording a purchase (member number or phone, a receipt, sometimes sent
again), step by step, a large one with its confirmation tap, or redeeming a voucher a member claimed. A user
rests 5 s after each visit, as people do, so flood control never has to step in.

Figures, after a warm-up (`--warmup`, default 20% of the run up to 30 s): updates/s; latency from an update being
queued at the fake server to the bot's first answer to it arriving there (p50/p99, per action too); the RSS of
the bot's process at the start and end of the measured window. The exit status is 1 if RSS grew by more than
`--rss-bound-mb`, an update went unanswered or was answered with an apology or a flood warning, the bot logged a
handler failure or made a failing Bot API call, a balance differs from the sum of its ledger, or a receipt sent
again was credited twice.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import os
import random
import re
import signal
import statistics
import sys
import tempfile
import time
from collections import Counter, deque
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import IO, Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import Connection, func, insert, select  # noqa: E402

from bot.fakebotapi import ApiCall, BotMessage, CallbackAnswer, FakeBotAPI  # noqa: E402
from bot.fakebotapi.markup import inline_buttons  # noqa: E402
from bot.settings import EXAMPLE_CLUB_CONFIG  # noqa: E402
from handlers.prompts import BIRTHDAY_EXAMPLE  # noqa: E402
from locales import Translator  # noqa: E402
from loyalty.club import Club  # noqa: E402
from loyalty.codes import ALPHABET, CODE_LENGTH  # noqa: E402
from loyalty.config import ClubConfig, load_club_config  # noqa: E402
from loyalty.dates import DEFAULT_CALENDAR  # noqa: E402
from loyalty.members import JoinRequest, join_in, member_number  # noqa: E402
from loyalty.parsing import normalize_digits  # noqa: E402
from loyalty.purchases import PurchaseRequest, record_purchase_in  # noqa: E402
from loyalty.staff import set_staff  # noqa: E402
from models import Identity, LedgerEntry, Member, Purchase, Reward  # noqa: E402
from models.database import Database  # noqa: E402
from models.migrate import upgrade  # noqa: E402

TOKEN = "123456:SOAK-token"
OWNER = 9001
USER_BASE, CASHIER_BASE = 5_000_000, 8_000_000
REST_SECONDS = 5.0  # the bot's flood control allows 8 updates per 4 s; no visit sends more than 7
KEEP_MESSAGES = 12  # per chat on the fake server: a visit only looks at the newest few
CASHIER_SHARE, SIGNUP_SHARE = 0.3, 0.02
SENDS = frozenset({"sendMessage", "sendPhoto", "sendDocument"})
EDITS = frozenset({"editMessageText", "editMessageCaption", "editMessageReplyMarkup"})
REPLIES = SENDS | EDITS
VOUCHER_CODE = re.compile(rf"\b[{ALPHABET}]{{{CODE_LENGTH}}}\b")
GARBAGE = ("hello", "salam", "؟", "asdf qwer", "🙂", "12345", "' OR 1=1 --", "<b>bold</b> & co", "how many points " * 8)
CUSTOMER_SCENARIOS = {  # visit: weight
    "balance": 12,
    "menu": 10,
    "card": 8,
    "history": 12,
    "rewards": 16,
    "invite": 6,
    "settings": 6,
    "language": 4,
    "support": 4,
    "rate": 6,
    "garbage": 8,
    "start_again": 4,
}


# --- The club on disk: the example club file with an owner, members, cashiers and rewards -----------------------


@dataclass
class Roster:
    members: dict[int, int]  # seeded user id -> member id
    newcomers: list[int]  # users who join through the chat
    cashiers: list[int]
    referral_codes: list[str]


def write_club_file(directory: Path) -> Path:
    text = EXAMPLE_CLUB_CONFIG.read_text("utf-8")
    staffed = text.replace("telegram_owner_ids = []", f"telegram_owner_ids = [{OWNER}]")
    assert staffed != text, "club.example.toml no longer has an empty telegram_owner_ids"
    path = directory / "club.toml"
    path.write_text(staffed, "utf-8")
    return path


def phone(user_id: int, *, local: bool = False) -> str:
    """Every simulated user has a phone of their own: +98912 and the user's index."""
    index = user_id - USER_BASE
    return f"0912{index:07d}" if local else f"+98912{index:07d}"


def _seed_batch(
    connection: Connection, config: ClubConfig, batch: list[tuple[JoinRequest, int]], now: datetime
) -> list[int]:
    members = []
    for request, amount in batch:
        joined = join_in(connection, config, request, now)
        # One member in ten is a regular with two pages of history; the rest bought once.
        visits = 12 if request.user_id % 10 == 0 else 1
        for visit in range(visits):
            purchase = PurchaseRequest(joined.member_id, amount // visits, "seed", f"seed-{request.user_id}-{visit}")
            record_purchase_in(connection, config, purchase, now)
        members.append(joined.member_id)
    return members


async def seed(url: str, config: ClubConfig, users: int, newcomers: int, cashiers: int, rng: random.Random) -> Roster:
    """Members worth 50-3,000 points (one in ten over twelve purchases), cashiers, and four more rewards."""
    await upgrade(url)
    club = Club(db=Database(url), config=config)
    ids = [USER_BASE + n for n in range(users)]
    seeded, joining = ids[: users - newcomers], ids[users - newcomers :]
    members: dict[int, int] = {}
    for start in range(0, len(seeded), 500):
        batch = []
        for user_id in seeded[start : start + 500]:
            lang = rng.choices(("fa", "en", "tr"), (6, 3, 1))[0]
            request = JoinRequest(
                "telegram", user_id, user_id, phone(user_id), lang, DEFAULT_CALENDAR[lang], name=f"Member {user_id}"
            )
            batch.append((request, rng.randrange(500_000, 30_000_000, 1000)))
        created = await club.db.write(partial(_seed_batch, config=config, batch=batch, now=club.clock()))
        members.update(zip((request.user_id for request, _ in batch), created, strict=True))
    for user_id in range(CASHIER_BASE, CASHIER_BASE + cashiers):
        await set_staff(club, platform="telegram", user_id=user_id, role="cashier", name="Cashier", actor="soak")
    rewards = [("Gift", 40, None), ("Cake", 150, None), ("Mug", 600, 50), ("Bike", 20_000, None)]
    rows = [
        {"title": {"fa": t, "en": t, "tr": t}, "cost": c, "stock": s, "voucher_days": 30, "created_at": club.clock()}
        for t, c, s in rewards
    ]
    await club.db.write(lambda connection: connection.execute(insert(Reward), rows))
    async with club.db.sessions() as session:
        codes = list(await session.scalars(select(Member.referral_code).order_by(Member.id).limit(500)))
    await club.db.close()
    return Roster(members, joining, list(range(CASHIER_BASE, CASHIER_BASE + cashiers)), codes)


# --- The bot, in its own process -------------------------------------------------------------------------------


def _log_file(path: Path) -> IO[bytes]:
    return path.open("wb")


class BotProcess:
    """`python -m bot run` polling the fake server: the club exactly as deployed, its RSS its own."""

    def __init__(self, process: asyncio.subprocess.Process, log_path: Path) -> None:
        self.process, self.log_path = process, log_path

    @classmethod
    async def start(cls, api: FakeBotAPI, workdir: Path, url: str, club_file: Path, log_path: Path) -> BotProcess:
        env = {key: value for key, value in os.environ.items() if not key.startswith("BASHGAH_")}
        env.update(
            BASHGAH_DATABASE_URL=url,
            BASHGAH_CLUB_CONFIG=str(club_file),
            BASHGAH_TELEGRAM_TOKEN=TOKEN,
            BASHGAH_TELEGRAM_API_BASE=api.base_url,
            BASHGAH_HTTP_PORT="0",
            PYTHONPATH=str(ROOT),
        )
        with _log_file(log_path) as log:  # the child keeps its own copy of the descriptor
            process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", "run", cwd=workdir, env=env, stdout=log, stderr=log
            )
        bot = cls(process, log_path)
        ready = asyncio.ensure_future(api.wait_for_poll(120))
        exited = asyncio.ensure_future(process.wait())
        await asyncio.wait({ready, exited}, return_when=asyncio.FIRST_COMPLETED)
        exited.cancel()
        if not ready.done() or ready.exception() is not None:
            ready.cancel()
            await bot.stop()
            raise RuntimeError(f"the bot did not start polling:\n{bot.log_tail()}")
        return bot

    def rss_mb(self) -> float:
        """Resident set size of the bot's process (VmRSS), in MiB."""
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        kib = next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:"))
        return int(kib) / 1024

    async def stop(self) -> int:
        """SIGINT, as Ctrl-C: aiogram stops polling and the worker closes cleanly."""
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGINT)
            try:
                await asyncio.wait_for(self.process.wait(), 30)
            except TimeoutError:
                self.process.kill()
                await self.process.wait()
        return int(self.process.returncode or 0)

    def errors(self) -> tuple[list[str], list[str]]:
        """Error lines the bot logged while serving, and while shutting down (a job cut short, say)."""
        lines = self.log_path.read_text("utf-8", errors="replace").splitlines()
        stop = next((n for n, line in enumerate(lines) if "Received SIGINT" in line), len(lines))
        errors = [n for n, line in enumerate(lines) if " ERROR " in line or "handler.failed" in line]
        return [lines[n] for n in errors if n < stop], [lines[n] for n in errors if n >= stop]

    def log_tail(self, lines: int = 30) -> str:
        return "\n".join(self.log_path.read_text("utf-8", errors="replace").splitlines()[-lines:])


# --- What the fake server saw the bot do, per chat ---------------------------------------------------------------


@dataclass(frozen=True)
class Reply:
    seq: int
    method: str
    at: float
    query_id: str | None


class Inbox:
    """The bot's recent calls addressed to one chat, for a visit waiting on them."""

    def __init__(self) -> None:
        self.seq = 0
        self.replies: deque[Reply] = deque(maxlen=32)
        self._changed = asyncio.Event()

    def add(self, method: str, at: float, query_id: str | None) -> None:
        self.seq += 1
        self.replies.append(Reply(self.seq, method, at, query_id))
        self._changed.set()
        self._changed = asyncio.Event()

    async def next(self, since: int, wanted: Callable[[Reply], bool], seconds: float) -> Reply | None:
        """The first reply after `since` that is `wanted`, waiting up to `seconds` for it."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        while True:
            found = next((reply for reply in self.replies if reply.seq > since and wanted(reply)), None)
            remaining = deadline - loop.time()
            if found is not None or remaining <= 0:
                return found
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), remaining)


class Tracker:
    """Listens to every Bot API call the fake server handles (FakeBotAPI.listeners)."""

    def __init__(self, translator: Translator) -> None:
        self.inboxes: dict[int, Inbox] = {}
        self.queries: dict[str, int] = {}  # callback query id -> the user who pressed
        self.apologies = translator.variants("error-internal")
        self.too_fast = translator.variants("error-too-fast")
        self.apologised = self.throttled = 0
        self.api_errors: Counter[str] = Counter()

    def inbox(self, chat_id: int) -> Inbox:
        inbox = self.inboxes.get(chat_id)
        if inbox is None:
            inbox = self.inboxes[chat_id] = Inbox()
        return inbox

    def __call__(self, call: ApiCall) -> None:
        if call.method == "getUpdates":
            return
        at = time.perf_counter()
        if call.error is not None:
            self.api_errors[f"{call.method}: {call.error.description}"] += 1
            return
        text = call.params.get("text")
        self.apologised += text in self.apologies
        self.throttled += text in self.too_fast
        query_id = None
        if call.method == "answerCallbackQuery":
            query_id = str(call.params.get("callback_query_id"))
            chat = self.queries.pop(query_id, None)
        elif call.method in REPLIES:
            chat = call.params.get("chat_id")
        else:
            return
        if chat is not None:
            self.inbox(int(chat)).add(call.method, at, query_id)


# --- Who may act now -----------------------------------------------------------------------------------------------


class Pool:
    """Users free for a visit; after one they rest REST_SECONDS, so no one trips the bot's flood control."""

    def __init__(self, users: list[int]) -> None:
        self._free = list(users)
        self._resting: deque[tuple[float, int]] = deque()

    def _wake(self) -> None:
        now = time.monotonic()
        while self._resting and self._resting[0][0] <= now:
            self._free.append(self._resting.popleft()[1])

    def take(self, rng: random.Random) -> int | None:
        self._wake()
        if not self._free:
            return None
        index = rng.randrange(len(self._free))
        self._free[index], self._free[-1] = self._free[-1], self._free[index]
        return self._free.pop()

    def take_user(self, user_id: int) -> bool:
        self._wake()
        try:
            self._free.remove(user_id)
        except ValueError:
            return False
        return True

    def release(self, user_id: int) -> None:
        self._resting.append((time.monotonic() + REST_SECONDS, user_id))


# --- Figures ---------------------------------------------------------------------------------------------------


@dataclass
class Figures:
    window: tuple[float, float] = (0.0, 0.0)  # perf_counter bounds of the measured part
    updates: int = 0
    latencies: dict[str, list[float]] = field(default_factory=dict)
    visits: int = 0
    unanswered: Counter[str] = field(default_factory=Counter)
    missing: Counter[str] = field(default_factory=Counter)  # a button or keyboard the bot should have shown
    refusals: Counter[str] = field(default_factory=Counter)
    signups: int = 0
    claims: int = 0
    cancelled: int = 0
    redeemed: int = 0
    replays: int = 0  # receipts sent again and answered "already recorded"
    rss: list[tuple[float, float]] = field(default_factory=list)  # (seconds into the window, MiB)

    def answered(self, label: str, started: float, latency: float) -> None:
        if self.window[0] <= started < self.window[1]:
            self.latencies.setdefault(label, []).append(latency)

    def all_latencies(self) -> list[float]:
        return [value for values in self.latencies.values() for value in values]


class Aborted(Exception):
    """The visit cannot go on: the bot did not answer in time, or did not show what it should have."""


def percentile(values: list[float], share: float) -> float:
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=100, method="inclusive")[round(share * 100) - 1]


# --- One visit: a user acting and waiting for the bot ------------------------------------------------------------


class Visit:
    def __init__(self, soak: Soak, user_id: int) -> None:
        self.soak = soak
        self.user = soak.api.user(user_id)
        self.inbox = soak.tracker.inbox(user_id)
        self.mark = max((message.message_id for message in self.user.chat.messages), default=0)
        self.since = 0
        self.query_id = ""

    async def act(self, label: str, action: Coroutine[Any, Any, object], query: bool = False) -> Reply:
        """Queue one update and wait for the bot's first answer to it (a message, an edit, a query answer)."""
        self.since, started = self.inbox.seq, time.perf_counter()
        await action  # wait=False: queued, no await inside, so the query id below is this press's
        wanted: Callable[[Reply], bool] = lambda reply: reply.method in REPLIES  # noqa: E731
        if query:
            query_id = self.query_id = next(reversed(self.soak.api.state.pending_queries))
            self.soak.tracker.queries[query_id] = self.user.id
            wanted = lambda reply: reply.query_id == query_id  # noqa: E731
        self.soak.figures.updates += 1
        reply = await self.inbox.next(self.since, wanted, self.soak.timeout)
        if reply is None:
            self.soak.figures.unanswered[label] += 1
            raise Aborted(label)
        self.soak.figures.answered(label, started, reply.at - started)
        return reply

    async def say(self, text: str, label: str) -> None:
        await self.act(label, self.user.send(text, wait=False))

    async def reply_button(self, index: int, label: str) -> None:
        keyboard = self.user.reply_keyboard
        if len(keyboard) <= index:
            self.soak.figures.missing[label] += 1
            raise Aborted(label)
        await self.act(label, self.user.press_reply(str(keyboard[index]["text"]), wait=False))

    async def tap(
        self, message: BotMessage, data: str, label: str, then: frozenset[str] | None = None
    ) -> CallbackAnswer | None:
        """Press an inline button; with `then`, also wait for the edit or message the press brings."""
        await self.act(label, self.user.press(data, message, wait=False), query=True)
        if then is not None:
            await self.follow(then, label)
        return next((answer for answer in self.user.callback_answers if answer.query_id == self.query_id), None)

    async def follow(self, methods: frozenset[str], label: str) -> None:
        if await self.inbox.next(self.since, lambda reply: reply.method in methods, self.soak.timeout) is None:
            self.soak.figures.missing[label] += 1
            raise Aborted(label)

    def find(self, prefix: str, *, fresh: bool = True, text: str = "") -> tuple[BotMessage, list[str]] | None:
        """The newest message with buttons whose callback data starts with `prefix` (and whose text has `text`)."""
        for message in reversed(self.user.messages):
            if fresh and message.message_id <= self.mark:
                break
            data = [
                str(button["callback_data"])
                for button in inline_buttons(message.reply_markup)
                if str(button.get("callback_data", "")).startswith(prefix)
                and text in normalize_digits(str(button["text"]))
            ]
            if data:
                return message, data
        return None

    async def buttons(self, prefix: str, label: str) -> tuple[BotMessage, list[str]]:
        """Like `find`, waiting for the bot to show them."""
        while True:
            seen = self.inbox.seq
            found = self.find(prefix)
            if found is not None:
                return found
            if await self.inbox.next(seen, lambda reply: True, self.soak.timeout) is None:
                self.soak.figures.missing[label] += 1
                raise Aborted(label)

    def expect(self, texts: str | frozenset[str], label: str) -> None:
        """The bot's newest message says this (any of these): a wrong answer counts as missing."""
        shown = normalize_digits(self.user.last.text or "")
        if not any(text in shown for text in ([texts] if isinstance(texts, str) else texts)):
            self.soak.figures.missing[label] += 1
            raise Aborted(label)

    def voucher_code(self) -> str | None:
        photo = next((m for m in reversed(self.user.messages) if m.kind == "photo"), None)
        found = VOUCHER_CODE.search(normalize_digits(photo.text or "")) if photo else None
        return found[0] if found else None


# --- The simulated club ------------------------------------------------------------------------------------------


class Soak:
    def __init__(self, api: FakeBotAPI, roster: Roster, options: argparse.Namespace) -> None:
        self.api, self.roster = api, roster
        self.rng = random.Random(options.seed)
        self.timeout = options.timeout
        self.concurrency = options.concurrency
        self.translator = Translator()
        self.tracker = Tracker(self.translator)
        self.figures = Figures()
        self.customers = Pool(list(roster.members))
        self.cashiers = Pool(roster.cashiers)
        self.newcomers = list(reversed(roster.newcomers))
        self.joined: list[int] = []
        self.vouchers: deque[tuple[int, str]] = deque()
        self.receipts: list[tuple[str, str]] = []  # (receipt, the command that sent it)
        self.receipt_sends: Counter[str] = Counter()
        self._receipt_ids = itertools.count(1)
        self._tickets = itertools.count(1)
        self.deadline = 0.0
        self._scenarios = [getattr(self, name) for name in CUSTOMER_SCENARIOS]
        self._weights = list(CUSTOMER_SCENARIOS.values())
        api.listeners.append(self.tracker)
        for user_id in roster.members:
            api.user(user_id, first_name=f"Member{user_id}", language_code=self.rng.choice(("fa", "en", "tr")))
        for user_id in roster.newcomers:
            api.user(user_id, first_name=f"New{user_id}", last_name="Soak", language_code="fa")
        for user_id in roster.cashiers:
            api.user(user_id, first_name="Cashier", language_code="en")
        api.user(OWNER, first_name="Owner", language_code="en")

    async def run(self, bot: BotProcess, warmup: float, duration: float) -> None:
        started = time.perf_counter()
        self.figures.window = (started + warmup, started + warmup + duration)
        self.deadline = self.figures.window[1]
        clients = [asyncio.create_task(self._client()) for _ in range(self.concurrency)]
        tidy = asyncio.create_task(self._tidy())
        await asyncio.sleep(warmup)
        every = max(2.0, duration / 20)
        while True:
            now = time.perf_counter()
            self.figures.rss.append((now - self.figures.window[0], bot.rss_mb()))
            if now >= self.deadline:
                break
            await asyncio.sleep(min(every, self.deadline - now))
        await asyncio.gather(*clients)
        tidy.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await tidy

    async def _client(self) -> None:
        while time.perf_counter() < self.deadline:
            if not await self._visit():
                await asyncio.sleep(0.01)  # everyone is resting or busy

    async def _visit(self) -> bool:
        rng = self.rng
        if rng.random() < CASHIER_SHARE and (cashier := self.cashiers.take(rng)) is not None:
            await self._run(self.at_the_till, cashier, self.cashiers)
        elif self.newcomers and rng.random() < SIGNUP_SHARE:
            await self._run(self.signup, self.newcomers.pop(), None)
        elif (customer := self.customers.take(rng)) is not None:
            scenario = rng.choices(self._scenarios, self._weights)[0]
            await self._run(scenario, customer, self.customers)
        else:
            return False
        return True

    async def _run(self, scenario: Callable[[Visit], Awaitable[None]], user_id: int, pool: Pool | None) -> None:
        self.figures.visits += 1
        try:
            await scenario(Visit(self, user_id))
        except Aborted:
            pass
        finally:
            if pool is not None:
                pool.release(user_id)

    async def _tidy(self) -> None:
        """Keep the fake server's records short: it remembers every call and message, a soak sends millions."""
        while True:
            await asyncio.sleep(5)
            state = self.api.state
            state.calls.clear()
            for chat in state.chats.values():
                del chat.messages[:-KEEP_MESSAGES]
                del chat.callback_answers[:-KEEP_MESSAGES]
                for message_id in list(chat.incoming)[:-KEEP_MESSAGES]:
                    del chat.incoming[message_id]

    # Members.

    async def balance(self, visit: Visit) -> None:
        await visit.say("/balance", "/balance")

    async def menu(self, visit: Visit) -> None:
        """A main-menu button (shown after /start, signup or a language change), in the member's language."""
        support = self.translator.variants("menu-support")  # opens a ticket form: the support visit does that
        labels = [str(b["text"]) for b in visit.user.reply_keyboard if b["text"] not in support]
        if not labels:
            await self.balance(visit)
            return
        await visit.act("menu button", visit.user.press_reply(self.rng.choice(labels), wait=False))

    async def card(self, visit: Visit) -> None:
        await visit.say("/card", "/card")

    async def invite(self, visit: Visit) -> None:
        await visit.say("/invite", "/invite")

    async def start_again(self, visit: Visit) -> None:
        await visit.say("/start", "/start")

    async def garbage(self, visit: Visit) -> None:
        await visit.say(self.rng.choice(GARBAGE), "unexpected text")

    async def support(self, visit: Visit) -> None:
        await visit.say("/support", "/support")
        await visit.say(f"Question {next(self._tickets)}: my points from <yesterday> & today?", "support message")

    async def history(self, visit: Visit) -> None:
        await visit.say("/history", "/history")
        for _ in range(self.rng.randint(0, 2)):
            found = visit.find("hist:")
            if found is None:
                return
            await visit.tap(found[0], self.rng.choice(found[1]), "history page", then=EDITS)

    async def settings(self, visit: Visit) -> None:
        await visit.say("/settings", "/settings")
        message, _ = await visit.buttons("set:marketing", "/settings")
        await visit.tap(message, "set:marketing", "offers toggle", then=EDITS)

    async def language(self, visit: Visit) -> None:
        await visit.say("/language", "/language")
        message, choices = await visit.buttons("lang:", "/language")
        await visit.tap(message, self.rng.choice(choices), "language pick", then=SENDS)

    async def rate(self, visit: Visit) -> None:
        found = visit.find("nps:", fresh=False)  # the question came with a purchase notification
        if found is None:
            await self.balance(visit)
            return
        await visit.tap(found[0], self.rng.choice(found[1]), "rating")

    async def rewards(self, visit: Visit) -> None:
        await visit.say("/rewards", "/rewards")
        message, choices = await visit.buttons("rw:", "/rewards")
        await visit.tap(message, self.rng.choice(choices), "reward", then=EDITS)
        message, claim = await visit.buttons("claim:", "reward")
        if self.rng.random() < 0.25:
            await visit.tap(message, "cat", "back to catalog", then=EDITS)
            return
        answer = await visit.tap(message, claim[0], "claim")
        if answer is None or answer.text:  # refused with an alert: not enough points, out of stock, limit
            self.figures.refusals["claim"] += 1
            return
        await visit.follow(frozenset({"sendPhoto"}), "claim")
        code = visit.voucher_code()
        if code is None:
            self.figures.missing["voucher code"] += 1
            return
        self.figures.claims += 1
        if self.rng.random() < 0.6:
            self.vouchers.append((visit.user.id, code))  # for a cashier to redeem
            return
        await visit.say("/rewards", "/rewards")
        message, _ = await visit.buttons("vouchers", "/rewards")
        await visit.tap(message, "vouchers", "my vouchers", then=EDITS)
        found = visit.find("vcancel:", text=code)
        if found is None:
            self.figures.missing["my vouchers"] += 1
            return
        await visit.tap(found[0], found[1][0], "cancel voucher", then=EDITS)
        self.figures.cancelled += 1

    async def signup(self, visit: Visit) -> None:
        codes = self.roster.referral_codes
        start = f"/start ref_{self.rng.choice(codes)}" if codes and self.rng.random() < 0.5 else "/start"
        await visit.say(start, "signup: /start")
        message, languages = await visit.buttons("lang:", "signup: /start")
        lang = self.rng.choice(languages)
        await visit.tap(message, lang, "signup: language", then=SENDS)
        await visit.act("signup: phone", visit.user.send_contact(phone(visit.user.id).lstrip("+"), wait=False))
        await visit.reply_button(0, "signup: name")
        if self.rng.random() < 0.3:
            await visit.say(BIRTHDAY_EXAMPLE[DEFAULT_CALENDAR[lang.split(":")[1]]], "signup: birthday")
        else:
            await visit.reply_button(0, "signup: birthday")  # skip
        await visit.reply_button(self.rng.randrange(2), "signup: consent")
        self.figures.signups += 1
        self.joined.append(visit.user.id)
        self.customers.release(visit.user.id)

    # Cashiers.

    def _member(self, user_id: int) -> str:
        """How a cashier names a member: the member number off the card, or the phone number."""
        member_id = self.roster.members.get(user_id)
        if member_id is not None and self.rng.random() < 0.7:
            return str(member_number(member_id))
        return phone(user_id, local=True)

    async def at_the_till(self, visit: Visit) -> None:
        roll = self.rng.random()
        if roll < 0.15 and self.vouchers:
            await self.redeem(visit)
            return
        customer = self.customers.take(self.rng)
        if customer is None:
            return
        try:
            if roll < 0.22:
                await self.purchase_step_by_step(visit, customer)
            elif roll < 0.25:
                await self.purchase(visit, customer, large=True)
            else:
                await self.purchase(visit, customer)
        finally:
            self.customers.release(customer)

    async def purchase(self, visit: Visit, customer: int, *, large: bool = False) -> None:
        if large:
            amount = self.rng.randrange(50_000_000, 80_000_000, 1000)
        else:
            amount = int(10 ** self.rng.uniform(5, 7.3)) // 1000 * 1000
        if not large and self.rng.random() < 0.1:
            await visit.say(f"/purchase {self._member(customer)} {amount}", "/purchase")
            return
        receipt = f"S{next(self._receipt_ids)}"
        command = f"/purchase {self._member(customer)} {amount} {receipt}"
        self.receipt_sends[receipt] += 1
        if large:
            await visit.say(command, "/purchase large")
            message, confirm = await visit.buttons("buy:", "/purchase large")
            await visit.tap(message, confirm[0], "confirm large", then=EDITS)
            return
        await visit.say(command, "/purchase")
        self.receipts.append((receipt, command))  # not large ones: sent again, they would ask to confirm again
        roll = self.rng.random()
        if roll < 0.15:  # the cashier sends it again at once
            await self._again(visit, receipt, command)
        elif roll < 0.2:  # or a receipt from earlier in the day turns up again
            await self._again(visit, *self.rng.choice(self.receipts))

    async def _again(self, visit: Visit, receipt: str, command: str) -> None:
        self.receipt_sends[receipt] += 1
        await visit.say(command, "/purchase again")
        visit.expect(self.translator.variants("purchase-replayed"), "/purchase again")  # "already recorded"
        self.figures.replays += 1

    async def purchase_step_by_step(self, visit: Visit, customer: int) -> None:
        await visit.say("/purchase", "/purchase (ask)")
        await visit.say(self._member(customer), "purchase: member")
        await visit.say(str(self.rng.randrange(100_000, 5_000_000, 1000)), "purchase: amount")

    async def redeem(self, visit: Visit) -> None:
        for _ in range(min(10, len(self.vouchers))):  # the first voucher whose member is free now
            owner, code = self.vouchers.popleft()
            if self.customers.take_user(owner):
                break
            self.vouchers.append((owner, code))
        else:
            return
        try:
            await visit.say(f"/redeem {code}", "/redeem")
            visit.expect(code, "/redeem")  # "Voucher CODE redeemed for member N. Give: …"
            self.figures.redeemed += 1
            if self.rng.random() < 0.1:
                await visit.say(f"/redeem {code}", "/redeem again")
                visit.expect(self.translator.variants("error-voucher-used"), "/redeem again")
                self.figures.refusals["/redeem again"] += 1
        finally:
            self.customers.release(owner)


# --- The books at the end ----------------------------------------------------------------------------------------


@dataclass
class Books:
    members: int
    mismatched: list[tuple[int, int, int]]  # member id, balance, ledger sum
    credited_twice: int  # purchases with more than one ledger credit
    receipts: set[str]  # receipts the bot recorded
    joined: int  # chat signups that became members


async def read_books(url: str, joined: list[int]) -> Books:
    database = Database(url)
    ledger = select(func.coalesce(func.sum(LedgerEntry.delta), 0)).where(LedgerEntry.member_id == Member.id)
    ledger_sum = ledger.scalar_subquery()
    twice = (
        select(LedgerEntry.reference)
        .where(LedgerEntry.kind == "purchase")
        .group_by(LedgerEntry.reference)
        .having(func.count() > 1)
        .subquery()
    )
    try:
        async with database.sessions() as session:
            members = int(await session.scalar(select(func.count()).select_from(Member)) or 0)
            rows = await session.execute(
                select(Member.id, Member.balance, ledger_sum).where(Member.balance != ledger_sum)
            )
            credited_twice = int(await session.scalar(select(func.count()).select_from(twice)) or 0)
            bot_receipts = select(Purchase.receipt).where(Purchase.source == "bot", Purchase.receipt.is_not(None))
            receipts = {str(receipt) for receipt in await session.scalars(bot_receipts)}
            signed_up = select(func.count()).select_from(Identity).where(Identity.user_id.in_(joined or [-1]))
            joined_count = int(await session.scalar(signed_up) or 0)
    finally:
        await database.close()
    return Books(members, [tuple(row) for row in rows], credited_twice, receipts, joined_count)


# --- Report ---------------------------------------------------------------------------------------------------


def report(soak: Soak, books: Books, bot_errors: list[str], options: argparse.Namespace) -> list[str]:
    """Print the figures; return the reasons the soak failed (none: it passed)."""
    figures, tracker = soak.figures, soak.tracker
    duration = figures.window[1] - figures.window[0]
    print(f"\n{'action':<20} {'updates':>9} {'p50 ms':>8} {'p99 ms':>8}")
    for label, values in sorted(figures.latencies.items(), key=lambda item: -len(item[1])):
        p50, p99 = percentile(values, 0.5) * 1000, percentile(values, 0.99) * 1000
        print(f"{label:<20} {len(values):>9,} {p50:>8.1f} {p99:>8.1f}")
    every = figures.all_latencies()
    p50, p99 = percentile(every, 0.5) * 1000, percentile(every, 0.99) * 1000
    print(f"{'all':<20} {len(every):>9,} {p50:>8.1f} {p99:>8.1f}")
    print(f"\nthroughput     {len(every) / duration:,.1f} updates/s over {duration / 60:.1f} min")
    print(f"latency        p50 {p50:.1f} ms, p99 {p99:.1f} ms, max {max(every, default=0) * 1000:.0f} ms")
    rss_start, rss_end = figures.rss[0][1], figures.rss[-1][1]
    growth = rss_end - rss_start
    print(
        f"bot RSS        {rss_start:.1f} MiB at start, {rss_end:.1f} MiB at end "
        f"({growth:+.1f} MiB, bound {options.rss_bound_mb:g} MiB)"
    )
    print(f"RSS samples    {', '.join(f'{mib:.0f}' for _, mib in figures.rss)} MiB")
    refusals = ", ".join(f"{label} {count}" for label, count in figures.refusals.items()) or "none"
    print(
        f"visits         {figures.visits:,} ({figures.updates:,} updates in all, warm-up included); "
        f"signups in the chat {figures.signups}; vouchers claimed {figures.claims}, cancelled {figures.cancelled}, "
        f"redeemed {figures.redeemed}; refusals: {refusals}"
    )
    repeats = [receipt for receipt, sends in soak.receipt_sends.items() if sends > 1]
    print(
        f"books          {books.members:,} members, {len(books.mismatched)} balances differing from their ledger; "
        f"{len(books.receipts):,} receipts recorded, {len(repeats):,} sent twice or more, "
        f"{books.credited_twice} purchases credited twice; {figures.replays} resends answered 'already recorded'"
    )
    print(
        f"errors         unanswered {figures.unanswered.total()}, wrong or missing answers {figures.missing.total()}, "
        f"apologies {tracker.apologised}, flood warnings {tracker.throttled}, "
        f"failing Bot API calls {tracker.api_errors.total()}, errors in the bot's log {len(bot_errors)}"
    )
    failures = []
    if growth > options.rss_bound_mb:
        failures.append(f"RSS grew {growth:.1f} MiB (bound {options.rss_bound_mb})")
    for name, counter in (("unanswered", figures.unanswered), ("missing", figures.missing)):
        if counter:
            failures.append(f"{name}: {dict(counter)}")
    if tracker.apologised or tracker.throttled:
        failures.append(f"apologies {tracker.apologised}, flood warnings {tracker.throttled}")
    if tracker.api_errors:
        failures.append(f"failing Bot API calls: {dict(tracker.api_errors)}")
    if bot_errors:
        failures.append(f"{len(bot_errors)} errors in the bot's log, e.g. {bot_errors[0]}")
    if books.mismatched:
        failures.append(f"balance != ledger sum (member, balance, ledger): {books.mismatched[:5]}")
    if books.credited_twice:
        failures.append(f"{books.credited_twice} purchases credited more than once")
    if books.receipts != set(soak.receipt_sends):
        failures.append(f"receipts sent but not recorded: {sorted(set(soak.receipt_sends) - books.receipts)[:5]}")
    if books.joined != figures.signups:
        failures.append(f"{figures.signups} signups finished in the chat, {books.joined} members")
    print("\n" + ("FAIL\n  " + "\n  ".join(failures) if failures else "PASS"))
    return failures


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=10.0, help="measured duration (fractions allowed)")
    parser.add_argument("--warmup", type=float, default=None, help="seconds before measuring (20%% up to 30 s)")
    parser.add_argument("--users", type=int, default=5000)
    parser.add_argument("--signup-share", type=float, default=0.02, help="users who join through the chat")
    parser.add_argument("--concurrency", type=int, default=24, help="visits at once")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds to wait for an answer")
    parser.add_argument("--rss-bound-mb", type=float, default=64.0, help="allowed RSS growth of the bot process")
    parser.add_argument("--db", type=Path, default=None, help="SQLite file to create and keep (default: temporary)")
    parser.add_argument("--bot-log", type=Path, default=None, help="keep the bot's output in this file")
    parser.add_argument("--cashiers", type=int, default=None, help="default: one per 50 users, at least 10")
    parser.add_argument("--seed", type=int, default=1)
    return parser.parse_args(argv)


async def main(argv: list[str]) -> int:
    options = parse(argv)
    duration = options.minutes * 60
    warmup = options.warmup if options.warmup is not None else min(30.0, duration * 0.2)
    if options.db is not None and options.db.exists():
        print(f"{options.db} exists: give a new path", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="bashgah-soak-") as tmp:
        workdir = Path(tmp)
        url = f"sqlite+aiosqlite:///{options.db or workdir / 'soak.db'}"
        club_file = write_club_file(workdir)
        newcomers = round(options.users * options.signup_share)
        started = time.perf_counter()
        cashiers = options.cashiers or max(10, options.users // 50)
        config = load_club_config(club_file)
        roster = await seed(url, config, options.users, newcomers, cashiers, random.Random(options.seed))
        print(
            f"soak: {options.users:,} users ({len(roster.members):,} seeded in {time.perf_counter() - started:.1f} s, "
            f"{newcomers} to join in the chat), {len(roster.cashiers)} cashiers, {options.concurrency} visits at once; "
            f"{options.minutes:g} min measured after {warmup:.0f} s of warm-up"
        )
        api = FakeBotAPI(TOKEN, username="bashgah_soak_bot")
        await api.start()
        try:
            soak = Soak(api, roster, options)
            started = time.perf_counter()
            bot = await BotProcess.start(api, workdir, url, club_file, options.bot_log or workdir / "bot.log")
            print(
                f"bot: python -m bot run, pid {bot.process.pid} (the RSS below is this process's), "
                f"polling {time.perf_counter() - started:.1f} s after launch"
            )
            try:
                await soak.run(bot, warmup, duration)
            finally:
                started = time.perf_counter()
                status = await bot.stop()
                print(f"bot: stopped by SIGINT in {time.perf_counter() - started:.1f} s, exit status {status}")
            bot_errors, shutdown_errors = bot.errors()
            if status != 0:
                bot_errors.append(f"the bot exited with status {status}")
        finally:
            await api.stop()
        books = await read_books(url, soak.joined)
        failures = report(soak, books, bot_errors, options)
        if shutdown_errors:  # not the traffic's doing: reported, not failed
            print(f"\nnote: {len(shutdown_errors)} error line(s) logged while the bot shut down: {shutdown_errors[0]}")
        if bot_errors:
            print("\nthe bot's log, last lines:\n" + bot.log_tail())
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main(sys.argv[1:])))
