"""Statistics rollups: summaries of closed time slots, written after the fact by `loyalty.rollups`.

Nothing on the write path touches these tables: a purchase or a claim only appends its ledger row, and the
rollups catch up later. A slot is a 15-minute UTC interval numbered from the Unix epoch (`slot * 900` seconds),
so every time zone's midnight (all offsets are multiples of 15 minutes) falls on a slot boundary.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base


class LedgerSlot(Base):
    """Points moved in one slot, by the rules of `/stats`; only slots with entries have a row."""

    __tablename__ = "stats_ledger_slots"

    slot: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    points_issued: Mapped[int] = mapped_column(BigInteger)
    points_redeemed: Mapped[int] = mapped_column(BigInteger)  # claims net of cancelled claims
    points_expired: Mapped[int] = mapped_column(BigInteger)


class PurchaseSlot(Base):
    """Purchases in one slot by the buyer's tier at the time: how many, and their total amount."""

    __tablename__ = "stats_purchase_slots"

    slot: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    tier: Mapped[str] = mapped_column(String(32), primary_key=True)
    purchases: Mapped[int] = mapped_column(BigInteger)
    revenue: Mapped[int] = mapped_column(BigInteger)


class BuyerDay(Base):
    """Who bought on one UTC day: packed member numbers (`loyalty.rollups`), split by how often they bought.

    A distinct count cannot be summed from slots; a period's buyers and repeat buyers come from the union of
    its days' arrays (a member who bought on two days, or twice on one day, is a repeat buyer).
    """

    __tablename__ = "stats_buyer_days"

    day: Mapped[date] = mapped_column(primary_key=True)
    once: Mapped[bytes] = mapped_column(LargeBinary)  # bought exactly once that day
    repeatedly: Mapped[bytes] = mapped_column(LargeBinary)  # bought two times or more that day


class RollupMark(Base):
    """How far a rollup got: every slot (and every whole UTC day) before `rolled_until` is summarized."""

    __tablename__ = "stats_rollup_marks"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    rolled_until: Mapped[datetime]
