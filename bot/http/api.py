"""The POS and online-shop API, `/api/v1`: record a purchase, look up a member, redeem a voucher.

Every call but the OpenAPI document needs `Authorization: Bearer <key>` (`bashgah api-key create NAME`), is
limited to the client's `rate_per_minute`, and is audited. Answers are JSON; errors are
`{"error": {"code": "...", "message": "..."}}` with a stable, language-neutral code (and `fields` for 422).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from aiohttp import web
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError
from sqlalchemy import Connection

from bot.http.openapi import OPENAPI
from bot.http.ratelimit import MemoryRateLimiter, RateLimiter
from bot.notifier import Notifier
from handlers.staff.purchase import announce  # the chat's own wording of the purchase news
from loyalty.apiclients import client_by_key
from loyalty.audit import record_audit
from loyalty.club import Club
from loyalty.errors import LoyaltyError, MemberNotFound, VoucherNotFound
from loyalty.members import find_member, member_number
from loyalty.purchases import PurchaseRequest, PurchaseResult, record_purchase_in
from loyalty.rewards import redeem_voucher
from models import ApiClient
from models.database import database_busy

log = logging.getLogger(__name__)

CLUB = web.AppKey("club", Club)
NOTIFIER = web.AppKey("notifier", Notifier)
LIMITER = web.AppKey("limiter", RateLimiter)
CLIENT = web.RequestKey("api_client", ApiClient)

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64, pattern=r"^[\x20-\x7e]+$")]
IDEMPOTENCY_KEY = Annotated[str, StringConstraints(min_length=1, max_length=128, pattern=r"^[\x21-\x7e]+$")]
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
BUSY_RETRY_AFTER = 2  # seconds: SQLite's write lock or a PostgreSQL connection is usually free again by then


class PurchaseBody(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    member: Text | Annotated[int, Field(gt=0)]
    amount: Annotated[int, Field(gt=0, le=10**15)]
    receipt: Text | None = None


class _KeyHeader(BaseModel):
    key: IDEMPOTENCY_KEY | None = None


def error(status: int, code: str, message: str, **extra: Any) -> web.Response:
    body: dict[str, Any] = {"error": {"code": code, "message": message, **extra}}
    return web.json_response(body, status=status)


def _code(refusal: LoyaltyError) -> str:
    return refusal.key.removeprefix("error-").replace("-", "_")


@web.middleware
async def api_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Authenticate, limit, and turn domain refusals and a busy database into JSON errors."""
    if request.path.endswith("/openapi.json"):
        return await handler(request)
    try:
        return await _authorized(request, handler)
    except Exception as problem:
        if not database_busy(problem):
            raise
        log.warning("api.database_busy", extra={"path": request.path, "error": type(problem).__name__})
        # Every write is one unit of work that rolled back whole: the same request (same key) can come again.
        response = error(503, "database_busy", "The database is busy; nothing was saved. Send the request again.")
        response.headers["Retry-After"] = str(BUSY_RETRY_AFTER)
        return response


async def _authorized(request: web.Request, handler: Handler) -> web.StreamResponse:
    club = request.app[CLUB]
    scheme, _, key = request.headers.get("Authorization", "").partition(" ")
    client = None
    if scheme.lower() == "bearer" and key.strip():
        async with club.db.quick_sessions() as session:
            client = await client_by_key(session, key.strip())
    if client is None:
        response = error(401, "unauthorized", "A valid API key is required: Authorization: Bearer <key>.")
        response.headers["WWW-Authenticate"] = "Bearer"
        return response
    wait = await request.app[LIMITER].allow(client.id, client.rate_per_minute)
    if wait is not None:
        response = error(429, "rate_limited", f"More than {client.rate_per_minute} calls a minute.")
        response.headers["Retry-After"] = str(max(1, round(wait)))
        return response
    request[CLIENT] = client
    try:
        return await handler(request)
    except (MemberNotFound, VoucherNotFound) as refusal:
        return error(404, _code(refusal), "Not found.")
    except LoyaltyError as refusal:
        return error(409, _code(refusal), "Refused by the club's rules.")


