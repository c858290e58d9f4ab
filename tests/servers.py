"""Throwaway PostgreSQL and Redis servers for the test suite.

Each ``start_*`` call launches a private server on a free loopback port, in a
temporary directory of its own; ``stop()`` kills it and removes the directory.
Nothing here touches a system-wide server, so the same tests run on a developer
machine and on CI.

Environment:
    BASHGAH_PG_BIN             directory holding initdb/pg_ctl (else the newest
                               /usr/lib/postgresql/*/bin, else pg_ctl on PATH)
    BASHGAH_REDIS_SERVER       path of redis-server (else redis-server on PATH)
    BASHGAH_TEST_POSTGRES_URL  use this database instead of starting one
"""

from __future__ import annotations

import contextlib
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Self

__all__ = [
    "PostgresServer",
    "RedisServer",
    "external_postgres_url",
    "find_postgres_bin",
    "find_redis_server",
    "postgres_available",
    "redis_available",
    "start_postgres",
    "start_redis",
]

READY_TIMEOUT = 30.0
PG_DATABASE = "bashgah_test"
PG_SUPERUSER = "postgres"
_PG_OS_USER = "postgres"
_START_ATTEMPTS = 3  # a free port can be taken between choosing it and binding it
_PORT_IN_USE = re.compile(r"address already in use|could not bind|could not create listen socket", re.I)


# --------------------------------------------------------------------------- helpers


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _log_tail(path: Path, lines: int = 40) -> str:
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return "(no log)"
    return "\n".join(text.splitlines()[-lines:]) or "(empty log)"


def _wait_until(ready: Callable[[], bool], what: str, log: Path, timeout: float = READY_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if ready():
            return
        time.sleep(0.1)
    raise RuntimeError(f"{what} not ready after {timeout:.0f}s; log tail:\n{_log_tail(log)}")


def _is_root() -> bool:
    return os.geteuid() == 0


# --------------------------------------------------------------------------- PostgreSQL


def find_postgres_bin() -> Path | None:
    """Directory with initdb, pg_ctl and postgres, or None."""

    def usable(d: Path) -> bool:
        return all(os.access(d / name, os.X_OK) for name in ("initdb", "pg_ctl", "postgres"))

    env = os.environ.get("BASHGAH_PG_BIN")
    if env:
        return Path(env) if usable(Path(env)) else None

    def version(d: Path) -> tuple[int, ...]:
        return tuple(int(p) for p in re.findall(r"\d+", d.parent.name))

    for d in sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=version, reverse=True):
        if usable(d):
            return d
    pg_ctl = shutil.which("pg_ctl")
    if pg_ctl and usable(Path(pg_ctl).resolve().parent):
        return Path(pg_ctl).resolve().parent
    return None


def postgres_available() -> bool:
    """True if start_postgres() can work on this machine."""
    if find_postgres_bin() is None:
        return False
    return not _is_root() or shutil.which("runuser") is not None


def external_postgres_url() -> str | None:
    """BASHGAH_TEST_POSTGRES_URL, if set: a server to use instead of a throwaway one."""
    return os.environ.get("BASHGAH_TEST_POSTGRES_URL") or None


def _postgres_os_user() -> pwd.struct_passwd:
    try:
        return pwd.getpwnam(_PG_OS_USER)
    except KeyError:
        subprocess.run(["useradd", "--system", "--user-group", _PG_OS_USER], check=True)
        return pwd.getpwnam(_PG_OS_USER)


