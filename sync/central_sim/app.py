"""The simulator's HTTP face: Kiosk Sync API v1 and the admin endpoints, as a Flask app.

Kiosk API requests go through ``_serve``: bearer token, then any armed fault, then the handler,
then the faults that spoil a reply. Handlers return ``(status, body, headers)``; one place turns
that into bytes (compact UTF-8 JSON, the ``Date`` header from the simulator's clock).
"""

from __future__ import annotations

import hashlib
import json
import re
import socket
import time
from collections.abc import Callable, Iterator
from typing import Any

from flask import Flask, Response, request
from pydantic import ValidationError

from sync.central_sim.faults import (
    Endpoint,
    Fault,
    FaultKind,
    cut_json,
    decompose_text,
    stringify_scalars,
)
from sync.central_sim.state import CentralSimulator, RequestRecord, UnknownReleaseError
from sync.wire import MAX_EVENTS_PER_BATCH, Heartbeat, describe

Result = tuple[int, dict[str, Any] | None, dict[str, str]]
CURSOR = re.compile(r"^c-([0-9]{1,12})$")
DEFAULT_LIMIT = 500


def _error(status: int, code: str, message: str, **headers: str) -> Result:
    return status, {"error": code, "message": message}, headers


def encode(obj: Any) -> bytes:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode()


def respond(result: Result) -> Response:
    status, body, headers = result
    response = Response(b"" if body is None else encode(body), status=status, headers=headers)
    if body is not None:
        response.content_type = "application/json"
    return response


