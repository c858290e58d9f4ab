from __future__ import annotations

from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection

from models import Base
from models.database import Database


def _differences(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, Base.metadata))


async def test_migrations_build_exactly_the_models(db: Database) -> None:
    """The `db` fixture's schema comes from Alembic; it must match the models table for table, index for index."""
    async with db.engine.connect() as connection:
        assert await connection.run_sync(_differences) == []
