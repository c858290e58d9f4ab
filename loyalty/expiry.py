"""Points expiry.

Earned points carry `expires_at`. Spending consumes the points that expire soonest first, so the amount due
to expire at a moment T is what was earned with `expires_at <= T` minus everything consumed so far (debits,
earlier expiries, less refunds of cancelled claims). With a fixed expiry period this is FIFO by earning date,
it needs no mutable per-lot state in an append-only ledger, and running it twice expires nothing twice.
"""

from __future__ import annotations

import calendar
from datetime import datetime

from loyalty.config import ClubConfig


def add_months(moment: datetime, months: int) -> datetime:
    """The same day and time `months` later, clamped to the end of shorter months (31 Jan + 1 = 28/29 Feb)."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def earned_expiry(config: ClubConfig, now: datetime) -> datetime | None:
    """When points earned now expire, or None if the club's points never expire."""
    return add_months(now, config.expiry.months) if config.expiry.months else None
