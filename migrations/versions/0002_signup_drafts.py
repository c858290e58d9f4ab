"""signup drafts

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 16:26:06.626482
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import models.base

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "signup_drafts",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=True),
        sa.Column("phone", sa.String(length=20), nullable=True),
        sa.Column("name", sa.String(length=128), nullable=True),
        sa.Column("birthday_calendar", sa.String(length=16), nullable=True),
        sa.Column("birthday_month", sa.SmallInteger(), nullable=True),
        sa.Column("birthday_day", sa.SmallInteger(), nullable=True),
        sa.Column("birthday_year", sa.SmallInteger(), nullable=True),
        sa.Column("birthday_skipped", sa.Boolean(), nullable=False),
        sa.Column("referral_code", sa.String(length=16), nullable=True),
        sa.Column("updated_at", models.base.UTCDateTime(), nullable=False),
        sa.Column("created_at", models.base.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signup_drafts")),
        sa.UniqueConstraint("platform", "user_id", name=op.f("uq_signup_drafts_platform_user_id")),
    )


def downgrade() -> None:
    op.drop_table("signup_drafts")