def _fields(problem: ValidationError) -> dict[str, str]:
    return {".".join(str(part) for part in item["loc"]) or "body": item["msg"] for item in problem.errors()}


async def _body(request: web.Request) -> Any:
    try:
        return await request.json()
    except ValueError:
        return None


async def record_purchase_route(request: web.Request) -> web.Response:
    club, client = request.app[CLUB], request[CLIENT]
    try:
        body = PurchaseBody.model_validate(await _body(request))
        idempotency = _KeyHeader(key=request.headers.get("Idempotency-Key")).key
    except ValidationError as problem:
        return error(422, "invalid_request", "The request is not valid.", fields=_fields(problem))
    async with club.db.quick_sessions() as session:
        member = await find_member(session, str(body.member), country=club.config.club.country)
    purchase = PurchaseRequest(
        member_id=member.id,
        amount=body.amount,
        source=f"api:{client.id}",
        receipt=body.receipt,
        idempotency_key=idempotency,
        created_by=f"api:{client.name}",
    )
    now = club.clock()

    def record(connection: Connection) -> PurchaseResult:
        result = record_purchase_in(connection, club.config, purchase, now)
        details = {"purchase_id": result.purchase_id, "replayed": result.replayed}
        record_audit(
            connection,
            actor=purchase.created_by or "api",
            action="api.purchase",
            now=now,
            member_id=member.id,
            details=details,
        )
        return result

    result = await club.db.write(record)
    if not result.replayed and NOTIFIER in request.app:
        await announce(request.app[NOTIFIER], club, result)
    return web.json_response(
        {
            "purchase_id": result.purchase_id,
            "member": member_number(result.member_id),
            "amount": result.amount,
            "points": result.points,
            "balance": result.balance,
            "tier": result.tier,
            "replayed": result.replayed,
        },
        status=200 if result.replayed else 201,
    )


async def member_route(request: web.Request) -> web.Response:
    club, client = request.app[CLUB], request[CLIENT]
    async with club.db.quick_sessions() as session:
        member = await find_member(session, request.match_info["member"], country=club.config.club.country)
    await _audit(club, client, "api.member_lookup", member.id)
    return web.json_response(
        {"member": member_number(member.id), "name": member.name, "tier": member.tier, "balance": member.balance}
    )


async def redeem_route(request: web.Request) -> web.Response:
    club, client = request.app[CLUB], request[CLIENT]
    redeemed = await redeem_voucher(club, code=request.match_info["code"], actor=f"api:{client.name}")
    return web.json_response(
        {"voucher": redeemed.code, "member": member_number(redeemed.member_id), "reward": redeemed.title}
    )


async def openapi_route(request: web.Request) -> web.Response:
    return web.json_response(OPENAPI)


async def _audit(club: Club, client: ApiClient, action: str, member_id: int) -> None:
    now = club.clock()
    await club.db.write(
        lambda connection: record_audit(
            connection, actor=f"api:{client.name}", action=action, now=now, member_id=member_id
        )
    )


def api_app(club: Club, *, notifier: Notifier | None = None, limiter: RateLimiter | None = None) -> web.Application:
    """The `/api/v1` sub-application."""
    app = web.Application(middlewares=[api_middleware], client_max_size=64 * 1024)
    app[CLUB] = club
    app[LIMITER] = limiter or MemoryRateLimiter()
    if notifier is not None:
        app[NOTIFIER] = notifier
    app.router.add_get("/openapi.json", openapi_route)
    app.router.add_post("/purchases", record_purchase_route)
    app.router.add_get("/members/{member}", member_route)
    app.router.add_post("/vouchers/{code}/redeem", redeem_route)
    return app
