"""The local sandbox: try the whole club with no messenger token, in a chat page on localhost.

`run_sandbox(settings)` starts, in one process, the fake Bot API server (`bot.fakebotapi`) on loopback, the
real bot polling it, and the chat page on `BASHGAH_HTTP_HOST:BASHGAH_HTTP_PORT`. `sandbox_app(api)` is the
page alone, as an aiohttp application another server can mount. `open_sandbox` is the same start-up as an
async context manager, for tests.
"""

from bot.sandbox.personas import PERSONAS, Persona
from bot.sandbox.runner import Sandbox, open_sandbox, run_sandbox
from bot.sandbox.web import SandboxPage, sandbox_app

__all__ = ["PERSONAS", "Persona", "Sandbox", "SandboxPage", "open_sandbox", "run_sandbox", "sandbox_app"]
