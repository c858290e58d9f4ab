"""The simulated club's people, and what they leave for one another (vouchers to redeem, receipts to resend).

The state every scenario shares; `MemberVisits` and `TillVisits` add the scenarios, `Soak` the running.
"""

from __future__ import annotations

import argparse
import itertools
import random
from collections import Counter, deque

from bench.soaking.figures import Figures
from bench.soaking.pool import Pool
from bench.soaking.seeding import OWNER, Roster
from bench.soaking.tracking import Tracker
from bot.fakebotapi import FakeBotAPI
from locales import Translator


class Crowd:
    """The soak's users on the fake server, the pools they are taken from, and the figures they add to."""

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
        api.listeners.append(self.tracker)
        for user_id in roster.members:
            api.user(user_id, first_name=f"Member{user_id}", language_code=self.rng.choice(("fa", "en", "tr")))
        for user_id in roster.newcomers:
            api.user(user_id, first_name=f"New{user_id}", last_name="Soak", language_code="fa")
        for user_id in roster.cashiers:
            api.user(user_id, first_name="Cashier", language_code="en")
        api.user(OWNER, first_name="Owner", language_code="en")
