"""The POS API through the real aiohttp application: keys, limits, idempotency, errors, audit."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import func, select

from bot.http import build_http_app
from loyalty.apiclients import create_api_client, revoke_api_client
from loyalty.club import Club
from loyalty.members import member_number
from loyalty.rewards import claim_reward
from models import AuditEntry, Member, Purchase
from tests.helpers import add_reward, locked_throughout, new_member


@pytest.fixture
async def client(bot_club: Club) -> AsyncIterator[TestClient[object, object]]:
    async with TestClient(TestServer(build_http_app(bot_club))) as test_client:
        yield test_client


async def _key(club: Club, name: str = "till-1", rate: int = 600) -> dict[str, str]:
    return {"Authorization": f"Bearer {(await create_api_client(club, name, rate_per_minute=rate)).key}"}


async def _count(club: Club, model: type[object]) -> int:
    async with club.db.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)  # type: ignore[arg-type]


async def test_health_and_openapi_need_no_key(client: TestClient[object, object]) -> None:
    health = await client.get("/healthz")
    assert (health.status, await health.json()) == (200, {"status": "ok", "database": "ok"})
    document = await (await client.get("/api/v1/openapi.json")).json()
    assert set(document["paths"]) == {"/purchases", "/members/{member}", "/vouchers/{code}/redeem"}


async def test_wrong_missing_or_revoked_keys_are_401_and_write_nothing(
    client: TestClient[object, object], bot_club: Club
) -> None:
    joined = await new_member(bot_club)
    body = {"member": str(joined.number), "amount": 250_000, "receipt": "A-1"}
    headers = await _key(bot_club)
    await revoke_api_client(bot_club, "till-1")
    for auth in ({}, {"Authorization": "Bearer bgk_nope"}, {"Authorization": "Basic x"}, headers):
        response = await client.post("/api/v1/purchases", json=body, headers=auth)
        assert response.status == 401
        assert (await response.json())["error"]["code"] == "unauthorized"
    assert await _count(bot_club, Purchase) == 0


async def test_a_purchase_by_number_or_phone_is_credited_once_per_receipt_or_key(
    client: TestClient[object, object], bot_club: Club
) -> None:
    joined = await new_member(bot_club, phone="+989121234567")
    headers = await _key(bot_club)
    body = {"member": str(joined.number), "amount": 250_000, "receipt": "A-1"}
    first = await client.post("/api/v1/purchases", json=body, headers=headers)
    assert first.status == 201
    answer = await first.json()
    assert answer["points"] == 25 and answer["balance"] == joined.balance + 25 and answer["tier"]
    again = await client.post("/api/v1/purchases", json=body, headers=headers)
    assert again.status == 200 and {**(await again.json()), "replayed": False} == answer
    keyed = {"member": "09121234567", "amount": 100_000}  # by phone, no receipt: the header keys it
    one = await client.post("/api/v1/purchases", json=keyed, headers={**headers, "Idempotency-Key": "k-1"})
    two = await client.post("/api/v1/purchases", json=keyed, headers={**headers, "Idempotency-Key": "k-1"})
    assert (one.status, two.status) == (201, 200)
    assert (await two.json())["replayed"] is True
    conflict = await client.post("/api/v1/purchases", json={**body, "amount": 1}, headers=headers)
    assert (conflict.status, (await conflict.json())["error"]["code"]) == (409, "receipt_conflict")
    assert await _count(bot_club, Purchase) == 2
    assert await _count(bot_club, AuditEntry) == 4  # each accepted call, replays included; a refusal writes nothing


async def test_a_busy_database_is_503_with_retry_after_and_the_retry_is_credited_once(
    client: TestClient[object, object], bot_club: Club
) -> None:
    joined = await new_member(bot_club)
    headers = await _key(bot_club)
    body = {"member": str(joined.number), "amount": 250_000, "receipt": "B-1"}
    async with locked_throughout(bot_club):  # another program holds SQLite's write lock past the busy timeout
        busy = await client.post("/api/v1/purchases", json=body, headers=headers)
    assert busy.status == 503
    assert busy.headers["Retry-After"] == "2"
    assert (await busy.json())["error"]["code"] == "database_busy"
    assert await _count(bot_club, Purchase) == 0
    retried = await client.post("/api/v1/purchases", json=body, headers=headers)
    again = await client.post("/api/v1/purchases", json=body, headers=headers)
    assert (retried.status, again.status) == (201, 200)
    assert await _count(bot_club, Purchase) == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"member": "1001", "amount": -5}, "amount"),
        ({"member": "1001", "amount": "5"}, "amount"),
        ({"member": "1001", "amount": 5.5}, "amount"),
        ({"amount": 5}, "member"),
        ({"member": "1001", "amount": 5, "receipt": "x" * 65}, "receipt"),
        ({"member": "1001", "amount": 5, "extra": 1}, "extra"),
        (None, "body"),
    ],
)
async def test_bad_bodies_are_422_with_the_field(
    client: TestClient[object, object], bot_club: Club, body: object, field: str
) -> None:
    await new_member(bot_club)
    response = await client.post("/api/v1/purchases", json=body, headers=await _key(bot_club))
    assert response.status == 422
    problem = (await response.json())["error"]
    assert problem["code"] == "invalid_request" and any(name.startswith(field) for name in problem["fields"])
    assert await _count(bot_club, Purchase) == 0


async def test_bad_idempotency_key_and_unknown_member(client: TestClient[object, object], bot_club: Club) -> None:
    headers = await _key(bot_club)
    bad = await client.post(
        "/api/v1/purchases", json={"member": "1001", "amount": 5}, headers={**headers, "Idempotency-Key": "a b"}
    )
    assert bad.status == 422
    missing = await client.post("/api/v1/purchases", json={"member": "99999", "amount": 5}, headers=headers)
    assert (missing.status, (await missing.json())["error"]["code"]) == (404, "member_not_found")


async def test_member_lookup(client: TestClient[object, object], bot_club: Club) -> None:
    joined = await new_member(bot_club, phone="+989121234568")
    headers = await _key(bot_club)
    for query in (str(joined.number), "+989121234568", "09121234568"):
        response = await client.get(f"/api/v1/members/{query}", headers=headers)
        assert response.status == 200
        found = await response.json()
        assert (found["member"], found["tier"], found["balance"]) == (joined.number, "silver", joined.balance)
        assert found["name"].startswith("Member ")
    assert (await client.get("/api/v1/members/5", headers=headers)).status == 404


async def test_voucher_redeem_once(client: TestClient[object, object], bot_club: Club) -> None:
    joined = await new_member(bot_club)
    reward_id = await add_reward(bot_club, cost=10)
    claim = await claim_reward(bot_club, member_id=joined.member_id, reward_id=reward_id, idempotency_key="c1")
    headers = await _key(bot_club)
    code = claim.code.lower()
    first = await client.post(f"/api/v1/vouchers/{code}/redeem", headers=headers)
    assert first.status == 200
    assert (await first.json())["member"] == member_number(joined.member_id)
    second = await client.post(f"/api/v1/vouchers/{code}/redeem", headers=headers)
    assert (second.status, (await second.json())["error"]["code"]) == (409, "voucher_used")
    unknown = await client.post("/api/v1/vouchers/ZZZZ2345/redeem", headers=headers)
    assert (unknown.status, (await unknown.json())["error"]["code"]) == (404, "voucher_not_found")


async def test_each_client_has_its_own_rate_limit(client: TestClient[object, object], bot_club: Club) -> None:
    slow = await _key(bot_club, "slow", rate=2)
    fast = await _key(bot_club, "fast")
    statuses = [(await client.get("/api/v1/members/1001", headers=slow)).status for _ in range(3)]
    assert statuses == [404, 404, 429]
    limited = await client.get("/api/v1/members/1001", headers=slow)
    assert int(limited.headers["Retry-After"]) >= 1
    assert (await limited.json())["error"]["code"] == "rate_limited"
    assert (await client.get("/api/v1/members/1001", headers=fast)).status == 404


async def test_members_table_untouched_by_reads(client: TestClient[object, object], bot_club: Club) -> None:
    joined = await new_member(bot_club)
    await client.get(f"/api/v1/members/{joined.number}", headers=await _key(bot_club))
    async with bot_club.db.sessions() as session:
        member = await session.get(Member, joined.member_id)
    assert member is not None and member.balance == joined.balance
