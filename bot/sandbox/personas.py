"""Who one can be in the sandbox: a few customers, the owner and a cashier, each with their own chat."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

Role = Literal["customer", "owner", "cashier"]


@dataclass(frozen=True)
class Persona:
    """A Telegram user the page can speak as. `phone` is what their contact-share button sends."""

    key: str
    user_id: int
    first_name: str
    last_name: str
    phone: str
    role: Role
    language_code: str = "fa"

    def to_json(self) -> dict[str, Any]:
        """What the page needs to list and label the persona."""
        return {
            "key": self.key,
            "id": self.user_id,
            "name": f"{self.first_name} {self.last_name}",
            "role": self.role,
            "phone": self.phone,
        }


# Ids far from member numbers (1001, 1002, …) so the two are never confused while playing.
PERSONAS: tuple[Persona, ...] = (
    Persona("sara", 7_100_001, "سارا", "احمدی", "+989121000101", "customer"),
    Persona("reza", 7_100_002, "رضا", "کریمی", "+989121000102", "customer"),
    Persona("emma", 7_100_003, "Emma", "Brown", "+989121000103", "customer", "en"),
    Persona("owner", 7_000_001, "Maryam", "Tehrani", "+989121000001", "owner"),
    Persona("cashier", 7_000_002, "Dariush", "Nouri", "+989121000002", "cashier"),
)


def owner_ids(personas: Sequence[Persona]) -> list[int]:
    """The Telegram ids the sandbox club names as owners."""
    return [persona.user_id for persona in personas if persona.role == "owner"]
