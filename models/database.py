"""The database handle: an async engine for reads and one write path that runs each unit of work atomically.

Why a separate write path: through aiosqlite every SQL statement costs a hop to aiosqlite's thread, and a
purchase is half a dozen statements. On SQLite the whole unit of work runs instead in one dedicated writer
thread over a plain sqlite3 connection (one hop per transaction), and concurrent units are committed together
(group commit; a unit that fails sends its group back to run one by one) and answered after the COMMIT with one
wake-up of their event loop. One writer thread also serializes writers, which is what SQLite does anyway. The
log is copied into the database file by another thread (models.checkpoints), not inside a writer's COMMIT.
On PostgreSQL the same unit runs through asyncpg with `run_sync`, and row locks and conditional updates keep
concurrent transactions apart.
"""

from __future__ import annotations

import asyncio
import logging
import queue
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.dialects import registry
from sqlalchemy.dialects.sqlite.pysqlite import SQLiteDialect_pysqlite
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.pool import AsyncAdaptedQueuePool, Pool, StaticPool

from models.checkpoints import BACKSTOP_PAGES, Checkpointer

T = TypeVar("T")
Work = Callable[[Connection], T]

log = logging.getLogger(__name__)

# A unit of work is written to be re-run: it reads what it needs and checks idempotency keys first, so a
# unique-key race (two workers, one receipt) or a PostgreSQL serialization failure is resolved by running it
# again, when the second run sees the first one's row. Other integrity errors (a CHECK, NOT NULL or foreign
# key violation) would fail the same way again: they are raised at once.
ATTEMPTS = 4
_RETRYABLE_SQLSTATES = {"23505", "40001", "40P01"}  # unique_violation, serialization_failure, deadlock_detected
_RETRYABLE_SQLITE_ERRORS = {"SQLITE_CONSTRAINT_UNIQUE", "SQLITE_CONSTRAINT_PRIMARYKEY"}
MAX_GROUP = 64
SQLITE_PRAGMAS = ("journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON", "busy_timeout=10000")


def _is_retryable(exc: BaseException) -> bool:
    if not isinstance(exc, DBAPIError):
        return False
    orig = exc.orig
    if isinstance(orig, sqlite3.Error):
        return getattr(orig, "sqlite_errorname", None) in _RETRYABLE_SQLITE_ERRORS
    return (getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)) in _RETRYABLE_SQLSTATES


# SQLSTATEs of a PostgreSQL that is there but cannot serve this transaction now: connection exceptions (class 08),
# too many connections, lock not available (lock_timeout), query cancelled (statement_timeout), shutting down or
# starting up.
_PG_UNAVAILABLE = ("08", "53300", "55P03", "57014", "57P01", "57P02", "57P03")


def database_busy(error: BaseException) -> bool:
    """Whether `error` means the database could not take the unit of work just now (locked, unreachable,
    out of connections), so nothing was written and the same request can simply be sent again.

    SQLite: another connection held the write lock past the busy timeout (SQLITE_BUSY / SQLITE_LOCKED); errors
    that would repeat (no such table, a constraint) are not "busy". A transaction that failed this way rolled
    back whole: every write is one unit of work (models.database).
    """
    if isinstance(error, PoolTimeout):  # no pooled connection came free in time
        return True
    if isinstance(error, ConnectionRefusedError):  # asyncpg's connect error, which SQLAlchemy passes on as is
        return True
    if not isinstance(error, DBAPIError):
        return False
    if error.connection_invalidated:
        return True
    orig = error.orig
    if isinstance(orig, sqlite3.Error):
        return str(getattr(orig, "sqlite_errorname", "")).startswith(("SQLITE_BUSY", "SQLITE_LOCKED"))
    state = str(getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None) or "")
    return bool(state) and state.startswith(_PG_UNAVAILABLE)


def _inline_reader_connect(dbapi_connection: Any, record: Any) -> None:
    # No implicit transactions from the sqlite3 module (it never begins one for a SELECT anyway): _read_inline
    # begins and ends each unit's snapshot itself.
    dbapi_connection.isolation_level = None
    _sqlite_pragmas(dbapi_connection, record)


def _read_inline(connection: Connection, work: Work[T]) -> T:
    """Run a read unit in one snapshot on the inline reader connection.

    BEGIN and ROLLBACK go straight to sqlite3: through SQLAlchemy's transaction they cost more than the reads.
    """
    driver = connection.connection.driver_connection
    assert isinstance(driver, sqlite3.Connection)
    driver.execute("BEGIN")
    try:
        return work(connection)
    finally:
        if connection.in_transaction():  # SQLAlchemy's own, begun by a statement not run through loyalty.sql
            connection.rollback()
        driver.rollback()


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    for pragma in SQLITE_PRAGMAS:
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()


