"""The `bashgah` command line (also `python -m bot`)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated

import typer

from bot.logs import configure_logging
from bot.runtime import make_bots
from bot.sandbox import run_sandbox
from bot.settings import Settings
from bot.startup import open_club
from bot.worker import serve
from locales import Translator
from loyalty.apiclients import ApiClientExists, create_api_client, list_api_clients, revoke_api_client
from loyalty.config import ClubConfigError
from loyalty.imports import ImportFileError, ImportResult, import_members, read_members_csv
from models.backup import BackupError, BackupReport, backup_sqlite, pg_commands, restore_sqlite, sqlite_path
from models.migrate import upgrade
from scheduler.jobs import JOBS
from scheduler.service import describe_jobs, run_now

app = typer.Typer(help="Bashgah: a customer loyalty club in your Telegram and Bale chats.", no_args_is_help=True)
db_app = typer.Typer(help="Database maintenance.", no_args_is_help=True)
config_app = typer.Typer(help="Club configuration.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(config_app, name="config")
jobs_app = typer.Typer(help="Scheduled jobs: birthdays, tier review, expiry, campaigns.", no_args_is_help=True)
app.add_typer(jobs_app, name="jobs")
api_key_app = typer.Typer(help="Keys for the POS / online-shop HTTP API.", no_args_is_help=True)
app.add_typer(api_key_app, name="api-key")
app.add_typer(api_key_app, name="apikey", hidden=True)  # the spelling the issue used
import_app = typer.Typer(help="Bring data from another system.", no_args_is_help=True)
app.add_typer(import_app, name="import")


def _settings() -> Settings:
    settings = Settings()
    configure_logging(settings.log_level, settings.log_format)
    return settings


def _fail(message: str) -> None:
    typer.secho(message, fg=typer.colors.RED, err=True)
    raise typer.Exit(2)


@app.command()
def run() -> None:
    """Start the club: validate the config, migrate an SQLite database, and serve the configured messengers."""
    settings = _settings()
    if not (settings.telegram_token or settings.bale_token):
        typer.echo("No messenger token configured (BASHGAH_TELEGRAM_TOKEN / BASHGAH_BALE_TOKEN): local sandbox.")
        sandbox()
        return

    async def start() -> None:
        club = await open_club(settings)
        try:
            platforms = [
                name for name, token in (("telegram", settings.telegram_token), ("bale", settings.bale_token)) if token
            ]
        finally:
            await club.db.close()
        typer.echo(f"Club '{club.config.club.name.en}' starting on: {', '.join(platforms)}.")
        await serve(settings)

    try:
        asyncio.run(start())
    except ClubConfigError as exc:
        _fail(f"Club configuration error: {exc}")


@app.command()
def sandbox() -> None:
    """Try the club with no token: a fake Bot API server, the real bot and a chat page on localhost."""
    settings = _settings()
    try:
        asyncio.run(run_sandbox(settings, announce=typer.echo))
    except ClubConfigError as exc:
        _fail(f"Club configuration error: {exc}")
    except KeyboardInterrupt:
        typer.echo("Sandbox stopped.")


@db_app.command("upgrade")
def db_upgrade(revision: str = typer.Argument("head", help="Target revision")) -> None:
    """Apply database migrations (run once per deploy for PostgreSQL)."""
    settings = _settings()
    asyncio.run(upgrade(settings.database_url, revision))
    typer.echo(f"Database at revision {revision}.")


@config_app.command("check")
def config_check() -> None:
    """Validate the club configuration file and print a one-line summary."""
    settings = _settings()
    try:
        config = settings.load_club()
    except ClubConfigError as exc:
        _fail(f"Club configuration error: {exc}")
        return
    tiers = " → ".join(tier.key for tier in config.tiers)
    typer.echo(f"OK: {config.club.name.en}; tiers {tiers}; {len(config.rewards)} seed rewards.")


@jobs_app.command("list")
def jobs_list() -> None:
    """Each job with its schedule, next run and last run (club's time zone)."""
    settings = _settings()

    async def show() -> list[str]:
        club = await open_club(settings)
        try:
            return await describe_jobs(club)
        finally:
            await club.db.close()

    for line in asyncio.run(show()):
        typer.echo(line)


@jobs_app.command("run")
def jobs_run(name: str = typer.Argument(..., help="Job name, as `bashgah jobs list` shows it")) -> None:
    """Run one job now against the configured database (idempotent: a second run pays nothing twice)."""
    settings = _settings()
    if name not in JOBS:
        _fail(f"Unknown job {name!r}; jobs: {', '.join(JOBS)}")

    async def go() -> dict[str, object]:
        club = await open_club(settings)
        bots = {bot.platform: bot for bot in make_bots(settings)}
        try:
            return await run_now(club, bots, Translator(), name)
        finally:
            for bot in bots.values():
                await bot.session.close()
            await club.db.close()

    result = asyncio.run(go())
    typer.echo(f"{name}: " + ", ".join(f"{key}={value}" for key, value in result.items()))


@api_key_app.command("create")
def api_key_create(
    name: str = typer.Argument(..., help="Who uses the key, e.g. till-1 or web-shop"),
    rate: int = typer.Option(600, help="Calls per minute allowed"),
) -> None:
    """Create an API client; its key is printed once, on a line of its own, and stored only as a hash."""
    settings = _settings()

    async def create() -> str:
        club = await open_club(settings)
        try:
            return (await create_api_client(club, name, rate_per_minute=rate)).key
        finally:
            await club.db.close()

    try:
        key = asyncio.run(create())
    except ApiClientExists:
        _fail(f"An API client named {name!r} exists already.")
        return
    typer.echo(f"API key for {name} (shown once; send it as 'Authorization: Bearer <key>'):", err=True)
    typer.echo(key)


@api_key_app.command("revoke")
def api_key_revoke(name: str = typer.Argument(..., help="The client's name")) -> None:
    """Stop a client's key working at once."""
    settings = _settings()

    async def revoke() -> bool:
        club = await open_club(settings)
        try:
            return await revoke_api_client(club, name)
        finally:
            await club.db.close()

    if not asyncio.run(revoke()):
        _fail(f"No active API client named {name!r}.")
    typer.echo(f"Revoked {name}.")


@api_key_app.command("list")
def api_key_list() -> None:
    """Every API client: name, rate limit, created, revoked."""
    settings = _settings()

    async def show() -> list[str]:
        club = await open_club(settings)
        try:
            async with club.db.sessions() as session:
                clients = await list_api_clients(session)
        finally:
            await club.db.close()
        return [
            f"{c.name:<24} {c.rate_per_minute}/min  created {c.created_at:%Y-%m-%d}"
            + (f"  revoked {c.revoked_at:%Y-%m-%d}" if c.revoked_at else "")
            for c in clients
        ]

    for line in asyncio.run(show()):
        typer.echo(line)


@app.command()
def backup(path: Annotated[Path, typer.Argument(help="Where to write the copy (replaced once it verifies)")]) -> None:
    """Copy the SQLite database while the club runs and verify the copy; for PostgreSQL, print pg_dump's command."""
    settings = _settings()
    source = sqlite_path(settings.database_url)
    if source is None:
        typer.echo("PostgreSQL: back up with pg_dump (see README, Operations):")
        typer.echo(pg_commands(settings.database_url, str(path))[0])
        return
    try:
        report = backup_sqlite(source, path)
    except BackupError as exc:
        _fail(f"Backup failed: {exc}")
        return
    typer.echo(f"Backup written to {report.path} (migration {report.revision}, {_rows(report)}); verified.")


@app.command()
def restore(
    path: Annotated[Path, typer.Argument(help="A backup written by `bashgah backup`")],
    force: bool = typer.Option(False, "--force", help="Restore even while the database is open (then restart the bot)"),
) -> None:
    """Replace the SQLite database with a verified backup at the current migration (PostgreSQL: pg_restore)."""
    settings = _settings()
    target = sqlite_path(settings.database_url)
    if target is None:
        typer.echo("PostgreSQL: restore with pg_restore (see README, Operations):")
        typer.echo(pg_commands(settings.database_url, str(path))[1])
        return
    try:
        report = restore_sqlite(path, target, force=force)
    except BackupError as exc:
        _fail(f"Restore refused: {exc}")
        return
    typer.echo(f"Restored {target} from {path} ({_rows(report)}); verified.")


def _rows(report: BackupReport) -> str:
    return f"{report.rows.get('members', 0)} members, {report.rows.get('ledger_entries', 0)} ledger entries"


@import_app.command("members")
def import_members_command(
    file: Annotated[Path, typer.Argument(help="CSV (UTF-8): phone, name, birthday, calendar, balance, tier")],
    apply: bool = typer.Option(False, "--apply", help="Write the good rows (without it: a dry run)"),
) -> None:
    """Bring members from another system; a dry run lists bad rows, `--apply` writes (running it twice is safe)."""
    settings = _settings()
    try:
        config = settings.load_club()
        with file.open(encoding="utf-8-sig", newline="") as stream:
            plan = read_members_csv(stream, config)
    except (ClubConfigError, ImportFileError, OSError, UnicodeDecodeError) as exc:
        _fail(f"Cannot import {file}: {exc}")
        return
    for problem in plan.problems:
        typer.echo(f"line {problem.line}: {problem.reason}")
    typer.echo(f"{len(plan.rows)} good rows, {len(plan.problems)} bad rows.")
    if not apply:
        typer.echo("Dry run: nothing written. Run again with --apply to import the good rows.")
        return

    async def write() -> ImportResult:
        club = await open_club(settings)
        try:
            return await import_members(club, plan.rows)
        finally:
            await club.db.close()

    result = asyncio.run(write())
    typer.echo(
        f"Imported: {result.created} new members, {result.matched} already members; "
        f"{result.credited} opening balances ({result.points} points), {result.already_credited} credited before."
    )


def main() -> None:
    app(prog_name="bashgah")


if __name__ == "__main__":
    main()
