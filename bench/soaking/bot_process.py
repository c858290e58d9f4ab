"""The bot, in its own process."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path
from typing import IO

from bot.fakebotapi import FakeBotAPI

ROOT = Path(__file__).resolve().parents[2]  # the repository, on the bot's PYTHONPATH
TOKEN = "123456:SOAK-token"


def _log_file(path: Path) -> IO[bytes]:
    return path.open("wb")


class BotProcess:
    """`python -m bot run` polling the fake server: the club exactly as deployed, its RSS its own."""

    def __init__(self, process: asyncio.subprocess.Process, log_path: Path) -> None:
        self.process, self.log_path = process, log_path

    @classmethod
    async def start(cls, api: FakeBotAPI, workdir: Path, url: str, club_file: Path, log_path: Path) -> BotProcess:
        env = {key: value for key, value in os.environ.items() if not key.startswith("BASHGAH_")}
        env.update(
            BASHGAH_DATABASE_URL=url,
            BASHGAH_CLUB_CONFIG=str(club_file),
            BASHGAH_TELEGRAM_TOKEN=TOKEN,
            BASHGAH_TELEGRAM_API_BASE=api.base_url,
            BASHGAH_HTTP_PORT="0",
            PYTHONPATH=str(ROOT),
        )
        with _log_file(log_path) as log:  # the child keeps its own copy of the descriptor
            process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", "run", cwd=workdir, env=env, stdout=log, stderr=log
            )
        bot = cls(process, log_path)
        ready = asyncio.ensure_future(api.wait_for_poll(120))
        exited = asyncio.ensure_future(process.wait())
        await asyncio.wait({ready, exited}, return_when=asyncio.FIRST_COMPLETED)
        exited.cancel()
        if not ready.done() or ready.exception() is not None:
            ready.cancel()
            await bot.stop()
            raise RuntimeError(f"the bot did not start polling:\n{bot.log_tail()}")
        return bot

    def rss_mb(self) -> float:
        """Resident set size of the bot's process (VmRSS), in MiB."""
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        kib = next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:"))
        return int(kib) / 1024

    async def stop(self) -> int:
        """SIGINT, as Ctrl-C: aiogram stops polling and the worker closes cleanly."""
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGINT)
            try:
                await asyncio.wait_for(self.process.wait(), 30)
            except TimeoutError:
                self.process.kill()
                await self.process.wait()
        return int(self.process.returncode or 0)

    def errors(self) -> tuple[list[str], list[str]]:
        """Error lines the bot logged while serving, and while shutting down (a job cut short, say)."""
        lines = self.log_path.read_text("utf-8", errors="replace").splitlines()
        stop = next((n for n, line in enumerate(lines) if "Received SIGINT" in line), len(lines))
        errors = [n for n, line in enumerate(lines) if " ERROR " in line or "handler.failed" in line]
        return [lines[n] for n in errors if n < stop], [lines[n] for n in errors if n >= stop]

    def log_tail(self, lines: int = 30) -> str:
        return "\n".join(self.log_path.read_text("utf-8", errors="replace").splitlines()[-lines:])
