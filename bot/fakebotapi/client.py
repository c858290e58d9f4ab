"""aiogram plumbing for talking to the fake server."""

from __future__ import annotations

from aiogram.client.session.aiohttp import AiohttpSession


class LocalSession(AiohttpSession):
    """AiohttpSession for a local plain-HTTP server: closing skips aiogram's 250 ms wait for TLS shutdown."""

    async def close(self) -> None:
        """Close the HTTP session at once."""
        if self._session is not None and not self._session.closed:
            await self._session.close()
