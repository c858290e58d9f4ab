"""What cashiers do at the till: purchases (some sent again) and redeeming the vouchers members claimed."""

from __future__ import annotations

from bench.soaking.crowd import Crowd
from bench.soaking.seeding import phone
from bench.soaking.tracking import EDITS
from bench.soaking.visit import Visit
from loyalty.members import member_number


class TillVisits(Crowd):
    """A cashier's visit: `at_the_till` picks what they do."""

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
