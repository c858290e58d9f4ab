"""The `bashgah` command line (also `python -m bot`)."""

from __future__ import annotations

import asyncio
import logging

import typer

from bot.runtime import serve_polling
from bot.settings import Settings
from bot.startup import open_club
from loyalty.config import ClubConfigError
from models.migrate import upgrade

app = typer.Typer(help="Bashgah: a customer loyalty club in your Telegram and Bale chats.", no_args_is_help=True)
db_app = typer.Typer(help="Database maintenance.", no_args_is_help=True)
config_app = typer.Typer(help="Club configuration.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(config_app, name="config")


def _settings() -> Settings:
    settings = Settings()
    logging.basicConfig(level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    return settings


def _fail(message: str) -> None:
    typer.secho(message, fg=typer.colors.RED, err=True)
    raise typer.Exit(2)


@app.command()
def run() -> None:
    """Start the club: validate the config, migrate an SQLite database, and serve the configured messengers."""
    settings = _settings()

    async def start() -> None:
        club = await open_club(settings)
        try:
            platforms = [
                name for name, token in (("telegram", settings.telegram_token), ("bale", settings.bale_token)) if token
            ]
            if not platforms:
                typer.echo("No messenger token configured (BASHGAH_TELEGRAM_TOKEN / BASHGAH_BALE_TOKEN).")
                typer.echo(f"Club '{club.config.club.name.en}' is ready in {settings.database_url}.")
                return
        finally:
            await club.db.close()
        typer.echo(f"Club '{club.config.club.name.en}' starting on: {', '.join(platforms)}.")
        await serve_polling(settings)

    try:
        asyncio.run(start())
    except ClubConfigError as exc:
        _fail(f"Club configuration error: {exc}")


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


def main() -> None:
    app(prog_name="bashgah")


if __name__ == "__main__":
    main()
