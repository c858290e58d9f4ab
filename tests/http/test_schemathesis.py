"""Schemathesis against the POS API's own OpenAPI document: generated requests never get a 5xx.

The API runs in this test's event loop on a loopback port; the schemathesis CLI runs as a subprocess, so the
server keeps serving while the test waits for it.
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

from aiohttp import web

from bot.http import build_http_app
from loyalty.apiclients import create_api_client
from loyalty.club import Club
from tests.helpers import add_reward, new_member

SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")


async def test_generated_requests_never_get_a_server_error(bot_club: Club, tmp_path: Path) -> None:
    for _ in range(3):
        await new_member(bot_club)
    await add_reward(bot_club)
    key = (await create_api_client(bot_club, "fuzz", rate_per_minute=1_000_000)).key
    runner = web.AppRunner(build_http_app(bot_club))
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        process = await asyncio.create_subprocess_exec(
            str(SCHEMATHESIS),
            "run",
            f"http://127.0.0.1:{port}/api/v1/openapi.json",
            "--checks",
            "not_a_server_error",
            "--header",
            f"Authorization: Bearer {key}",
            "--max-examples",
            "40",
            "--request-timeout",
            "10",
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
            cwd=tmp_path,
            env={**os.environ, "SCHEMATHESIS_HOOKS": ""},
        )
        output, _ = await asyncio.wait_for(process.communicate(), timeout=300)
    finally:
        await runner.cleanup()
    report = output.decode(errors="replace")
    print(report[-1200:])  # shown with -s: what was generated and checked
    assert process.returncode == 0, report[-4000:]
    assert "passed" in report.lower() or "no issues found" in report.lower(), report[-2000:]
