"""Typed domain errors. Each carries the locale key a chat or API front end shows for it."""

from __future__ import annotations


class LoyaltyError(Exception):
    """Base of every refusal the club gives; nothing was written when one is raised."""

    key = "error-generic"

    def __init__(self, message: str = "", **details: object) -> None:
        super().__init__(message or self.key)
        self.details = details


class MemberNotFound(LoyaltyError):
    key = "error-member-not-found"


class MemberBlocked(LoyaltyError):
    key = "error-member-blocked"


class PhoneTaken(LoyaltyError):
    key = "error-phone-taken"


class InsufficientPoints(LoyaltyError):
    key = "error-insufficient-points"


class InvalidPoints(LoyaltyError):
    key = "error-invalid-points"


class ReasonRequired(LoyaltyError):
    key = "error-reason-required"


class ReceiptConflict(LoyaltyError):
    """The receipt (or idempotency key) was already used for a different purchase."""

    key = "error-receipt-conflict"


class RewardNotFound(LoyaltyError):
    key = "error-reward-not-found"


class RewardUnavailable(LoyaltyError):
    """Paused, not yet valid or no longer valid."""

    key = "error-reward-unavailable"


class OutOfStock(LoyaltyError):
    key = "error-out-of-stock"


class ClaimLimitReached(LoyaltyError):
    key = "error-claim-limit"


class VoucherNotFound(LoyaltyError):
    key = "error-voucher-not-found"


class VoucherAlreadyUsed(LoyaltyError):
    key = "error-voucher-used"


class VoucherCancelled(LoyaltyError):
    key = "error-voucher-cancelled"


class VoucherExpired(LoyaltyError):
    key = "error-voucher-expired"


class VoucherAttemptsExceeded(LoyaltyError):
    """This till account typed too many unknown voucher codes lately (loyalty.wrong_codes): every code waits."""

    key = "error-voucher-too-many"


class BirthdayAlreadySet(LoyaltyError):
    """Members set their birthday once; after that only staff change it (it drives a yearly bonus)."""

    key = "error-birthday-set"


class PaymentNotFound(LoyaltyError):
    key = "error-payment-not-found"


class PaymentExpired(LoyaltyError):
    """The member did not confirm in time; the cashier asks again."""

    key = "error-payment-expired"


class PaymentClosed(LoyaltyError):
    """Already confirmed or declined."""

    key = "error-payment-closed"


class DiscountTooLarge(LoyaltyError):
    """The points are worth more than the purchase."""

    key = "error-discount-too-large"


class PointsPaymentOff(LoyaltyError):
    """The club gives points no till value (`earn.point_value = 0`)."""

    key = "error-points-payment-off"


class LinkCodeInvalid(LoyaltyError):
    """A /link code that is wrong, expired or already used (one answer for all: no hint to a guesser)."""

    key = "error-link-code-invalid"


class LinkAttemptsExceeded(LoyaltyError):
    key = "error-link-too-many"


class AccountAlreadyMember(LoyaltyError):
    """This messenger account already belongs to a membership; memberships are never merged."""

    key = "error-link-already-member"


class PlatformAlreadyLinked(LoyaltyError):
    """The membership already has an account on this messenger."""

    key = "error-link-platform-taken"
