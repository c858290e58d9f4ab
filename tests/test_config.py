from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from bot.settings import EXAMPLE_CLUB_CONFIG, Settings
from loyalty.config import ClubConfigError, load_club_config, parse_club_config

EXAMPLE = EXAMPLE_CLUB_CONFIG.read_text(encoding="utf-8")


def test_example_config_is_valid() -> None:
    config = load_club_config(EXAMPLE_CLUB_CONFIG)
    assert [tier.key for tier in config.tiers] == ["silver", "gold", "platinum"]
    assert config.club.timezone == "Asia/Tehran" and config.earn.amount_per_point == 10_000


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("amount_per_point = 10000", "amount_per_point = 0", "earn.amount_per_point"),
        ('timezone = "Asia/Tehran"', 'timezone = "Mars/Olympus"', "club.timezone: Value error, unknown timezone"),
        ("min_spend = 50000000", "min_spend = 500000000", "min_spend must strictly increase"),
        ("signup_bonus = 50", "signup_bonus = -5", "earn.signup_bonus"),
        ("signup_bonus = 50", "signup_bonus = 50\nsingup_bonus = 5", "earn.singup_bonus: Extra inputs"),
        ('default_language = "fa"', 'default_language = "de"', "club.default_language"),
        ('key = "coffee"', 'key = "discount_10"', "rewards: keys must be unique"),
        ("[expiry]", "[expiry\n", "not valid TOML"),
    ],
)
def test_bad_config_names_the_key(old: str, new: str, message: str) -> None:
    assert old in EXAMPLE
    with pytest.raises(ClubConfigError, match=message.replace("(", r"\(")):
        parse_club_config(EXAMPLE.replace(old, new, 1))


def test_tokens_never_show_in_repr(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BASHGAH_TELEGRAM_TOKEN", "123456:SECRET-TOKEN")
    settings = Settings()
    assert settings.telegram_token is not None
    assert "SECRET" not in repr(settings) and "SECRET" not in str(settings.model_dump())
    assert settings.telegram_token.get_secret_value() == "123456:SECRET-TOKEN"


def test_cli_config_check_and_db_upgrade(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runner = CliRunner()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BASHGAH_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'club.db'}")
    result = runner.invoke(app, ["config", "check"])
    assert result.exit_code == 0 and "tiers silver → gold → platinum" in result.output
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    assert (tmp_path / "club.db").exists()
    (tmp_path / "club.toml").write_text(EXAMPLE.replace("multiplier_percent = 125", "multiplier_percent = -1"))
    bad = runner.invoke(app, ["config", "check"])
    assert bad.exit_code == 2 and "tiers.1.multiplier_percent" in bad.output
