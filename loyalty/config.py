"""The club's configuration (`club.toml`), validated at start-up.

A bad file stops start-up with the dotted key and the reason, so a shop owner can fix it without reading code.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

Language = Literal["fa", "en", "tr"]
LANGUAGES: tuple[Language, ...] = ("fa", "en", "tr")


class _Strict(BaseModel):
    # Unknown keys are typos in a hand-edited file: refuse them instead of ignoring them.
    model_config = ConfigDict(extra="forbid", frozen=True)


class Localized(_Strict):
    """A text in every language the club may offer."""

    fa: str
    en: str
    tr: str

    def get(self, language: str) -> str:
        return str(getattr(self, language, self.en))


class ClubSection(_Strict):
    name: Localized
    currency: str = "IRR"
    country: str = "IR"
    timezone: str = "Asia/Tehran"
    default_language: Language = "fa"
    languages: list[Language] = Field(default_factory=lambda: list(LANGUAGES), min_length=1)

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown timezone {value!r}") from exc
        return value

    @model_validator(mode="after")
    def _default_is_offered(self) -> ClubSection:
        if self.default_language not in self.languages:
            raise ValueError("default_language must be one of languages")
        return self


class EarnSection(_Strict):
    amount_per_point: int = Field(gt=0)
    signup_bonus: int = Field(default=0, ge=0)
    point_value: int = Field(default=0, ge=0)
    large_purchase_confirm: int = Field(default=0, ge=0, description="0 = never ask")
    ask_feedback: bool = Field(default=False, description="after a purchase, ask the member 0-10 (NPS)")


class ReferralSection(_Strict):
    referrer_bonus: int = Field(default=0, ge=0)
    friend_bonus: int = Field(default=0, ge=0)
    min_first_purchase: int = Field(default=0, ge=0)
    max_rewarded_per_month: int = Field(default=0, ge=0, description="0 = no cap")


class ExpirySection(_Strict):
    months: int = Field(default=0, ge=0, le=120)
    remind_days_before: int = Field(default=14, ge=0, le=365)


class Tier(_Strict):
    key: str = Field(pattern=r"^[a-z][a-z0-9_]{0,31}$")
    name: Localized
    min_spend: int = Field(ge=0)
    multiplier_percent: int = Field(default=100, ge=0, le=10_000)
    birthday_bonus: int = Field(default=0, ge=0)
    perks: Localized | None = None


class TierReviewSection(_Strict):
    window_days: int = Field(default=365, gt=0, le=3650)
    period: Literal["monthly", "quarterly"] = "quarterly"
    warn_days_before: int = Field(default=14, ge=0, le=90)


class SchedulerSection(_Strict):
    """When the daily jobs run (hours in the club's time zone) and what they do."""

    birthday_hour: int = Field(default=9, ge=0, le=23)
    catch_up_days: int = Field(default=3, ge=0, le=31, description="missed birthday days paid after downtime")
    reminders_hour: int = Field(default=10, ge=0, le=23, description="tier review, expiry reminders, win-back")
    expiry_hour: int = Field(default=3, ge=0, le=23)
    winback_days: int = Field(default=60, ge=0, le=3650, description="0 = no win-back nudges")
    daily_summary: bool = False
    summary_hour: int = Field(default=8, ge=0, le=23)
    lease_seconds: int = Field(default=60, ge=10, le=3600, description="leader lease among several workers")


class OutboxSection(_Strict):
    """How fast campaigns and notices go out, per messenger (messages per second across all chats)."""

    telegram_rate: float = Field(default=25, gt=0, le=1000)
    bale_rate: float = Field(default=10, gt=0, le=1000)
    max_attempts: int = Field(default=5, ge=1, le=50, description="sends tried per recipient on errors")
    concurrency: int = Field(default=16, ge=1, le=256, description="sends in flight at once")

    def rate(self, platform: str) -> float:
        """The configured rate for one messenger."""
        return self.bale_rate if platform == "bale" else self.telegram_rate


class BackupSection(_Strict):
    """The optional nightly SQLite backup (PostgreSQL: use pg_dump, see README)."""

    daily: bool = False
    hour: int = Field(default=4, ge=0, le=23)
    directory: str = "backups"
    keep: int = Field(default=7, ge=1, le=365, description="newest backups kept; older ones are deleted")


class StaffSection(_Strict):
    telegram_owner_ids: list[int] = Field(default_factory=list)
    bale_owner_ids: list[int] = Field(default_factory=list)

    def owner_ids(self, platform: str) -> list[int]:
        """The owners' user ids on one messenger (ids of different messengers never mix)."""
        return self.bale_owner_ids if platform == "bale" else self.telegram_owner_ids


class RewardSeed(_Strict):
    key: str = Field(pattern=r"^[a-z0-9_]{1,32}$")
    title: Localized
    cost: int = Field(gt=0)
    stock: int | None = Field(default=None, ge=0)
    per_member_limit: int | None = Field(default=None, gt=0)
    valid_days: int = Field(default=30, gt=0, le=3650, description="how long a voucher stays valid")


class ClubConfig(_Strict):
    """The whole `club.toml`."""

    club: ClubSection
    earn: EarnSection
    referral: ReferralSection = ReferralSection()
    expiry: ExpirySection = ExpirySection()
    tiers: list[Tier] = Field(min_length=1)
    tier_review: TierReviewSection = TierReviewSection()
    scheduler: SchedulerSection = SchedulerSection()
    outbox: OutboxSection = OutboxSection()
    backup: BackupSection = BackupSection()
    staff: StaffSection = StaffSection()
    rewards: list[RewardSeed] = Field(default_factory=list)

    @model_validator(mode="after")
    def _tiers_are_a_ladder(self) -> ClubConfig:
        keys = [tier.key for tier in self.tiers]
        if len(set(keys)) != len(keys):
            raise ValueError("tiers: keys must be unique")
        spends = [tier.min_spend for tier in self.tiers]
        if spends != sorted(spends) or len(set(spends)) != len(spends):
            raise ValueError("tiers: min_spend must strictly increase from the first tier to the last")
        if spends[0] != 0:
            raise ValueError("tiers: the first tier must have min_spend = 0 (every member starts there)")
        reward_keys = [reward.key for reward in self.rewards]
        if len(set(reward_keys)) != len(reward_keys):
            raise ValueError("rewards: keys must be unique")
        return self

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.club.timezone)

    def tier(self, key: str) -> Tier:
        """The tier with this key; an unknown key (a tier removed from the file) falls back to the first."""
        for tier in self.tiers:
            if tier.key == key:
                return tier
        return self.tiers[0]


class ClubConfigError(Exception):
    """`club.toml` cannot be used; the message names the key and the reason."""


def _describe(error: ValidationError) -> str:
    lines = []
    for item in error.errors():
        key = ".".join(str(part) for part in item["loc"]) or "(file)"
        lines.append(f"{key}: {item['msg']}")
    return "; ".join(lines)


def parse_club_config(text: str, source: str = "club.toml") -> ClubConfig:
    """Parse and validate the TOML text of a club configuration."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ClubConfigError(f"{source}: not valid TOML: {exc}") from exc
    try:
        return ClubConfig.model_validate(raw)
    except ValidationError as exc:
        raise ClubConfigError(f"{source}: {_describe(exc)}") from exc


def load_club_config(path: Path) -> ClubConfig:
    """Read and validate a `club.toml` file."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ClubConfigError(f"{path}: cannot read: {exc.strerror}") from exc
    return parse_club_config(text, str(path))