@dataclass
class PostgresServer:
    url: str
    port: int
    base_dir: Path
    bin_dir: Path
    run_as: tuple[str, ...] = ()
    _stopped: bool = field(default=False, repr=False)

    @property
    def data_dir(self) -> Path:
        return self.base_dir / "data"

    @property
    def socket_dir(self) -> Path:
        return self.base_dir / "sock"

    @property
    def log_file(self) -> Path:
        return self.base_dir / "postgres.log"

    def command(self, tool: str, *args: str) -> list[str]:
        """Command line running a server-side tool from bin_dir (as the postgres user when root)."""
        return [*self.run_as, str(self.bin_dir / tool), *args]

    def stop(self) -> None:
        """Kill the server (pg_ctl stop -m immediate) and delete its directory. Idempotent."""
        if self._stopped:
            return
        self._stopped = True
        if (self.data_dir / "postmaster.pid").exists():
            subprocess.run(
                self.command("pg_ctl", "stop", "-D", str(self.data_dir), "-m", "immediate"),
                stdin=subprocess.DEVNULL,
                capture_output=True,
                check=False,
            )
        shutil.rmtree(self.base_dir, ignore_errors=True)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def _run(cmd: Sequence[str], what: str, log: Path | None = None) -> None:
    proc = subprocess.run(list(cmd), stdin=subprocess.DEVNULL, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        tail = f"\nserver log tail:\n{_log_tail(log)}" if log else ""
        raise RuntimeError(f"{what} failed (exit {proc.returncode}): {' '.join(cmd)}\n{proc.stdout}{proc.stderr}{tail}")


def start_postgres(tmp_dir: Path | None = None) -> PostgresServer:
    """Start a throwaway PostgreSQL cluster with an empty ``bashgah_test`` database.

    The cluster lives in a fresh ``bashgah-pg-*`` directory created under *tmp_dir*
    (default: the system temp dir). As root the server runs as the ``postgres`` OS
    user, so *tmp_dir* is ignored then (pytest's tmp dirs are 0700 root-only).
    """
    bin_dir = find_postgres_bin()
    if bin_dir is None:
        raise RuntimeError("PostgreSQL server binaries not found (set BASHGAH_PG_BIN)")
    run_as: tuple[str, ...] = ()
    parent = None if _is_root() or tmp_dir is None else tmp_dir
    base = Path(tempfile.mkdtemp(prefix="bashgah-pg-", dir=parent))
    if len(str(base / "sock" / ".s.PGSQL.65535")) > 100:  # unix socket paths are limited to ~107 bytes
        shutil.rmtree(base)
        base = Path(tempfile.mkdtemp(prefix="bashgah-pg-"))
    (base / "sock").mkdir()
    if _is_root():
        user = _postgres_os_user()
        for p in (base, base / "sock"):
            os.chown(p, user.pw_uid, user.pw_gid)
        run_as = ("runuser", "-u", _PG_OS_USER, "--")
    server = PostgresServer(url="", port=0, base_dir=base, bin_dir=bin_dir, run_as=run_as)
    try:
        _init_cluster(server)
        for attempt in range(_START_ATTEMPTS):
            server.port = _free_port()
            try:
                _pg_start(server)
                break
            except RuntimeError:
                retry = attempt + 1 < _START_ATTEMPTS and _PORT_IN_USE.search(_log_tail(server.log_file))
                if not retry:
                    raise
        _run(
            [
                str(bin_dir / "createdb"),
                "-h",
                "127.0.0.1",
                "-p",
                str(server.port),
                "-U",
                PG_SUPERUSER,
                PG_DATABASE,
            ],
            "createdb",
            server.log_file,
        )
    except BaseException:
        server.stop()
        raise
    server.url = f"postgresql+asyncpg://{PG_SUPERUSER}@127.0.0.1:{server.port}/{PG_DATABASE}"
    return server


def _init_cluster(server: PostgresServer) -> None:
    _run(
        server.command(
            "initdb",
            "-D",
            str(server.data_dir),
            "-U",
            PG_SUPERUSER,
            "--auth=trust",
            "-E",
            "UTF8",
            "--no-locale",
            "--no-sync",
        ),
        "initdb",
    )
    settings = {
        "listen_addresses": "'127.0.0.1'",
        "unix_socket_directories": f"'{server.socket_dir}'",
        "fsync": "off",
        "synchronous_commit": "off",
        "full_page_writes": "off",
        "max_connections": "200",
    }
    with (server.data_dir / "postgresql.conf").open("a") as conf:
        conf.write("\n# bashgah test settings\n")
        conf.writelines(f"{k} = {v}\n" for k, v in settings.items())


def _pg_start(server: PostgresServer) -> None:
    # pg_ctl -w waits for readiness itself; the port goes on the command line so a
    # retry after a port clash does not need to edit postgresql.conf again.
    server.log_file.unlink(missing_ok=True)  # so a retry judges only its own attempt
    cmd = server.command("pg_ctl", "start", "-D", str(server.data_dir))
    cmd += ["-l", str(server.log_file), "-o", f"-p {server.port}", "-w", "-t", str(int(READY_TIMEOUT))]
    _run(cmd, "pg_ctl start", server.log_file)
    isready = server.bin_dir / "pg_isready"
    if isready.exists():  # belt and braces: make sure TCP answers too

        def ready() -> bool:
            args = [str(isready), "-q", "-h", "127.0.0.1", "-p", str(server.port), "-U", PG_SUPERUSER]
            return subprocess.run(args, stdin=subprocess.DEVNULL, check=False).returncode == 0

        _wait_until(ready, "PostgreSQL", server.log_file)


# --------------------------------------------------------------------------- Redis


def find_redis_server() -> Path | None:
    env = os.environ.get("BASHGAH_REDIS_SERVER")
    if env:
        return Path(env) if os.access(env, os.X_OK) else None
    found = shutil.which("redis-server")
    return Path(found) if found else None


def redis_available() -> bool:
    return find_redis_server() is not None


@dataclass
class RedisServer:
    url: str
    port: int
    base_dir: Path
    process: subprocess.Popen[bytes] = field(repr=False)
    _stopped: bool = field(default=False, repr=False)

    @property
    def log_file(self) -> Path:
        return self.base_dir / "redis.log"

    def stop(self) -> None:
        """Kill the server and delete its directory. Idempotent."""
        if self._stopped:
            return
        self._stopped = True
        if self.process.poll() is None:
            self.process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=10)
        shutil.rmtree(self.base_dir, ignore_errors=True)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def _redis_ping(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
            s.sendall(b"PING\r\n")
            return s.recv(64).startswith(b"+PONG")
    except OSError:
        return False


def start_redis(tmp_dir: Path | None = None) -> RedisServer:
    """Start a throwaway, non-persistent redis-server on a free loopback port (database 0)."""
    binary = find_redis_server()
    if binary is None:
        raise RuntimeError("redis-server not found (install it or set BASHGAH_REDIS_SERVER)")
    for attempt in range(_START_ATTEMPTS):
        try:
            return _launch_redis(binary, tmp_dir)
        except RuntimeError as exc:
            if not _PORT_IN_USE.search(str(exc)) or attempt + 1 == _START_ATTEMPTS:
                raise
    raise AssertionError("unreachable")


def _launch_redis(binary: Path, tmp_dir: Path | None) -> RedisServer:
    base = Path(tempfile.mkdtemp(prefix="bashgah-redis-", dir=tmp_dir))
    port = _free_port()
    cmd = [str(binary), "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    cmd += ["--daemonize", "no", "--dir", str(base)]
    with (base / "redis.log").open("wb") as log:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
    server = RedisServer(url=f"redis://127.0.0.1:{port}/0", port=port, base_dir=base, process=proc)
    try:
        _wait_until(lambda: proc.poll() is not None or _redis_ping(port), "Redis", server.log_file)
        if proc.poll() is not None:
            raise RuntimeError(f"redis-server exited with {proc.returncode}; log tail:\n{_log_tail(server.log_file)}")
    except BaseException:
        server.stop()
        raise
    return server