def create_app(sim: CentralSimulator) -> Flask:
    app = Flask("central_sim")
    api = KioskApi(sim)
    prefix = "/v1/kiosks/<kiosk_id>"
    app.add_url_rule(f"{prefix}/releases", "releases", api.releases, methods=["GET"])
    app.add_url_rule(f"{prefix}/events", "events", api.events, methods=["POST"])
    app.add_url_rule(f"{prefix}/staff", "staff", api.staff, methods=["GET"])
    app.add_url_rule(f"{prefix}/dossiers/<code>", "dossier", api.dossier, methods=["GET"])
    app.add_url_rule(f"{prefix}/heartbeat", "heartbeat", api.heartbeat, methods=["POST"])

    @app.after_request
    def _log(response: Response) -> Response:
        if request.path.startswith("/v1/"):
            sim.log_request(
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

    _admin_routes(app, sim)
    return app


class KioskApi:
    """The kiosk endpoints; each request goes through ``serve`` (token, faults, reply)."""

    def __init__(self, sim: CentralSimulator) -> None:
        self.sim = sim

    def serve(
        self, endpoint: Endpoint, kiosk_id: str, handler: Callable[[Fault | None], Result]
    ) -> Response:
        auth = request.headers.get("Authorization", "")
        token = auth[7:] if auth.startswith("Bearer ") else None
        allowed = self.sim.authorise(kiosk_id, token)
        if allowed == 401:
            return respond(_error(401, "unauthorized", "missing or unknown bearer token"))
        if allowed == 403:
            return respond(_error(403, "forbidden", "this token is for another kiosk"))
        fault = self.sim.take_fault(endpoint, has_cursor=bool(request.args.get("cursor")))
        if fault is None:
            return respond(handler(None))
        if fault.kind is FaultKind.SERVER_ERROR:
            return respond(_error(fault.status, "unavailable", "simulated server error"))
        if fault.kind is FaultKind.RATE_LIMIT:
            headers = {"Retry-After": fault.retry_after} if fault.retry_after else {}
            return respond(_error(429, "rate_limited", "slow down", **headers))
        if fault.kind is FaultKind.EXPIRE_CURSOR:
            return respond(_error(410, "cursor_expired", "pull again from the beginning"))
        if fault.kind is FaultKind.SLOW and endpoint is not Endpoint.EVENTS:
            self.sim.stopping.wait(fault.delay_s)
        status, body, headers = handler(fault)
        if status != 200 or body is None:
            return respond((status, body, headers))
        return self.spoil(fault, status, body, headers)

    def spoil(
        self, fault: Fault, status: int, body: dict[str, Any], headers: dict[str, str]
    ) -> Response:
        kind = fault.kind
        if kind is FaultKind.DROP_AFTER_COMMIT:
            # The work is done and committed; the kiosk never hears of it.
            sock: socket.socket = request.environ["werkzeug.socket"]
            sock.shutdown(socket.SHUT_RDWR)
        elif kind is FaultKind.MALFORMED_JSON:
            response = Response(cut_json(body), status=status, headers=headers)
            response.content_type = "application/json"
            return response
        elif kind is FaultKind.WRONG_TYPES:
            body = stringify_scalars(body)
        elif kind is FaultKind.NON_NFC:
            body = decompose_text(body)
        elif kind is FaultKind.HUGE_BODY:
            return Response(
                _padded(encode(body), fault.size),
                status=status,
                headers=headers,
                content_type="application/json",
            )
        return respond((status, body, headers))

    # --- GET releases -----------------------------------------------------------------------

    def releases(self, kiosk_id: str) -> Response:
        return self.serve(Endpoint.RELEASES, kiosk_id, lambda _: self.releases_page(kiosk_id))

    def releases_page(self, kiosk_id: str) -> Result:
        cursor = request.args.get("cursor")
        match = CURSOR.match(cursor) if cursor else None
        if cursor and not match:
            return _error(400, "bad_request", "cursor is not one this server gave")
        limit_text = request.args.get("limit", str(DEFAULT_LIMIT))
        if not limit_text.isdigit() or not 1 <= int(limit_text) <= 1000:
            return _error(400, "bad_request", "limit must be 1..1000")
        after = int(match.group(1)) if match else 0
        sim = self.sim
        with sim.lock:
            head = sim.kiosk(kiosk_id).change_seq
            if after > head:
                # A cursor from before a restart of the simulator.
                return _error(410, "cursor_expired", "pull again from the beginning")
            etag = sim.releases_etag(kiosk_id)
            if request.headers.get("If-None-Match") == etag and after >= head:
                return 304, None, {"ETag": etag}
            items, last, has_more = sim.releases_page(kiosk_id, after, int(limit_text))
        page = {"items": items, "next_cursor": f"c-{last:06d}", "has_more": has_more}
        return 200, page, {"ETag": etag}

    # --- POST events ------------------------------------------------------------------------

    def events(self, kiosk_id: str) -> Response:
        return self.serve(
            Endpoint.EVENTS, kiosk_id, lambda fault: self.record_events(kiosk_id, fault)
        )

    def record_events(self, kiosk_id: str, fault: Fault | None) -> Result:
        key = request.headers.get("Idempotency-Key")
        if not key:
            return _error(400, "bad_request", "Idempotency-Key header required")
        try:
            body = json.loads(request.get_data())
        except ValueError:
            return _error(400, "bad_request", "body is not JSON")
        batch = body.get("events") if isinstance(body, dict) else None
        if (
            not isinstance(batch, list)
            or len(batch) > MAX_EVENTS_PER_BATCH
            or not all(isinstance(e, dict) and isinstance(e.get("event_id"), str) for e in batch)
        ):
            return _error(400, "bad_request", "expected {events: [...]} with at most 500 events")
        claim, stored = self.sim.claim_key(kiosk_id, key, body)
        if claim == 422:
            return _error(422, "idempotency_key_reused", "this key came with another body")
        if claim == 409:
            return _error(409, "in_progress", "a request with this key is being processed")
        if stored is not None:
            return 200, stored, {}
        if fault is not None and fault.kind is FaultKind.SLOW:
            self.sim.stopping.wait(fault.delay_s)
        return 200, self.sim.record_events(kiosk_id, key, batch), {}

    # --- GET staff, GET dossier, POST heartbeat ---------------------------------------------

    def staff(self, kiosk_id: str) -> Response:
        return self.serve(Endpoint.STAFF, kiosk_id, lambda _: self.staff_directory(kiosk_id))

    def staff_directory(self, kiosk_id: str) -> Result:
        with self.sim.lock:
            body = {"staff": list(self.sim.kiosk(kiosk_id).staff)}
        etag = '"s-' + _digest(body) + '"'
        if request.headers.get("If-None-Match") == etag:
            return 304, None, {"ETag": etag}
        return 200, body, {"ETag": etag}

    def dossier(self, kiosk_id: str, code: str) -> Response:
        return self.serve(Endpoint.DOSSIERS, kiosk_id, lambda _: self.find_dossier(kiosk_id, code))

    def find_dossier(self, kiosk_id: str, code: str) -> Result:
        with self.sim.lock:
            found = self.sim.kiosk(kiosk_id).dossiers.get(code)
        if found is None:
            return _error(404, "not_found", "no dossier with this code")
        return 200, dict(found), {}

    def heartbeat(self, kiosk_id: str) -> Response:
        return self.serve(Endpoint.HEARTBEAT, kiosk_id, lambda _: self.record_heartbeat(kiosk_id))

    def record_heartbeat(self, kiosk_id: str) -> Result:
        try:
            beat = Heartbeat.model_validate_json(request.get_data())
        except ValidationError as exc:
            return _error(400, "bad_request", describe(exc))
        interval = self.sim.record_heartbeat(kiosk_id, beat.model_dump(mode="json"))
        return 200, {"server_time": self.sim.iso(), "poll_interval_s": interval}, {}


def _admin_routes(app: Flask, sim: CentralSimulator) -> None:
    """Unauthenticated admin endpoints (the simulator binds to loopback): see docs/sync.md."""

    def kiosk_arg() -> str:
        return request.args.get("kiosk_id") or next(iter(sim.kiosks))

    def body() -> dict[str, Any]:
        data = request.get_json(silent=True)
        return data if isinstance(data, dict) else {}

    @app.post("/admin/releases")
    def admin_release() -> Response:
        try:
            done = sim.release(kiosk_arg(), **body())
        except TypeError as exc:
            return respond(_error(400, "bad_request", str(exc)))
        return respond((201, done.__dict__, {}))

    @app.post("/admin/releases/raw")
    def admin_raw_release() -> Response:
        # Any JSON, valid item or not: what a central system with a bug might send.
        sim.publish_raw(kiosk_arg(), request.get_json(force=True, silent=True))
        return respond((201, {"published": True}, {}))

    @app.post("/admin/releases/<release_id>/<action>")
    def admin_change(release_id: str, action: str) -> Response:
        change = {"reissue": sim.reissue, "revoke": sim.revoke}.get(action)
        if change is None:
            return respond(_error(404, "not_found", "use reissue or revoke"))
        try:
            return respond((200, change(kiosk_arg(), release_id).__dict__, {}))
        except UnknownReleaseError:
            return respond(_error(404, "not_found", "no such release"))

    @app.get("/admin/events")
    def admin_events() -> Response:
        return respond((200, {"events": sim.events(kiosk_arg())}, {}))

    @app.get("/admin/heartbeats")
    def admin_heartbeats() -> Response:
        with sim.lock:
            beats = list(sim.kiosk(kiosk_arg()).heartbeats)
        return respond((200, {"heartbeats": beats}, {}))

    @app.get("/admin/requests")
    def admin_requests() -> Response:
        return respond((200, {"requests": [r.__dict__ for r in sim.request_log()]}, {}))

    @app.get("/admin/faults")
    def admin_faults() -> Response:
        with sim.lock:
            return respond((200, {"faults": [f.to_json() for f in sim.faults]}, {}))

    @app.post("/admin/faults")
    def admin_add_fault() -> Response:
        try:
            sim.add_fault(Fault.from_json(body()))
        except (KeyError, TypeError, ValueError) as exc:
            return respond(_error(400, "bad_request", f"bad fault: {exc}"))
        return admin_faults()

    @app.delete("/admin/faults")
    def admin_clear_faults() -> Response:
        sim.clear_faults()
        return admin_faults()


def _digest(body: dict[str, Any]) -> str:
    text = json.dumps(body, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(text).hexdigest()[:16]


def _padded(body: bytes, size: int) -> Iterator[bytes]:
    """A valid JSON object of about ``size`` bytes, sent in chunks with no Content-Length."""
    yield body[:-1] + b',"padding":"'
    chunk = b"x" * 65_536
    for _ in range(max(size // len(chunk), 1)):
        yield chunk
    yield b'"}'
