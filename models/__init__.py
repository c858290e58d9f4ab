"""SQLAlchemy models and the database handle."""

from models.base import Base, utcnow
from models.campaigns import Campaign, Delivery
from models.ledger import LedgerEntry, Purchase
from models.links import LinkAttempt, LinkCode
from models.members import Identity, Member, SignupDraft, Staff
from models.operations import ApiClient, AuditEntry, JobRun, SupportTicket, TicketReply
from models.payments import Feedback, PointsPayment
from models.referrals import Referral
from models.rewards import Reward, Voucher
from models.scheduling import Notice, SchedulerLease
from models.stats import BuyerDay, LedgerSlot, PurchaseSlot, RollupMark

__all__ = [
    "ApiClient",
    "AuditEntry",
    "Base",
    "BuyerDay",
    "Campaign",
    "Delivery",
    "Feedback",
    "Identity",
    "JobRun",
    "LedgerEntry",
    "LedgerSlot",
    "LinkAttempt",
    "LinkCode",
    "Member",
    "Notice",
    "PointsPayment",
    "Purchase",
    "PurchaseSlot",
    "Referral",
    "Reward",
    "RollupMark",
    "SchedulerLease",
    "SignupDraft",
    "Staff",
    "SupportTicket",
    "TicketReply",
    "Voucher",
    "utcnow",
]
