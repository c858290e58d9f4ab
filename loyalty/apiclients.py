"""API clients (a till, an online shop): keys shown once, stored as hashes, revocable, rate-limited per client.

Keys are 256 random bits, so a plain SHA-256 is the right hash: there is nothing to brute-force that a slow
password hash would protect.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from loyalty.club import Club
from models import ApiClient

KEY_PREFIX = "bgk_"
DEFAULT_RATE_PER_MINUTE = 600


class ApiClientExists(ValueError):
    """An API client with that name exists already (revoked ones too: names are never reused)."""


@dataclass(frozen=True)
class NewApiKey:
    client_id: int
    name: str
    key: str  # shown once; only its hash is stored


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


async def create_api_client(club: Club, name: str, *, rate_per_minute: int = DEFAULT_RATE_PER_MINUTE) -> NewApiKey:
    """A new client and its key."""
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    now = club.clock()
    row = {"name": name, "key_hash": hash_key(key), "rate_per_minute": rate_per_minute, "created_at": now}

    def create(connection: Connection) -> int | None:
        if connection.execute(select(ApiClient.id).where(ApiClient.name == name)).scalar() is not None:
            return None
        return int(connection.execute(insert(ApiClient).values(row).returning(ApiClient.id)).scalar_one())

    client_id = await club.db.write(create)
    if client_id is None:
        raise ApiClientExists(name)
    return NewApiKey(client_id, name, key)


async def revoke_api_client(club: Club, name: str) -> bool:
    """Stop a client's key working at once; False when there is no such active client."""
    now = club.clock()
    statement = update(ApiClient).where(ApiClient.name == name, ApiClient.revoked_at.is_(None)).values(revoked_at=now)
    return bool(await club.db.write(lambda connection: connection.execute(statement).rowcount == 1))


async def client_by_key(session: AsyncSession, key: str) -> ApiClient | None:
    """The active client a key belongs to."""
    if not key.startswith(KEY_PREFIX):
        return None
    return await session.scalar(
        select(ApiClient).where(ApiClient.key_hash == hash_key(key), ApiClient.revoked_at.is_(None))
    )


async def list_api_clients(session: AsyncSession) -> list[ApiClient]:
    return list(await session.scalars(select(ApiClient).order_by(ApiClient.id)))
