"""ledger: earnings by member and expiry date, for /balance's "expiring soon"

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 22:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_ledger_entries_member_expiring",
        "ledger_entries",
        ["member_id", "expires_at"],
        unique=False,
        sqlite_where=sa.text("delta > 0"),
        postgresql_where=sa.text("delta > 0"),
    )


def downgrade() -> None:
    op.drop_index("ix_ledger_entries_member_expiring", table_name="ledger_entries")
