"""Everything HTTP in one aiohttp application: health, the POS API, webhooks, and mounted pages."""

from bot.http.app import HttpServer, build_http_app, mount
from bot.http.webhook import SECRET_HEADER, webhook_path

__all__ = ["SECRET_HEADER", "HttpServer", "build_http_app", "mount", "webhook_path"]
