"""Bot API error replies, spelled the way Telegram spells them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


class ApiError(Exception):
    """A failed Bot API call: becomes `{"ok": false, "error_code": ..., "description": ...}`."""

    def __init__(self, status: int, description: str, parameters: dict[str, Any] | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters

    def to_json(self) -> dict[str, Any]:
        """The response body Telegram would send."""
        body: dict[str, Any] = {"ok": False, "error_code": self.status, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(detail: str) -> ApiError:
    """400 with Telegram's "Bad Request: " prefix."""
    return ApiError(400, f"Bad Request: {detail}")


def forbidden(detail: str) -> ApiError:
    """403 with Telegram's "Forbidden: " prefix."""
    return ApiError(403, f"Forbidden: {detail}")


def unauthorized() -> ApiError:
    """What Telegram answers for a token it does not know."""
    return ApiError(401, "Unauthorized")


def not_found() -> ApiError:
    """What Telegram answers for a method it does not know."""
    return ApiError(404, "Not Found")


# Telegram's generic descriptions, used when a test injects a failure without choosing one.
DEFAULT_DESCRIPTIONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden: bot was blocked by the user",
    404: "Not Found",
    409: "Conflict",
    500: "Internal Server Error",
    502: "Bad Gateway",
}


@dataclass
class Fault:
    """A failure queued by `FakeBotAPI.fail_next`."""

    status: int
    description: str | None
    retry_after: int
    times: int

    def error(self) -> ApiError:
        """The reply this fault produces."""
        if self.status == 429:
            description = self.description or f"Too Many Requests: retry after {self.retry_after}"
            return ApiError(429, description, {"retry_after": self.retry_after})
        return ApiError(self.status, self.description or DEFAULT_DESCRIPTIONS.get(self.status, f"Error {self.status}"))
