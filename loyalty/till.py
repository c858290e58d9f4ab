"""Paying with points at the till: the cashier asks, the member confirms in their own chat, one transaction.

No one spends a member's points without the member's tap: a request waits (two minutes by default) for the
member to confirm; then the points come off the bill (`points × point_value`) and the purchase of what is left
to pay is recorded, earning points as usual, in the same transaction as the debit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Row, insert, select, update

from loyalty.club import Club
from loyalty.errors import (
    DiscountTooLarge,
    InsufficientPoints,
    MemberBlocked,
    MemberNotFound,
    PaymentClosed,
    PaymentExpired,
    PaymentNotFound,
    PointsPaymentOff,
)
from loyalty.ledger import post_entry
from loyalty.purchases import PurchaseRequest, PurchaseResult, record_purchase_in
from loyalty.sql import locked
from models import Member, PointsPayment

CONFIRM_WITHIN = timedelta(minutes=2)
_PAYMENTS = PointsPayment.__table__


@dataclass(frozen=True)
class PaymentRequest:
    payment_id: int
    member_id: int
    points: int
    discount: int  # in money: points × point_value
    amount: int
    expires_at: datetime


@dataclass(frozen=True)
class PaymentDone:
    payment_id: int
    member_id: int
    points: int
    discount: int
    paid: int  # what is left to pay in money after the discount
    balance: int  # after the debit and the points the paid part earned
    staff_chat_id: int
    platform: str
    purchase: PurchaseResult | None  # None when points covered the whole bill


async def request_points_payment(
    club: Club,
    *,
    member_id: int,
    points: int,
    amount: int,
    receipt: str | None,
    platform: str,
    staff_user_id: int,
    staff_chat_id: int,
    idempotency_key: str,
) -> PaymentRequest:
    """Ask the member to confirm spending `points` off a purchase of `amount`; a repeat of the key returns it."""
    value = club.config.earn.point_value
    if value <= 0:
        raise PointsPaymentOff()
    if points * value > amount:
        raise DiscountTooLarge(points=points, amount=amount)
    now = club.clock()

    def ask(connection: Connection) -> PaymentRequest:
        earlier = connection.execute(select(_PAYMENTS).where(PointsPayment.idempotency_key == idempotency_key)).first()
        if earlier is None:
            member = connection.execute(select(Member.status, Member.balance).where(Member.id == member_id)).first()
            if member is None or member.status == "deleted":
                raise MemberNotFound(member_id=member_id)
            if member.status != "active":
                raise MemberBlocked(member_id=member_id)
            if member.balance < points:
                raise InsufficientPoints(member_id=member_id, needed=points)
            payment_id = connection.execute(
                insert(PointsPayment)
                .values(
                    member_id=member_id,
                    points=points,
                    amount=amount,
                    receipt=receipt,
                    platform=platform,
                    staff_user_id=staff_user_id,
                    staff_chat_id=staff_chat_id,
                    status="pending",
                    idempotency_key=idempotency_key,
                    expires_at=now + CONFIRM_WITHIN,
                    created_at=now,
                )
                .returning(PointsPayment.id)
            ).scalar_one()
            return PaymentRequest(payment_id, member_id, points, points * value, amount, now + CONFIRM_WITHIN)
        return PaymentRequest(
            earlier.id, earlier.member_id, earlier.points, earlier.points * value, earlier.amount, earlier.expires_at
        )

    return await club.db.write(ask)


async def confirm_points_payment(club: Club, *, payment_id: int, member_id: int) -> PaymentDone:
    """The member's tap: debit the points and record the purchase of the rest, in one transaction.

    Raises PaymentNotFound for someone else's or an unknown request, PaymentExpired after the time limit,
    PaymentClosed when it was already confirmed or declined, InsufficientPoints when the balance fell meanwhile.
    """
    config = club.config
    now = club.clock()

    def confirm(connection: Connection) -> PaymentDone:
        payment = _open_payment(connection, payment_id, member_id, now)
        discount = payment.points * config.earn.point_value
        balance = post_entry(
            connection,
            member_id=member_id,
            delta=-payment.points,
            kind="till",
            key=f"till:{payment.id}",
            reference=f"payment:{payment.id}",
            now=now,
            touch=True,
        )
        assert balance is not None  # the status flip below happens once per payment
        purchase = None
        paid = payment.amount - discount
        if paid > 0:
            request = PurchaseRequest(
                member_id=member_id,
                amount=paid,
                receipt=payment.receipt,
                idempotency_key=f"payment:{payment.id}",
                created_by=f"{payment.platform}:{payment.staff_user_id}",
            )
            purchase = record_purchase_in(connection, config, request, now)
            balance = purchase.balance
        connection.execute(
            update(PointsPayment)
            .where(PointsPayment.id == payment.id)
            .values(status="confirmed", resolved_at=now, purchase_id=purchase.purchase_id if purchase else None)
        )
        return PaymentDone(
            payment.id,
            member_id,
            payment.points,
            discount,
            paid,
            balance,
            payment.staff_chat_id,
            payment.platform,
            purchase,
        )

    return await club.db.write(confirm)


async def decline_points_payment(club: Club, *, payment_id: int, member_id: int) -> Row[Any]:
    """The member said no: nothing is debited; returns the request so the cashier can be told."""
    now = club.clock()

    def decline(connection: Connection) -> Row[Any]:
        payment = _open_payment(connection, payment_id, member_id, now)
        connection.execute(
            update(PointsPayment).where(PointsPayment.id == payment.id).values(status="declined", resolved_at=now)
        )
        return payment

    return await club.db.write(decline)


def _open_payment(connection: Connection, payment_id: int, member_id: int, now: datetime) -> Row[Any]:
    payment = connection.execute(
        locked(select(_PAYMENTS).where(PointsPayment.id == payment_id, PointsPayment.member_id == member_id))
    ).first()
    if payment is None:
        raise PaymentNotFound(payment_id=payment_id)
    if payment.status != "pending":
        raise PaymentClosed(payment_id=payment_id)
    # A lapsed request simply stays pending and unusable: nothing to undo, and the time says it all.
    if now >= payment.expires_at:
        raise PaymentExpired(payment_id=payment_id)
    return payment
