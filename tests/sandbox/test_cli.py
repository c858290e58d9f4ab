"""`bashgah run` with no token, and `bashgah sandbox`, start the sandbox and print where the page is."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from typer.testing import CliRunner

import bot.cli
from bot.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("command", ["run", "sandbox"])
def test_no_token_means_sandbox(command: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    started: list[Settings] = []

    async def fake_sandbox(settings: Settings, **kwargs: object) -> None:
        started.append(settings)

    monkeypatch.chdir(tmp_path)
    for name in ("BASHGAH_TELEGRAM_TOKEN", "BASHGAH_BALE_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(bot.cli, "run_sandbox", fake_sandbox)
    result = CliRunner().invoke(bot.cli.app, [command])
    assert result.exit_code == 0, result.output
    assert len(started) == 1
    assert not (tmp_path / "bashgah.db").exists()  # the sandbox keeps its own database elsewhere


def test_run_on_a_fresh_checkout_serves_the_page(tmp_path: Path) -> None:
    """What README promises: no token, no club.toml, no database yet → `bashgah run` prints a working URL."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("BASHGAH_")}
    env.update({"BASHGAH_HTTP_PORT": "0", "BASHGAH_LOG_LEVEL": "WARNING", "PYTHONPATH": str(ROOT)})
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "run"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        lines = []
        for line in process.stdout:
            lines.append(line)
            if found := re.search(r"Sandbox chat: (http://\S+)", line):
                break
        else:
            pytest.fail(f"no URL printed: {lines} {process.stderr.read() if process.stderr else ''}")
        with urllib.request.urlopen(found.group(1), timeout=10) as response:
            assert b"static/app.js" in response.read()
    finally:
        process.send_signal(signal.SIGTERM)
        _, errors = process.communicate(timeout=20)
    assert process.returncode == 0, errors
    assert list(tmp_path.iterdir()) == []  # nothing left behind in the working directory
