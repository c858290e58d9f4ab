"""SQL helpers the write services share, written once for SQLite and PostgreSQL.

Hot-path statements are built once (module constants with `bindparam`s, or cached per dialect) and executed
with a parameter dict: building a statement with `.values(...)` on every call costs more than running it.

`execute` runs such a prebuilt statement. In SQLite's writer thread (the sqlite3 driver) it skips SQLAlchemy's
per-statement execution machinery, about three times the cost of the statement itself: the statement is
compiled once to SQL with `?` parameters, and each call converts the parameters with the column types' own bind
processors (so datetimes are stored exactly as SQLAlchemy stores them), runs the SQL on the sqlite3
connection and converts the row values back with the types' result processors. Everywhere else it is
`connection.execute`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from typing import Any, Protocol, TypeVar

from sqlalchemy import Connection, Executable, Insert, Select, Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError, MultipleResultsFound, NoResultFound
from sqlalchemy.orm import DeclarativeBase, configure_mappers
from sqlalchemy.orm.attributes import manager_of_class
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.types import TypeEngine

from models.base import UTCDateTime

SelectT = TypeVar("SelectT", bound=Select[*tuple[Any, ...]])
Processor = Callable[[Any], Any]

# Only the sqlite3 driver runs statements synchronously in the caller's thread; aiosqlite does not.
_FAST_DRIVER = "pysqlite"


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


ModelT = TypeVar("ModelT", bound=DeclarativeBase)


def detached(model: type[ModelT], columns: Sequence[Any], row: Sequence[Any]) -> ModelT:
    """An instance of `model` holding a row read with `execute` (values in `columns` order, then any others,
    which are ignored), in no session.

    Filled the way the ORM fills a loaded row (straight into its __dict__, so nothing is marked modified);
    several times cheaper than `model(**values)`, which fires an attribute event per column.
    """
    instance: ModelT = _manager(model).new_instance()
    instance.__dict__.update(zip((column.key for column in columns), row, strict=False))
    return instance


@cache
def _manager(model: type[DeclarativeBase]) -> Any:
    configure_mappers()  # attribute access needs configured mappers
    return manager_of_class(model)


class Rows(Protocol):
    """What `execute` returns: the part of SQLAlchemy's `CursorResult` the units of work use."""

    @property
    def rowcount(self) -> int: ...

    def first(self) -> Sequence[Any] | None: ...

    def scalar(self) -> Any: ...

    def scalar_one(self) -> Any: ...


class Prebuilt:
    """A statement built once and run many times through `execute`.

    For SQLite it is compiled once per set of parameter names, as `connection.execute` would compile it. Column
    defaults are not computed on that path: give an INSERT every column that has one (else ValueError).
    """

    def __init__(self, statement: Executable) -> None:
        self.statement = statement
        self._sqlite: dict[tuple[str, ...], _SqliteStatement] = {}  # by parameter names, which shape an INSERT

    def sqlite(self, dialect: Dialect, params: Mapping[str, Any]) -> _SqliteStatement:
        """The statement compiled for the sqlite3 driver and these parameter names (compiled on first use)."""
        keys = tuple(params)
        compiled = self._sqlite.get(keys)
        if compiled is None:
            compiled = self._sqlite[keys] = _SqliteStatement.compile(self.statement, dialect, params)
        return compiled


def execute(connection: Connection, prebuilt: Prebuilt, params: Mapping[str, Any]) -> Rows:
    """Run a prebuilt statement with `params` in the connection's transaction; one code path for every database."""
    dialect = connection.dialect
    if dialect.driver != _FAST_DRIVER:
        return connection.execute(prebuilt.statement, params)
    return prebuilt.sqlite(dialect, params).run(connection, params)


_FROM_CALLER: Any = object()  # marks a parameter the caller passes, as opposed to a literal in the statement


