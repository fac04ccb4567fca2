"""The integration API: how the one-stop system releases results and learns what happened.

Bearer integration key (``atm-hub key add``). The OTP is never in a reply: the citizen gets it
by SMS, the kiosk in its feed.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Blueprint, Response
from sqlalchemy import select

from hub import kiosk_events, releases
from hub.context import Hub
from hub.crypto import token_digest
from hub.errors import Refused
from hub.replies import bearer, error, json_body, page_args, refused, reply
from hub.schema import integration_keys

CURSOR_PREFIX = "e-"


def blueprint(hub: Hub) -> Blueprint:
    bp = Blueprint("integration_api", __name__, url_prefix="/v1/integration")

    def integration_only(view: Callable[..., Response]) -> Callable[..., Response]:
        @wraps(view)
        def checked(**kw: Any) -> Response:
            key = bearer()
            with hub.reader.connect() as conn:
                name = (
                    None
                    if key is None
                    else conn.execute(
                        select(integration_keys.c.name).where(
                            integration_keys.c.key_sha256 == token_digest(key)
                        )
                    ).scalar_one_or_none()
                )
            if name is None:
                return error(401, "unauthorized", "missing or unknown integration key")
            try:
                return view(actor=f"integration:{name}", **kw)
            except Refused as exc:
                return refused(exc)

        return checked

    @bp.post("/releases")
    @integration_only
    def create(actor: str) -> Response:
        new = releases.NewRelease.parse(json_body(), hub.now())
        with hub.engine.begin() as conn:
            release_id, version = releases.create(conn, hub, new, actor)
        hub.sms_wake.set()
        return reply({"release_id": release_id, "version": version}, 201)

    @bp.post("/releases/<release_id>/reissue")
    @integration_only
    def reissue(actor: str, release_id: str) -> Response:
        with hub.engine.begin() as conn:
            version = releases.reissue(conn, hub, release_id, actor, "asked by the one-stop system")
        hub.sms_wake.set()
        return reply({"release_id": release_id, "version": version})

    @bp.post("/releases/<release_id>/revoke")
    @integration_only
    def revoke(actor: str, release_id: str) -> Response:
        with hub.engine.begin() as conn:
            version = releases.revoke(conn, hub, release_id, actor)
        return reply({"release_id": release_id, "version": version})

    @bp.get("/releases/<release_id>")
    @integration_only
    def show(actor: str, release_id: str) -> Response:
        with hub.reader.connect() as conn:
            return reply(releases.public_view(conn, release_id))

    @bp.get("/events")
    @integration_only
    def events_feed(actor: str) -> Response:
        after, limit = page_args(CURSOR_PREFIX)
        with hub.reader.connect() as conn:
            items, last, has_more = kiosk_events.feed(conn, after, limit)
        return reply(
            {"items": items, "next_cursor": f"{CURSOR_PREFIX}{last}", "has_more": has_more}
        )

    return bp
