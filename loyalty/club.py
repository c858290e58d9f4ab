"""What every write service needs: the database, the club's rules and a clock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from loyalty.config import ClubConfig
from models.base import utcnow
from models.database import Database

Clock = Callable[[], datetime]


@dataclass(frozen=True)
class Club:
    """The club's engine. Tests and the scheduler inject `clock`; everyone else uses the system's UTC time."""

    db: Database
    config: ClubConfig
    clock: Clock = utcnow
