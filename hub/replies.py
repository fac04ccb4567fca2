"""Replies as the contract writes them: compact UTF-8 JSON, ``{"error", "message"}`` errors."""

from __future__ import annotations

import json
from typing import Any

from flask import Response, request

from hub.errors import Refused


def encode(obj: Any) -> bytes:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode()


def reply(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(encode(body), status=status, headers=headers, content_type="application/json")


def error(status: int, code: str, message: str) -> Response:
    return reply({"error": code, "message": message}, status)


def refused(exc: Refused) -> Response:
    return error(exc.status, exc.code, exc.message)


def bearer() -> str | None:
    auth = request.headers.get("Authorization", "")
    return auth[7:].strip() or None if auth.startswith("Bearer ") else None


def json_body() -> Any:
    try:
        return json.loads(request.get_data() or b"null")
    except ValueError as exc:
        raise Refused(400, "bad_request", "the body is not JSON") from exc


def page_args(prefix: str, default_limit: int = 500) -> tuple[int, int]:
    """(position after which to list, limit) from ``?cursor=<prefix>N&limit=``."""
    cursor = request.args.get("cursor") or ""
    after = 0
    if cursor:
        if not cursor.startswith(prefix) or not cursor[len(prefix) :].isdigit():
            raise Refused(400, "bad_request", "cursor is not one this server gave")
        after = int(cursor[len(prefix) :])
    limit_text = request.args.get("limit", str(default_limit))
    if not limit_text.isdigit() or not 1 <= int(limit_text) <= 1000:
        raise Refused(400, "bad_request", "limit must be 1..1000")
    return after, int(limit_text)
