"""statistics rollups: closed 15-minute slots, buyers per day, how far the rollup got; deliveries by sent_at

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 19:15:09.604667
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import models.base

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Empty at first: the scheduler's `stats_rollups` job (or the first /stats) fills them from the ledger.
    op.create_table(
        "stats_buyer_days",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("once", sa.LargeBinary(), nullable=False),
        sa.Column("repeatedly", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_stats_buyer_days")),
    )
    op.create_table(
        "stats_ledger_slots",
        sa.Column("slot", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("points_issued", sa.BigInteger(), nullable=False),
        sa.Column("points_redeemed", sa.BigInteger(), nullable=False),
        sa.Column("points_expired", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("slot", name=op.f("pk_stats_ledger_slots")),
    )
    op.create_table(
        "stats_purchase_slots",
        sa.Column("slot", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("tier", sa.String(length=32), nullable=False),
        sa.Column("purchases", sa.BigInteger(), nullable=False),
        sa.Column("revenue", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("slot", "tier", name=op.f("pk_stats_purchase_slots")),
    )
    op.create_table(
        "stats_rollup_marks",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("rolled_until", models.base.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_stats_rollup_marks")),
    )
    op.create_index(op.f("ix_deliveries_sent_at"), "deliveries", ["sent_at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_deliveries_sent_at"), table_name="deliveries")
    op.drop_table("stats_rollup_marks")
    op.drop_table("stats_purchase_slots")
    op.drop_table("stats_ledger_slots")
    op.drop_table("stats_buyer_days")
