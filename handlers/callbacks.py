"""Inline-button payloads. Parsed by aiogram's CallbackData factories: a forged or stale payload either fails
to parse (and reaches the fallback) or names something the domain then refuses for this member."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData


class PickLanguage(CallbackData, prefix="lang"):
    lang: str


class KeepProfileName(CallbackData, prefix="name"):
    pass


class SkipBirthday(CallbackData, prefix="nobd"):
    pass


class Consent(CallbackData, prefix="consent"):
    yes: bool


class HistoryPage(CallbackData, prefix="hist"):
    page: int


class ShowReward(CallbackData, prefix="rw"):
    reward_id: int


class ConfirmClaim(CallbackData, prefix="claim"):
    reward_id: int
    nonce: str  # one per confirmation screen; makes the claim's idempotency key


class ShowCatalog(CallbackData, prefix="cat"):
    pass


class MyVouchers(CallbackData, prefix="vouchers"):
    pass


class CancelVoucher(CallbackData, prefix="vcancel"):
    voucher_id: int


class SettingsAction(CallbackData, prefix="set"):
    action: str  # language | marketing | birthday | delete


class ConfirmDelete(CallbackData, prefix="erase"):
    member_id: int  # an old confirmation button must not erase a membership made after it


class ConfirmPurchase(CallbackData, prefix="buy"):
    key: str  # the pending purchase in the cashier's chat state; a stale button no longer matches


class ReplyTicket(CallbackData, prefix="tkt"):
    ticket_id: int


class AdminRewards(CallbackData, prefix="ral"):
    pass


class AdminReward(CallbackData, prefix="ra"):
    reward_id: int


class EditReward(CallbackData, prefix="re"):
    reward_id: int
    field: str  # one of loyalty.catalog.EDITABLE; anything else is refused


class AddReward(CallbackData, prefix="radd"):
    pass


class AnswerPayment(CallbackData, prefix="pay"):
    payment_id: int
    yes: bool


class RatePurchase(CallbackData, prefix="nps"):
    purchase_id: int
    score: int


class CampaignAudience(CallbackData, prefix="caud"):
    kind: str  # all | tier | inactive | birthday_month | joined_since
    tier: str = ""


class CampaignGo(CallbackData, prefix="cgo"):
    action: str  # now | schedule | drop


class CampaignStop(CallbackData, prefix="cstop"):
    campaign_id: int
