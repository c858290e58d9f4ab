"""SQL helpers the write services share, written once for SQLite and PostgreSQL.

Hot-path statements are built once (module constants with `bindparam`s, or cached per dialect) and executed
with a parameter dict: building a statement with `.values(...)` on every call costs more than running it.
"""

from __future__ import annotations

from functools import cache
from typing import Any, TypeVar

from sqlalchemy import Insert, Select, Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import DeclarativeBase

SelectT = TypeVar("SelectT", bound=Select[*tuple[Any, ...]])


@cache
def insert_ignoring_conflicts(dialect: str, model: type[DeclarativeBase]) -> Insert:
    """`INSERT … ON CONFLICT DO NOTHING` for `model`: a unique key already there is a no-op, not an error.

    Execute it with the row as a parameter dict; add `.returning(...)` to learn whether a row was written.
    """
    table = model.__table__
    assert isinstance(table, Table)
    if dialect == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing()
    return sqlite.insert(table).on_conflict_do_nothing()


def locked(statement: SelectT, *of: Any) -> SelectT:
    """Lock the selected rows until commit on PostgreSQL; SQLite's single writer needs no row locks."""
    return statement.with_for_update(of=of or None)
