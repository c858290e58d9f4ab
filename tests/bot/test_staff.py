"""Merchant tools through the real bot: purchases at the till, vouchers, lookups, adjustments, roles, support."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from handlers.qr import qr_png
from loyalty.members import card_payload
from models import AuditEntry, Campaign, Feedback, LedgerEntry, Purchase, Referral, Reward, Voucher
from scheduler.outbox import Outbox
from tests.bot.conftest import ADMIN, CASHIER
from tests.bot.test_signup import sign_up
from tests.harness import OWNER, Harness, member_of
from tests.helpers import add_reward


async def _count(harness: Harness, model: type, *where: object) -> int:
    async with harness.club.db.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


async def test_cashier_records_purchases_by_number_phone_and_qr_and_the_customer_hears(shop: Harness) -> None:
    await sign_up(shop, 101)
    member = await member_of(shop, 101)
    cashier, customer = shop.user(CASHIER), shop.user(101)
    await cashier.send("/purchase 1001 250000 R-1")
    assert "+25 points" in (cashier.last.text or "") and "balance 75" in (cashier.last.text or "")
    assert "You earned 25 points" in (customer.last.text or "")
    await cashier.send("/purchase 1001 250000 R-1")  # the same receipt again
    assert "already recorded" in (cashier.last.text or "")
    await cashier.send("/purchase 09120000101 ۱۰۰٬۰۰۰")  # phone, Persian digits and separators
    await cashier.send(f"/purchase {card_payload(member.id)} 100000")
    await cashier.send("/purchase")
    await cashier.send_photo(qr_png(card_payload(member.id)))
    assert "Member 1001" in (cashier.last.text or "")
    await cashier.send("100000")
    assert await _count(shop, Purchase) == 4
    assert (await member_of(shop, 101)).balance == 50 + 25 + 10 + 10 + 10
    assert sum("You earned" in text for text in customer.texts()) == 4


async def test_large_purchase_asks_first_and_announces_the_tier_upgrade_once(shop: Harness) -> None:
    await sign_up(shop, 102)
    cashier, customer = shop.user(CASHIER), shop.user(102)
    await cashier.send("/purchase 1001 60000000 BIG")
    assert await _count(shop, Purchase) == 0
    confirm = cashier.last
    await cashier.press("✅ Record it", confirm, wait=False)
    await cashier.press("✅ Record it", confirm)
    assert await _count(shop, Purchase) == 1
    assert "moved up to Gold" in (cashier.last.text or "")
    assert sum("You are now Gold" in text for text in customer.texts()) == 1


async def test_referral_pays_both_sides_once_and_tells_them(shop: Harness) -> None:
    await sign_up(shop, 103)
    referrer = await member_of(shop, 103)
    await sign_up(shop, 104, start=f"/start ref_{referrer.referral_code}")
    cashier = shop.user(CASHIER)
    await cashier.send("/purchase 1002 1500000 F-1")
    await cashier.send("/purchase 1002 1500000 F-1")
    assert await _count(shop, LedgerEntry, LedgerEntry.kind == "referral") == 2
    assert await _count(shop, Referral, Referral.status == "rewarded") == 1
    assert "you earned 100 points" in (shop.user(103).last.text or "")
    assert any("friend's link: 50 points" in text for text in shop.user(104).texts())


async def test_voucher_claimed_by_the_customer_is_redeemed_once_at_the_till(shop: Harness) -> None:
    await sign_up(shop, 105)
    await add_reward(shop.club, cost=40)
    customer, cashier = shop.user(105), shop.user(CASHIER)
    await customer.send("/rewards")
    await customer.press("Gift · 40")
    await customer.press("✅ Claim it")
    async with shop.club.db.sessions() as session:
        voucher = await session.scalar(select(Voucher))
    assert voucher is not None
    await cashier.send(f"/redeem {voucher.code.lower()}")
    assert "Give: Gift" in (cashier.last.text or "")
    assert "was used" in (customer.last.text or "")
    await cashier.send(f"/redeem {voucher.code}")
    assert cashier.last.text == "This voucher has already been used."
    await cashier.send("/redeem NOPE2345")
    assert cashier.last.text == "No such voucher."


@pytest.mark.parametrize(
    "command",
    [
        "/purchase 1001 5000",
        "/redeem ABCD2345",
        "/member 1001",
        "/adjust 1001 +5 gift",
        "/block 1001",
        "/staff add 5 admin",
    ],
)
async def test_staff_commands_are_refused_to_customers_and_nothing_changes(shop: Harness, command: str) -> None:
    await sign_up(shop, 106)
    customer = shop.user(106)
    before = await _count(shop, LedgerEntry)
    await customer.send(command)
    assert customer.last.text == "Sorry, this command is for the shop's staff only."
    assert await _count(shop, LedgerEntry) == before
    assert (await member_of(shop, 106)).status == "active"


async def test_admin_only_commands_are_refused_to_cashiers(shop: Harness) -> None:
    await sign_up(shop, 107)
    cashier = shop.user(CASHIER)
    for command in ("/adjust 1001 +5 gift", "/block 1001", "/staff"):
        await cashier.send(command)
        assert cashier.last.text == "Sorry, your role does not allow this command."
    assert (await member_of(shop, 107)).balance == 50


@pytest.mark.parametrize(
    ("command", "answer"),
    [
        ("/purchase 1001", "Use: /purchase"),
        ("/purchase 1001 5 6 7", "Use: /purchase"),
        ("/purchase 1001 -5000", "cannot be negative"),
        ("/purchase 1001 0", "more than zero"),
        ("/purchase 1001 12abc", "not a number"),
        ("/purchase 1001 12.5", "whole number"),
        ("/purchase 1001 99999999999999999999", "too large"),
        ("/purchase 99999 5000", "No member was found."),
        ("/purchase 0912000 5000", "No member was found."),
        ("/adjust 1001 +5", "Use: /adjust"),
        ("/adjust 1001 zero gift", "not a number"),
        ("/adjust 1001 -5000 oops", "Not enough points"),
    ],
)
async def test_bad_input_gets_a_clear_answer_and_writes_nothing(shop: Harness, command: str, answer: str) -> None:
    await sign_up(shop, 108)
    admin = shop.user(ADMIN)
    before = await _count(shop, LedgerEntry)
    await admin.send(command)
    assert answer in (admin.last.text or "")
    assert await _count(shop, LedgerEntry) == before
    assert await _count(shop, Purchase) == 0


async def test_member_lookup_adjust_block_and_audit(shop: Harness) -> None:
    await sign_up(shop, 109)
    admin = shop.user(ADMIN)
    await admin.send("/member 1001")
    card = admin.last.text or ""
    assert "Member 1001" in card and "+98912***0109" in card and "09120000109" not in card
    await admin.send("/adjust ۱۰۰۱ +۲۰ birthday gift")
    assert (await member_of(shop, 109)).balance == 70
    assert "adjusted your points: +20" in (shop.user(109).last.text or "")
    await admin.send("/block 1001")
    await shop.user(CASHIER).send("/purchase 1001 500000")
    assert shop.user(CASHIER).last.text == "This membership is blocked. Please contact the shop."
    await admin.send("/unblock 1001")
    assert (await member_of(shop, 109)).status == "active"
    assert await _count(shop, AuditEntry, AuditEntry.action == "member.status") == 2


async def test_owner_manages_staff_and_their_command_menu(shop: Harness) -> None:
    owner = shop.user(OWNER, first_name="Owner", language_code="en")
    await owner.send("/staff add 9010 cashier Dana")
    assert "9010 is now cashier" in (owner.last.text or "")
    menu = [command["command"] for command in shop.api.commands({"type": "chat", "chat_id": 9010})]
    assert "purchase" in menu and "adjust" not in menu
    await owner.send("/staff")
    assert "9010: cashier Dana" in (owner.last.text or "")
    await owner.send("/staff remove 9010")
    assert shop.api.commands({"type": "chat", "chat_id": 9010}) == []
    await owner.send(f"/staff remove {OWNER}")
    assert owner.last.text == "Owners are set in the club file, not in the chat."


async def test_support_ticket_reply_reaches_the_customer(shop: Harness) -> None:
    await sign_up(shop, 110)
    customer, admin = shop.user(110), shop.user(ADMIN)
    await customer.send("/support")
    await customer.send("Where is my coffee?")
    assert "Where is my coffee?" in (admin.last.text or "")
    await admin.press("tkt:1")  # staff notes are in the club's language
    await admin.send("On its way <3")
    assert "On its way <3" in (customer.last.text or "")
    assert "sent" in (admin.last.text or "")


async def test_admin_adds_edits_pauses_and_resumes_a_reward(shop: Harness) -> None:
    admin = shop.user(ADMIN)
    await admin.send("/rewards_admin")
    await admin.press("➕ Add a reward")
    await admin.send("کیک | Cake | Pasta")
    await admin.send("-5")
    assert "cannot be negative" in (admin.last.text or "")
    await admin.send("۱۲۰")
    await admin.send("3")
    assert "Reward added" in (admin.last.text or "")
    async with shop.club.db.sessions() as session:
        reward = await session.scalar(select(Reward).where(Reward.cost == 120))
    assert reward is not None and reward.title == {"fa": "کیک", "en": "Cake", "tr": "Pasta"} and reward.stock == 3
    await admin.press("Limit per member")
    await admin.send("1")
    await admin.press("Valid until")
    await admin.send("2026-02-30")
    assert "does not exist" in (admin.last.text or "")
    await admin.send("2026-12-31")
    await admin.press("⏸ Pause")
    async with shop.club.db.sessions() as session:
        edited = await session.get(Reward, reward.id)
    assert edited is not None and edited.per_member_limit == 1 and not edited.active
    assert edited.valid_until is not None and edited.valid_until.isoformat() == "2026-12-31T20:30:00+00:00"
    await sign_up(shop, 111)
    await shop.user(111).send("/rewards")
    assert "Cake" not in (shop.user(111).last.text or "")  # paused rewards are not offered
    await admin.press("▶️ Resume")
    await shop.user(111).send("/rewards")
    assert "Cake" in (shop.user(111).last.text or "")
    assert await _count(shop, AuditEntry, AuditEntry.action.like("reward.%")) == 5


async def test_pay_with_points_needs_the_members_tap_and_is_one_transaction(shop: Harness) -> None:
    await sign_up(shop, 112)
    cashier, customer = shop.user(CASHIER), shop.user(112)
    await cashier.send("/purchase 1001 5000000 P-0")  # balance 50 + 500
    await cashier.send("/pay 1001 100 2000000 P-1")  # 100 points × 500 = 50,000 off
    assert "Asked member 1001" in (cashier.last.text or "")
    assert await _count(shop, LedgerEntry, LedgerEntry.kind == "till") == 0  # nothing moves before the tap
    ask = customer.last
    assert "<b>" not in (ask.text or "") and "100 points" in (ask.text or "")
    await customer.press("✅ Yes, pay with my points", ask, wait=False)
    await customer.press("✅ Yes, pay with my points", ask)  # a double tap pays once
    assert await _count(shop, LedgerEntry, LedgerEntry.kind == "till") == 1
    assert "۱٬۹۵۰٬۰۰۰" in (cashier.last.text or "")  # messages the till did not ask for: club language
    member = await member_of(shop, 112)
    assert member.balance == 550 - 100 + 195  # the paid part earns points as usual
    async with shop.club.db.sessions() as session:
        purchase = await session.scalar(select(Purchase).where(Purchase.receipt == "P-1"))
    assert purchase is not None and purchase.amount == 1_950_000


async def test_pay_with_points_declined_expired_or_foreign_changes_nothing(shop: Harness, clock: object) -> None:
    await sign_up(shop, 113)
    await sign_up(shop, 114)
    cashier, customer, other = shop.user(CASHIER), shop.user(113), shop.user(114)
    await cashier.send("/pay 1001 10 100000")
    await customer.press("❌ No")
    assert "نپذیرفت" in (cashier.last.text or "")
    await cashier.send("/pay 1001 10 100000")
    ask = customer.last
    forged = other.last
    forged.reply_markup = ask.reply_markup
    await other.press("✅ Yes, pay with my points", forged)  # someone else's request
    assert other.last.text == "That payment request does not exist."
    shop.club.clock.advance(minutes=3)  # type: ignore[attr-defined]
    await customer.press("✅ Yes, pay with my points", ask)
    assert customer.last.text == "That payment request has expired. The cashier can ask again."
    await cashier.send("/pay 1001 1000 100000000")
    assert cashier.last.text == "Not enough points for that."
    await cashier.send("/pay 1001 40 10000")
    assert cashier.last.text == "Those points are worth more than the purchase."
    assert await _count(shop, LedgerEntry, LedgerEntry.kind == "till") == 0
    assert (await member_of(shop, 113)).balance == 50


async def test_the_member_rates_a_purchase_once_with_one_tap(shop: Harness) -> None:
    await sign_up(shop, 115)
    await shop.user(CASHIER).send("/purchase 1001 100000")
    customer = shop.user(115)
    rating = customer.last
    assert "recommend us" in (rating.text or "") and len(rating.buttons) == 11
    await customer.press("9", rating)
    await customer.press("3", rating) if rating.buttons else None
    async with shop.club.db.sessions() as session:
        scores = list(await session.scalars(select(Feedback.score)))
    assert scores == [9]
    admin = shop.user(ADMIN)
    shop.club.clock.advance(minutes=1)  # type: ignore[attr-defined]  # a period ends now, exclusive
    await admin.send("/stats month")
    assert "NPS: 100 (1 answers)" in (admin.messages[-2].text or "")  # one promoter; the chart comes last


async def test_admin_sends_a_campaign_to_a_segment_and_follows_its_delivery(shop: Harness) -> None:
    for user_id in (116, 117, 118):
        user = shop.user(user_id, first_name=f"U{user_id}", last_name=None, language_code="en")
        await user.send("/start")
        await user.press("English")
        await user.send_contact(f"98912{user_id:07d}")
        await user.press_reply(f"U{user_id}")
        await user.press_reply(user.reply_keyboard[0]["text"])  # skip birthday
        await user.press_reply(user.reply_keyboard[0 if user_id != 118 else 1]["text"])  # 118 declines offers
    admin = shop.user(ADMIN)
    await admin.send("/campaign")
    await admin.send("Double points this <Friday> & Saturday!")
    await admin.press("Everyone who accepted offers")
    assert "reaches 2 members" in (admin.last.text or "")
    assert admin.messages[-2].text == "Double points this <Friday> & Saturday!"  # the preview, literal
    await admin.press("🚀 Send now")
    assert "Campaign #1 is on its way" in (admin.last.text or "")
    run = await Outbox(shop.club, shop.dispatcher["notifier"], shop.dispatcher["translator"]).run()
    assert run is not None
    assert shop.user(116).last.text == "Double points this <Friday> & Saturday!"
    assert "Double points" not in (shop.user(118).last.text or "")
    await admin.send("/campaigns")
    assert "#1 · done" in (admin.last.text or "") or "sent 2" in (admin.last.text or "")


async def test_campaign_scheduling_refuses_the_past_and_can_be_stopped(shop: Harness) -> None:
    admin = shop.user(ADMIN)
    await admin.send("/campaign")
    await admin.send("Spring sale")
    await admin.press("Inactive for N days")
    await admin.send("30")
    await admin.press("🕒 Schedule")
    await admin.send("2020-01-01 10:00")
    assert "future date" in (admin.last.text or "")
    await admin.send("2026-12-31 18:30")
    assert "will go out at" in (admin.last.text or "")
    await admin.send("/campaigns")
    await admin.press("⏹ Stop #1")
    async with shop.club.db.sessions() as session:
        campaign = await session.get(Campaign, 1)
    assert campaign is not None and campaign.status == "cancelled"


async def test_a_photo_without_a_readable_code_is_explained(shop: Harness) -> None:
    cashier = shop.user(CASHIER)
    await cashier.send("/purchase")
    await cashier.send_photo(qr_png("x")[:40])  # a truncated image: nothing to decode
    assert cashier.last.text == "I could not read a code from that. Please type the member number instead."
    assert await _count(shop, Purchase) == 0
