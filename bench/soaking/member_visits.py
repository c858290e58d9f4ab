"""What members do in a visit: the customer scenarios, and the signup of a newcomer."""

from __future__ import annotations

from bench.soaking.crowd import Crowd
from bench.soaking.seeding import phone
from bench.soaking.tracking import EDITS, SENDS
from bench.soaking.visit import Visit
from handlers.prompts import BIRTHDAY_EXAMPLE
from loyalty.dates import DEFAULT_CALENDAR

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


class MemberVisits(Crowd):
    """One method per customer scenario (named in CUSTOMER_SCENARIOS), and `signup`."""

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