@dataclass
class _Job(Generic[T]):
    work: Work[T]
    loop: asyncio.AbstractEventLoop
    future: asyncio.Future[T] = field(init=False)

    def __post_init__(self) -> None:
        self.future = self.loop.create_future()

    def answer(self, outcome: T | BaseException) -> None:
        """Settle the future; call on its loop's thread."""
        if self.future.done():  # the caller was cancelled; the work still committed or failed alone
            return
        if isinstance(outcome, BaseException):
            self.future.set_exception(outcome)
        else:
            self.future.set_result(outcome)


def _answer_all(answers: list[tuple[_Job[Any], Any]]) -> None:
    for job, outcome in answers:
        job.answer(outcome)


def _settle(jobs: list[_Job[Any]], outcomes: list[Any]) -> None:
    """Answer the jobs of a group from the writer thread with one wake-up per event loop, not one per job.

    Each wake-up writes to the loop's self-pipe and has the loop's thread compete for the GIL while the writer
    runs the next group, so per-job wake-ups cost the writer about as much as a statement each.
    """
    by_loop: dict[asyncio.AbstractEventLoop, list[tuple[_Job[Any], Any]]] = {}
    for job, outcome in zip(jobs, outcomes, strict=True):
        by_loop.setdefault(job.loop, []).append((job, outcome))
    for loop, answers in by_loop.items():
        try:
            loop.call_soon_threadsafe(_answer_all, answers)
        except RuntimeError:  # that loop is closed: nobody awaits these answers, but other loops' callers do
            log.warning("db.write.loop_closed", extra={"jobs": len(answers)})


class SqliteWriter:
    """One thread owning SQLite's write connection; committed units are answered only after COMMIT."""

    def __init__(self, url: str) -> None:
        self.engine: Engine = create_engine(url)
        event.listen(self.engine, "connect", self._on_connect)
        event.listen(self.engine, "begin", self._on_begin)
        path = self.engine.url.database
        self._checkpointer = Checkpointer(path) if path and path != ":memory:" else None
        self._queue: queue.SimpleQueue[_Job[Any] | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._serve, name="bashgah-sqlite-writer", daemon=True)
        self._thread.start()

    @staticmethod
    def _on_connect(dbapi_connection: Any, record: Any) -> None:
        # Let SQLAlchemy's "begin" event emit BEGIN IMMEDIATE instead of pysqlite's lazy deferred BEGIN:
        # the write lock is taken up front, so a transaction never fails half-way on a lock upgrade.
        dbapi_connection.isolation_level = None
        _sqlite_pragmas(dbapi_connection, record)
        dbapi_connection.execute(f"PRAGMA wal_autocheckpoint={BACKSTOP_PAGES}")  # the Checkpointer copies the log

    @staticmethod
    def _on_begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    async def submit(self, work: Work[T]) -> T:
        job = _Job(work, asyncio.get_running_loop())
        self._queue.put(job)
        return await job.future

    def close(self) -> None:
        self._queue.put(None)
        self._thread.join(timeout=30)
        if self._checkpointer is not None:
            self._checkpointer.close()
        self.engine.dispose()

    def _serve(self) -> None:
        with self.engine.connect() as connection:
            while (group := self._next_group()) is not None:
                if len(group) == 1:
                    outcomes = [self._run_alone(connection, group[0])]
                else:
                    outcomes = self._run_group(connection, group)
                _settle(group, outcomes)
                if self._checkpointer is not None:
                    self._checkpointer.poke()

    def _next_group(self) -> list[_Job[Any]] | None:
        """Wait for a job, then take whatever else is already queued (up to MAX_GROUP); None to stop."""
        job = self._queue.get()
        if job is None:
            return None
        group = [job]
        while len(group) < MAX_GROUP:
            try:
                nxt = self._queue.get_nowait()
            except queue.Empty:
                break
            if nxt is None:
                self._queue.put(None)  # finish this group, then stop
                break
            group.append(nxt)
        return group

    @staticmethod
    def _run_alone(connection: Connection, job: _Job[Any]) -> Any:
        """The job's result, or the exception it raised (its transaction then rolled back)."""
        try:
            with connection.begin():
                return job.work(connection)
        except BaseException as exc:
            return exc

    @classmethod
    def _run_group(cls, connection: Connection, group: list[_Job[Any]]) -> list[Any]:
        # No savepoint per unit: SQLite savepoints cost about a quarter of a purchase. If any unit fails, the
        # whole group rolls back and each unit runs again alone, so one refusal never undoes another's work.
        try:
            with connection.begin():
                return [job.work(connection) for job in group]
        except Exception:
            return [cls._run_alone(connection, job) for job in group]
        except BaseException as exc:
            return [exc for _ in group]


class InlineSQLiteDialect(SQLiteDialect_pysqlite):
    """Plain sqlite3 driven from the event loop's own thread, behind SQLAlchemy's asyncio API.

    Why: through aiosqlite every statement is a hand-off to another thread, and on a busy 2-core machine the
    GIL turns each hand-off into a wait of up to the interpreter's switch interval (milliseconds). A short
    indexed read in WAL mode takes microseconds and never waits for the writer, so running it inline is far
    cheaper. Only `Database.quick_sessions` use this: the handlers' short reads during an update. Long reads
    (statistics, exports, scheduler scans) keep `Database.sessions`, which stay off the event loop.
    """

    is_async = True  # nothing here awaits: SQLAlchemy's greenlet bridge simply runs the calls to completion
    supports_statement_cache = True


