"""SQLAlchemy models and the database handle."""

from models.base import Base, utcnow
from models.campaigns import Campaign, Delivery
from models.ledger import LedgerEntry, Purchase
from models.members import Identity, Member, SignupDraft, Staff
from models.operations import ApiClient, AuditEntry, JobRun, SupportTicket, TicketReply
from models.referrals import Referral
from models.rewards import Reward, Voucher

__all__ = [
    "ApiClient",
    "AuditEntry",
    "Base",
    "Campaign",
    "Delivery",
    "Identity",
    "JobRun",
    "LedgerEntry",
    "Member",
    "Purchase",
    "Referral",
    "Reward",
    "SignupDraft",
    "Staff",
    "SupportTicket",
    "TicketReply",
    "Voucher",
    "utcnow",
]