@dataclass(frozen=True)
class _SqliteStatement:
    """A statement compiled for the sqlite3 driver, with the converters its parameters and results need."""

    sql: str
    binds: tuple[tuple[str, Any, Processor | None], ...]  # per `?`: name, converted literal or _FROM_CALLER, converter
    results: tuple[Processor | None, ...] | None  # per result column; None when no column needs converting
    dialect: Dialect

    @classmethod
    def compile(cls, statement: Executable, dialect: Dialect, params: Mapping[str, Any]) -> _SqliteStatement:
        keys = list(params)
        compiled = statement.compile(dialect=dialect, column_keys=keys)  # type: ignore[attr-defined]
        assert isinstance(compiled, SQLCompiler)
        if compiled.insert_prefetch or compiled.update_prefetch:
            raise ValueError(f"pass every column with a default explicitly to run this statement: {compiled.string}")
        if any(bind.key in params for bind in compiled.post_compile_params):
            raise ValueError(f"IN lists must be literals in the statement to run it prebuilt: {compiled.string}")
        # Literal IN lists (`status IN ('issued', 'used')`) become one `?` per value, with the values here.
        expanded = compiled.construct_expanded_state(params)
        assert expanded.positiontup is not None
        binds = []
        for name in expanded.positiontup:
            bind = compiled.binds.get(name)
            convert = _bind_converter(bind.type, dialect) if bind is not None else expanded.processors.get(name)
            if name in params:
                binds.append((name, _FROM_CALLER, convert))
            else:
                literal = expanded.parameters[name]
                binds.append((name, literal if convert is None else convert(literal), None))
        columns = getattr(statement, "exported_columns", ())
        results = tuple(_result_converter(column.type, dialect) for column in columns)
        return cls(expanded.statement, tuple(binds), results if any(results) else None, dialect)

    def run(self, connection: Connection, params: Mapping[str, Any]) -> _SqliteRows:
        values = []
        for name, literal, convert in self.binds:
            if literal is not _FROM_CALLER:
                values.append(literal)
            elif convert is None:
                values.append(params[name])
            else:
                values.append(convert(params[name]))
        dbapi = self.dialect.loaded_dbapi
        try:
            cursor = connection.connection.driver_connection.execute(self.sql, values)  # type: ignore[union-attr]
            rows = cursor.fetchall()  # to the end, so that no statement is left running when the unit commits
        except dbapi.Error as exc:
            # The same exception classes as `connection.execute` raises, which `Database.write` retries on.
            raise DBAPIError.instance(self.sql, values, exc, dbapi.Error, dialect=self.dialect) from exc
        if self.results is not None:
            rows = [self._convert(row) for row in rows]
        return _SqliteRows(rows, cursor.rowcount)

    def _convert(self, row: tuple[Any, ...]) -> tuple[Any, ...]:
        assert self.results is not None
        return tuple(
            value if convert is None else convert(value) for value, convert in zip(row, self.results, strict=True)
        )


def _bind_converter(type_: TypeEngine[Any], dialect: Dialect) -> Processor | None:
    if isinstance(type_, UTCDateTime):
        return _utc_to_sqlite
    return type_.dialect_impl(dialect).bind_processor(dialect)


def _result_converter(type_: TypeEngine[Any], dialect: Dialect) -> Processor | None:
    if isinstance(type_, UTCDateTime):
        return _utc_from_sqlite
    return type_.dialect_impl(dialect).result_processor(dialect, None)


# Times are the most common values on the hot path. SQLAlchemy converts them in two steps (its SQLite DateTime's
# formatting or regular-expression parsing, then UTCDateTime's time-zone step); these do the same in one, with
# the text exactly as SQLAlchemy stores it (a test compares them).
def _utc_to_sqlite(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        raise ValueError("naive datetime given; Bashgah stores aware UTC times only")
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


def _utc_from_sqlite(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value).replace(tzinfo=UTC)


class _SqliteRows:
    __slots__ = ("_rows", "rowcount")

    def __init__(self, rows: list[tuple[Any, ...]], rowcount: int) -> None:
        self._rows = rows
        self.rowcount = rowcount

    def first(self) -> tuple[Any, ...] | None:
        return self._rows[0] if self._rows else None

    def scalar(self) -> Any:
        return self._rows[0][0] if self._rows else None

    def scalar_one(self) -> Any:
        if not self._rows:
            raise NoResultFound("No row was found when one was required")
        if len(self._rows) > 1:
            raise MultipleResultsFound("Multiple rows were found when exactly one was required")
        return self._rows[0][0]