INLINE_DRIVER = "bashgah_inline"
registry.register(f"sqlite.{INLINE_DRIVER}", __name__, "InlineSQLiteDialect")


class Database:
    """Engines and session factories for one database URL (SQLite or PostgreSQL).

    `sessions` are for any read; `quick_sessions` for short reads on the hot path of a chat update (inline
    on SQLite, see InlineSQLiteDialect; the same as `sessions` on PostgreSQL). `read` runs a short read unit
    (a function of a Connection, like a write unit) with the least overhead: the per-update lookups every
    message pays for. Writes go through `write`.
    """

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = make_url(url)
        self.is_sqlite = self.url.get_backend_name() == "sqlite"
        options: dict[str, Any] = {"echo": echo}
        if not self.is_sqlite:
            options.update(pool_size=10, max_overflow=20, pool_pre_ping=True)
        self.engine: AsyncEngine = create_async_engine(self.url, **options)
        self.sessions: async_sessionmaker[AsyncSession] = async_sessionmaker(self.engine, expire_on_commit=False)
        self.quick_sessions = self.sessions
        self._writer: SqliteWriter | None = None
        self._inline: AsyncEngine | None = None
        self._reader_engine: Engine | None = None
        self._reader: Connection | None = None
        if self.is_sqlite:
            event.listen(self.engine.sync_engine, "connect", _sqlite_pragmas)
            self._writer = SqliteWriter(self.url.set(drivername="sqlite").render_as_string(hide_password=False))
            self._inline = create_async_engine(
                self.url.set(drivername=f"sqlite+{INLINE_DRIVER}"),
                poolclass=AsyncAdaptedQueuePool,
                # One connection per update in flight; overflow connections would be opened and closed per update.
                pool_size=64,
                max_overflow=64,
                echo=echo,
            )
            event.listen(self._inline.sync_engine, "connect", _sqlite_pragmas)
            self.quick_sessions = async_sessionmaker(self._inline, expire_on_commit=False)
            self._reader_engine = create_engine(
                self.url.set(drivername="sqlite"), poolclass=StaticPool, connect_args={"check_same_thread": False}
            )
            event.listen(self._reader_engine, "connect", _inline_reader_connect)

    @property
    def dialect(self) -> str:
        return self.url.get_backend_name()

    def pools(self) -> dict[str, Pool]:
        """The connection pools by use ("read", "quick", "write"), for the pool gauges of /metrics."""
        pools = {"read": self.engine.pool}
        if self._inline is not None:
            pools["quick"] = self._inline.pool
        if self._writer is not None:
            pools["write"] = self._writer.engine.pool
        return pools

    async def write(self, work: Work[T]) -> T:
        """Run `work` in one transaction and commit it; re-run it on a unique-key race or serialization failure."""
        for attempt in range(1, ATTEMPTS + 1):
            try:
                return await self._write_once(work)
            except DBAPIError as exc:
                if attempt == ATTEMPTS or not _is_retryable(exc):
                    raise
                log.info("db.write.retry", extra={"attempt": attempt, "error": type(exc.orig).__name__})
                await asyncio.sleep(0.005 * attempt)
        raise AssertionError("unreachable")

    async def _write_once(self, work: Work[T]) -> T:
        if self._writer is not None:
            return await self._writer.submit(work)
        async with self.engine.connect() as connection, connection.begin():
            return await connection.run_sync(work)

    async def read(self, work: Work[T]) -> T:
        """Run the read unit `work` in one snapshot and return what it returns.

        On SQLite it runs inline on the event loop's thread over one sqlite3 connection, with no await: a unit
        of indexed lookups takes tens of microseconds, less than any hand-off to another thread, and
        `loyalty.sql.execute` runs its prebuilt statements straight on the driver. Keep units short; long
        reads belong in `sessions`. On PostgreSQL it runs through the async engine with `run_sync`.
        """
        if self._reader_engine is not None:
            if self._reader is None:
                self._reader = self._reader_engine.connect()
            return _read_inline(self._reader, work)
        async with self.engine.connect() as connection:
            return await connection.run_sync(work)

    async def optimize(self) -> None:
        """Refresh SQLite's planner statistics where they are stale (`PRAGMA optimize`); nothing on PostgreSQL,
        whose autovacuum does it. Without them SQLite may scan a whole ledger instead of its covering index."""
        if self._writer is not None:
            await self._writer.submit(lambda connection: connection.exec_driver_sql("PRAGMA optimize"))

    async def close(self) -> None:
        if self._reader is not None:
            self._reader.close()
            self._reader = None
        if self._reader_engine is not None:
            self._reader_engine.dispose()
        if self._writer is not None:
            await asyncio.to_thread(self._writer.close)
        if self._inline is not None:
            await self._inline.dispose()
        await self.engine.dispose()
