"""SQL helpers the write services share, written once for SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import Connection, Select, Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import DeclarativeBase

SelectT = TypeVar("SelectT", bound=Select[*tuple[Any, ...]])


def insert_ignoring_conflicts(connection: Connection, model: type[DeclarativeBase]) -> Any:
    """`INSERT … ON CONFLICT DO NOTHING`: a unique key that is already there is not an error but a no-op."""
    table = model.__table__
    assert isinstance(table, Table)
    if connection.dialect.name == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing()
    return sqlite.insert(table).on_conflict_do_nothing()


def locked(statement: SelectT, *of: Any) -> SelectT:
    """Lock the selected rows until commit on PostgreSQL; SQLite's single writer needs no row locks."""
    return statement.with_for_update(of=of or None)
