"""The OpenAPI 3.1 document of `/api/v1`, served at `/api/v1/openapi.json`."""

from __future__ import annotations

from typing import Any

_ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": {"type": "string", "examples": ["member_not_found", "receipt_conflict", "invalid_request"]},
                "message": {"type": "string"},
                "fields": {"type": "object", "additionalProperties": {"type": "string"}},
            },
        }
    },
}


def _errors(*statuses: int) -> dict[str, Any]:
    ref = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    names = {
        401: "No or unknown API key",
        404: "Not found",
        409: "Refused by the club's rules",
        422: "Invalid request",
        429: "Rate limit; see Retry-After",
        503: "The database is busy and nothing was saved; send the same request again after Retry-After",
    }
    return {str(status): {"description": names[status], **ref} for status in statuses}


_PURCHASE_RESULT = {
    "type": "object",
    "required": ["purchase_id", "member", "amount", "points", "balance", "tier", "replayed"],
    "properties": {
        "purchase_id": {"type": "integer"},
        "member": {"type": "integer", "description": "member number"},
        "amount": {"type": "integer"},
        "points": {"type": "integer"},
        "balance": {"type": "integer"},
        "tier": {"type": "string"},
        "replayed": {"type": "boolean", "description": "true: this receipt or key was recorded before"},
    },
}

OPENAPI: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Bashgah POS API", "version": "1"},
    "servers": [{"url": "/api/v1"}],
    "security": [{"bearer": []}],
    "components": {
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        "schemas": {"Error": _ERROR, "PurchaseResult": _PURCHASE_RESULT},
    },
    "paths": {
        "/purchases": {
            "post": {
                "summary": "Record a purchase and credit its points (idempotent on receipt or Idempotency-Key)",
                "parameters": [
                    {
                        "name": "Idempotency-Key",
                        "in": "header",
                        "required": False,
                        "schema": {"type": "string", "maxLength": 128},
                    }
                ],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "additionalProperties": False,
                                "required": ["member", "amount"],
                                "properties": {
                                    "member": {
                                        "description": "member number or phone",
                                        "oneOf": [
                                            {"type": "string", "maxLength": 64},
                                            {"type": "integer", "minimum": 1},
                                        ],
                                    },
                                    "amount": {"type": "integer", "minimum": 1, "description": "minor units"},
                                    "receipt": {"type": "string", "maxLength": 64},
                                },
                            }
                        }
                    },
                },
                "responses": {
                    "201": {
                        "description": "Recorded",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PurchaseResult"}}},
                    },
                    "200": {
                        "description": "Already recorded: the first answer again",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PurchaseResult"}}},
                    },
                    **_errors(401, 404, 409, 422, 429, 503),
                },
            }
        },
        "/members/{member}": {
            "get": {
                "summary": "Look up a member by member number or phone",
                "parameters": [{"name": "member", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {
                    "200": {
                        "description": "The member",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {
                                        "member": {"type": "integer"},
                                        "name": {"type": ["string", "null"]},
                                        "tier": {"type": "string"},
                                        "balance": {"type": "integer"},
                                    },
                                }
                            }
                        },
                    },
                    **_errors(401, 404, 429, 503),
                },
            }
        },
        "/vouchers/{code}/redeem": {
            "post": {
                "summary": "Mark a voucher used at the till",
                "parameters": [{"name": "code", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {
                    "200": {
                        "description": "Redeemed",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {
                                        "voucher": {"type": "string"},
                                        "member": {"type": "integer"},
                                        "reward": {"type": "object", "additionalProperties": {"type": "string"}},
                                    },
                                }
                            }
                        },
                    },
                    **_errors(401, 404, 409, 429, 503),
                },
            }
        },
    },
}
