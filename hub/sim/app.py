"""The simulator's HTTP face: the hub's own application with a fault layer, and admin endpoints.

The kiosk API is the hub's (hub/app.py); this layer only stands in front of it. A request with
a good token first meets any armed fault (faults.py): some answer at once (5xx, 429, 410),
``slow`` waits, and those that spoil a reply (cut JSON, strings for numbers, NFD text, a huge
body, a dropped connection) act on the hub's answer. It also serves what the simulator keeps
beside the hub: raw feed items (feed.py), a directory as given, looked-up dossiers; and
it records every request and heartbeat received.
"""

from __future__ import annotations

import json
import re
import socket
import time
from collections.abc import Iterator
from typing import Any

from flask import Flask, Response, g, request
from pydantic import ValidationError

from hub import kiosk_events, staff
from hub.app import create_app as hub_app
from hub.errors import Refused
from hub.replies import bearer, encode, error, json_body, page_args, reply
from hub.sim import admin
from hub.sim.faults import (
    Endpoint,
    Fault,
    FaultKind,
    cut_json,
    decompose_text,
    stringify_scalars,
)
from hub.sim.simulator import CentralSimulator, RequestRecord
from sync.wire import Heartbeat

KIOSK_PATH = re.compile(
    r"^/v1/kiosks/(?P<kiosk>[^/]+)/(?P<endpoint>releases|events|staff|heartbeat|dossiers)"
    r"(?:/(?P<code>[^/]+))?$"
)


def create_app(sim: CentralSimulator) -> Flask:
    app = hub_app(sim.hub)
    layer = FaultLayer(sim)
    app.before_request(layer.before)
    app.after_request(layer.after)
    app.register_blueprint(admin.blueprint(sim))
    return app


class FaultLayer:
    def __init__(self, sim: CentralSimulator) -> None:
        self.sim = sim

    def before(self) -> Response | None:
        """A response instead of the hub's (a fault, or what the simulator serves), or None."""
        match = KIOSK_PATH.match(request.path)
        # A bad token gets the hub's own answer (401, 403), with no fault.
        if match is None or not self.sim.authorised(match["kiosk"], bearer()):
            return None
        kiosk_id, endpoint = match["kiosk"], Endpoint(match["endpoint"])
        g.sim_kiosk, g.sim_endpoint = kiosk_id, endpoint
        fault = self.sim.faults.take(endpoint, has_cursor=bool(request.args.get("cursor")))
        g.sim_fault = fault
        if fault is not None:
            if fault.kind is FaultKind.SERVER_ERROR:
                return error(fault.status, "unavailable", "simulated server error")
            if fault.kind is FaultKind.RATE_LIMIT:
                response = error(429, "rate_limited", "slow down")
                if fault.retry_after:
                    response.headers["Retry-After"] = fault.retry_after
                return response
            if fault.kind is FaultKind.EXPIRE_CURSOR:
                return error(410, "cursor_expired", "pull again from the beginning")
            if fault.kind is FaultKind.SLOW:
                self.wait(endpoint, kiosk_id, fault.delay_s)
        return self.served_here(endpoint, kiosk_id, match["code"])

    def wait(self, endpoint: Endpoint, kiosk_id: str, delay_s: float) -> None:
        """A slow reply. On events the batch's Idempotency-Key is held meanwhile, so that a
        retry meets the hub's 409; the hub then records the batch as usual."""
        held = False
        key = request.headers.get("Idempotency-Key", "").strip()
        if endpoint is Endpoint.EVENTS and key:
            try:
                digest = kiosk_events.body_digest(json_body())
                held = kiosk_events.claim(self.sim.hub, kiosk_id, key, digest) is None
            except Refused:
                pass  # the hub answers it
        self.sim.stopping.wait(delay_s)
        if held:
            kiosk_events.release_claim(self.sim.hub, kiosk_id, key)

    def served_here(self, endpoint: Endpoint, kiosk_id: str, code: str | None) -> Response | None:
        state = self.sim.kiosk(kiosk_id)
        if endpoint is Endpoint.STAFF and state.staff_override is not None:
            body = {"staff": state.staff}
            etag = staff.directory_etag(body)
            if request.headers.get("If-None-Match") == etag:
                return Response(status=304, headers={"ETag": etag})
            return reply(body, headers={"ETag": etag})
        if endpoint is Endpoint.DOSSIERS and code in state.lookup:
            return reply(state.lookup[code])
        return None

    def after(self, response: Response) -> Response:
        endpoint = g.get("sim_endpoint")
        if endpoint is not None and response.status_code == 200:
            kiosk_id = g.sim_kiosk
            if endpoint is Endpoint.HEARTBEAT:
                self.heard(kiosk_id)
            elif endpoint is Endpoint.RELEASES and self.sim.feed.has_raw(kiosk_id):
                response = self.with_raw_items(kiosk_id, response)
            fault = g.get("sim_fault")
            if fault is not None:
                response = spoiled(fault, response)
        if request.path.startswith("/v1/"):
            self.sim.log_request(
                RequestRecord(
                    request.method,
                    request.path,
                    request.query_string.decode(),
                    response.status_code,
                    time.monotonic(),
                    request.headers.get("Idempotency-Key"),
                )
            )
        return response

    def heard(self, kiosk_id: str) -> None:
        try:
            beat = Heartbeat.model_validate_json(request.get_data())
        except ValidationError:
            return  # the hub counted it; the simulator keeps only beats that fit the contract
        self.sim.record_heartbeat(kiosk_id, beat.model_dump(mode="json"))

    def with_raw_items(self, kiosk_id: str, response: Response) -> Response:
        """The hub's page with the simulator's raw items in, at the same feed head (ETag)."""
        after, limit = page_args("c-")
        head = int(str(response.headers["ETag"]).strip('"')[2:])
        items, last, has_more = self.sim.feed.page(kiosk_id, after, head, limit)
        page = {"items": items, "next_cursor": f"c-{last:06d}", "has_more": has_more}
        return reply(page, headers={"ETag": response.headers["ETag"]})


def spoiled(fault: Fault, response: Response) -> Response:
    """The hub's 200 as the fault spoils it (or as it was, for a fault that spoils nothing)."""
    kind = fault.kind
    if kind is FaultKind.DROP_AFTER_COMMIT:
        # The work is done and committed; the kiosk never hears of it.
        sock: socket.socket = request.environ["werkzeug.socket"]
        sock.shutdown(socket.SHUT_RDWR)
        return response
    if kind not in (
        FaultKind.MALFORMED_JSON,
        FaultKind.WRONG_TYPES,
        FaultKind.NON_NFC,
        FaultKind.HUGE_BODY,
    ):
        return response
    body: dict[str, Any] = json.loads(response.get_data())
    headers = {k: v for k, v in response.headers.items() if k == "ETag"}
    if kind is FaultKind.MALFORMED_JSON:
        return Response(cut_json(body), headers=headers, content_type="application/json")
    if kind is FaultKind.WRONG_TYPES:
        return reply(stringify_scalars(body), headers=headers)
    if kind is FaultKind.NON_NFC:
        return reply(decompose_text(body), headers=headers)
    return Response(
        _padded(encode(body), fault.size), headers=headers, content_type="application/json"
    )


def _padded(body: bytes, size: int) -> Iterator[bytes]:
    """A valid JSON object of about ``size`` bytes, sent in chunks with no Content-Length."""
    yield body[:-1] + b',"padding":"'
    chunk = b"x" * 65_536
    for _ in range(max(size // len(chunk), 1)):
        yield chunk
    yield b'"}'
