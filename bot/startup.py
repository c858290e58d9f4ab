"""Building the club once at start: settings → config → database (migrated) → seed catalog."""

from __future__ import annotations

import logging

from bot.settings import Settings
from loyalty.club import Club
from loyalty.rewards import seed_rewards
from models.database import Database
from models.migrate import upgrade

log = logging.getLogger(__name__)


async def open_club(settings: Settings) -> Club:
    """Validate the club file, bring an embedded SQLite database up to date, and seed the reward catalog.

    PostgreSQL deployments migrate explicitly with `bashgah db upgrade` (one step in a deploy, not N workers
    racing to migrate at once).
    """
    config = settings.load_club()
    database = Database(settings.database_url)
    if database.is_sqlite:
        await upgrade(settings.database_url)
    club = Club(db=database, config=config)
    added = await seed_rewards(club)
    await database.optimize()
    log.info("club.open", extra={"dialect": database.dialect, "rewards_seeded": added})
    return club
