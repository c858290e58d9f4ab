"""Process settings from environment variables (prefix `BASHGAH_`) and `.env`."""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Literal

from pydantic import SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from loyalty.config import ClubConfig, load_club_config

TELEGRAM_API_BASE = "https://api.telegram.org"
BALE_API_BASE = "https://tapi.bale.ai"
WEBHOOK_SECRET = re.compile(r"[A-Za-z0-9_-]{16,256}")  # what Telegram allows in secret_token, and long enough
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
    log_format: Literal["text", "json"] = "text"  # json: one object per line, for a log collector
    mode: Literal["polling", "webhook"] = "polling"
    http_host: str = "127.0.0.1"
    http_port: int = 8080
    webhook_url: str | None = None  # public base URL the proxy forwards to this server, e.g. https://club.example
    webhook_secret: SecretStr | None = None  # Telegram's secret_token header; also seeds Bale's secret path

    @model_validator(mode="after")
    def _webhook_complete(self) -> Settings:
        if self.mode == "webhook":
            if not self.webhook_url or not self.webhook_secret:
                raise ValueError("BASHGAH_MODE=webhook needs BASHGAH_WEBHOOK_URL and BASHGAH_WEBHOOK_SECRET")
            if not WEBHOOK_SECRET.fullmatch(self.webhook_secret.get_secret_value()):
                raise ValueError("BASHGAH_WEBHOOK_SECRET: 16-256 characters of A-Z a-z 0-9 _ -")
        return self

    def load_club(self) -> ClubConfig:
        """The club configuration, falling back to the shipped example when no file exists yet."""
        path = self.club_config
        if not path.exists():
            log.warning("club config %s not found; using the shipped example %s", path, EXAMPLE_CLUB_CONFIG)
            path = EXAMPLE_CLUB_CONFIG
        return load_club_config(path)
