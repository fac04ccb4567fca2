"""Kiosk Sync API v1, the server side (central-api.md): what the kiosks' agents call."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Blueprint, Response, request
from pydantic import ValidationError

from hub import fleet, kiosk_events, releases, staff
from hub.context import Hub, iso
from hub.errors import Refused
from hub.replies import bearer, error, json_body, page_args, refused, reply
from sync.wire import MAX_EVENTS_PER_BATCH, Heartbeat, describe

log = logging.getLogger(__name__)
CURSOR_PREFIX = "c-"


def blueprint(hub: Hub) -> Blueprint:
    bp = Blueprint("kiosk_api", __name__, url_prefix="/v1/kiosks/<kiosk_id>")
    tokens = fleet.TokenCache(hub.token_cache_s)

    def kiosk_only(view: Callable[..., Response]) -> Callable[..., Response]:
        @wraps(view)
        def checked(kiosk_id: str, **kw: Any) -> Response:
            token = bearer()
            owner = None if token is None else tokens.kiosk_for(hub, token)
            if owner is None:
                return error(401, "unauthorized", "missing or unknown bearer token")
            if owner != kiosk_id:
                return error(403, "forbidden", "this token is for another kiosk")
            try:
                return view(kiosk_id, **kw)
            except Refused as exc:
                return refused(exc)

        return checked

    @bp.get("/releases")
    @kiosk_only
    def releases_feed(kiosk_id: str) -> Response:
        after, limit = page_args(CURSOR_PREFIX)
        with hub.reader.connect() as conn:
            head = fleet.feed_head(conn, kiosk_id)
            if after > head:
                return error(410, "cursor_expired", "pull again from the beginning")
            etag = releases.feed_etag(head)
            if request.headers.get("If-None-Match") == etag and after >= head:
                return Response(status=304, headers={"ETag": etag})
            items, last, has_more = releases.feed_page(conn, hub, kiosk_id, after, limit, head)
        page = {"items": items, "next_cursor": f"{CURSOR_PREFIX}{last:06d}", "has_more": has_more}
        return reply(page, headers={"ETag": etag})

    @bp.post("/events")
    @kiosk_only
    def post_events(kiosk_id: str) -> Response:
        return receive_events(hub, kiosk_id)

    @bp.get("/staff")
    @kiosk_only
    def staff_directory(kiosk_id: str) -> Response:
        with hub.reader.connect() as conn:
            body, etag = staff.directory(conn, kiosk_id)
        if request.headers.get("If-None-Match") == etag:
            return Response(status=304, headers={"ETag": etag})
        return reply(body, headers={"ETag": etag})

    @bp.get("/dossiers/<code>")
    @kiosk_only
    def dossier(kiosk_id: str, code: str) -> Response:
        with hub.reader.connect() as conn:
            found = releases.dossier_state(conn, kiosk_id, code)
        if found is None:
            return error(404, "not_found", "no dossier with this code")
        return reply(found)

    @bp.post("/heartbeat")
    @kiosk_only
    def heartbeat(kiosk_id: str) -> Response:
        body = json_body()
        if not isinstance(body, dict):
            return error(400, "bad_request", "the heartbeat is a JSON object")
        try:
            health = Heartbeat.model_validate(body).model_dump(mode="json")
        except ValidationError as exc:
            # The kiosk is alive whatever its body says: the beat counts, the details that do
            # not fit the contract are left out (and said once in the log, not per kiosk).
            log.info("heartbeat from %s does not fit the contract: %s", kiosk_id, describe(exc))
            health = {"unreadable": describe(exc)}
        fleet.record_heartbeat(hub, kiosk_id, health)
        interval = tokens.poll_interval(kiosk_id)
        return reply({"server_time": iso(hub.now()), "poll_interval_s": interval})

    return bp


def receive_events(hub: Hub, kiosk_id: str) -> Response:
    """POST events: the batch's shape, its key's claim, then the batch (hub.kiosk_events)."""
    key = request.headers.get("Idempotency-Key", "").strip()
    if not key or len(key) > 200:
        return error(400, "bad_request", "Idempotency-Key header required")
    body = json_body()
    batch = body.get("events") if isinstance(body, dict) else None
    if (
        not isinstance(batch, list)
        or len(batch) > MAX_EVENTS_PER_BATCH
        or not all(
            isinstance(e, dict) and isinstance(e.get("event_id"), str) and e["event_id"]
            for e in batch
        )
    ):
        return error(400, "bad_request", "expected {events: [...]} with at most 500 events")
    stored = kiosk_events.claim(hub, kiosk_id, key, kiosk_events.body_digest(body))
    if stored is not None:
        return reply(stored)
    try:
        result = kiosk_events.record_batch(hub, kiosk_id, key, batch)
    except BaseException:
        kiosk_events.release_claim(hub, kiosk_id, key)
        raise
    hub.sms_wake.set()
    return reply(result)
