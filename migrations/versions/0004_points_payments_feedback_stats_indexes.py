"""points payments, feedback, statistics indexes

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 17:26:15.911409
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import models.base

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "feedback",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("member_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("purchase_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("score", sa.SmallInteger(), nullable=False),
        sa.Column("created_at", models.base.UTCDateTime(), nullable=False),
        sa.CheckConstraint("score BETWEEN 0 AND 10", name=op.f("ck_feedback_score_range")),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"], name=op.f("fk_feedback_member_id_members")),
        sa.ForeignKeyConstraint(["purchase_id"], ["purchases.id"], name=op.f("fk_feedback_purchase_id_purchases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback")),
        sa.UniqueConstraint("purchase_id", name=op.f("uq_feedback_purchase_id")),
    )
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_feedback_member_id"), ["member_id"], unique=False)

    op.create_table(
        "points_payments",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("member_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("points", sa.BigInteger(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("receipt", sa.String(length=64), nullable=True),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("staff_user_id", sa.BigInteger(), nullable=False),
        sa.Column("staff_chat_id", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("idempotency_key", sa.String(length=128), nullable=False),
        sa.Column("expires_at", models.base.UTCDateTime(), nullable=False),
        sa.Column("resolved_at", models.base.UTCDateTime(), nullable=True),
        sa.Column("purchase_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("created_at", models.base.UTCDateTime(), nullable=False),
        sa.CheckConstraint("points > 0", name=op.f("ck_points_payments_points_positive")),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"], name=op.f("fk_points_payments_member_id_members")),
        sa.ForeignKeyConstraint(
            ["purchase_id"], ["purchases.id"], name=op.f("fk_points_payments_purchase_id_purchases")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_points_payments")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_points_payments_idempotency_key")),
    )
    with op.batch_alter_table("points_payments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_points_payments_member_id"), ["member_id"], unique=False)

    with op.batch_alter_table("ledger_entries", schema=None) as batch_op:
        batch_op.create_index("ix_ledger_entries_created_kind_delta", ["created_at", "kind", "delta"], unique=False)

    with op.batch_alter_table("purchases", schema=None) as batch_op:
        batch_op.create_index("ix_purchases_created_tier", ["created_at", "tier", "amount", "member_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("purchases", schema=None) as batch_op:
        batch_op.drop_index("ix_purchases_created_tier")

    with op.batch_alter_table("ledger_entries", schema=None) as batch_op:
        batch_op.drop_index("ix_ledger_entries_created_kind_delta")

    with op.batch_alter_table("points_payments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_points_payments_member_id"))

    op.drop_table("points_payments")
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feedback_member_id"))

    op.drop_table("feedback")
