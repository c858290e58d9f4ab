"""Process settings from environment variables (prefix `BASHGAH_`) and `.env`."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Literal

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from loyalty.config import ClubConfig, load_club_config

TELEGRAM_API_BASE = "https://api.telegram.org"
BALE_API_BASE = "https://tapi.bale.ai"
EXAMPLE_CLUB_CONFIG = Path(__file__).resolve().parent.parent / "club.example.toml"

log = logging.getLogger(__name__)


class Settings(BaseSettings):
    """Everything that differs between deployments; secrets are `SecretStr` so they never reach a repr."""

    model_config = SettingsConfigDict(env_prefix="BASHGAH_", env_file=".env", extra="ignore")

    database_url: str = "sqlite+aiosqlite:///./bashgah.db"
    redis_url: str | None = None
    club_config: Path = Path("./club.toml")
    telegram_token: SecretStr | None = None
    telegram_api_base: str = TELEGRAM_API_BASE
    telegram_proxy: str | None = None
    bale_token: SecretStr | None = None
    bale_api_base: str = BALE_API_BASE
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    mode: Literal["polling", "webhook"] = "polling"
    http_host: str = "127.0.0.1"
    http_port: int = 8080

    def load_club(self) -> ClubConfig:
        """The club configuration, falling back to the shipped example when no file exists yet."""
        path = self.club_config
        if not path.exists():
            log.warning("club config %s not found; using the shipped example %s", path, EXAMPLE_CLUB_CONFIG)
            path = EXAMPLE_CLUB_CONFIG
        return load_club_config(path)
