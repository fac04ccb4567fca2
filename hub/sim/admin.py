"""The simulator's admin endpoints, unauthenticated (it binds to loopback): docs/sync.md.

Each one calls the simulator (simulator.py), which acts through the hub's services.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from flask import Blueprint, Response, request

from hub.replies import error, reply
from hub.sim.faults import Fault
from hub.sim.simulator import CentralSimulator, UnknownReleaseError


def blueprint(sim: CentralSimulator) -> Blueprint:
    bp = Blueprint("central_sim_admin", __name__, url_prefix="/admin")

    def kiosk_arg() -> str:
        return request.args.get("kiosk_id") or next(iter(sim.kiosks))

    def body() -> dict[str, Any]:
        data = request.get_json(silent=True)
        return data if isinstance(data, dict) else {}

    @bp.post("/releases")
    def admin_release() -> Response:
        try:
            done = sim.release(kiosk_arg(), **body())
        except (TypeError, KeyError) as exc:
            return error(400, "bad_request", str(exc))
        return reply(asdict(done), 201)

    @bp.post("/releases/raw")
    def admin_raw_release() -> Response:
        # Any JSON, valid item or not: what a central system with a bug might send.
        sim.feed.publish_raw(kiosk_arg(), request.get_json(force=True, silent=True))
        return reply({"published": True}, 201)

    @bp.post("/releases/<release_id>/<action>")
    def admin_change(release_id: str, action: str) -> Response:
        change = {"reissue": sim.reissue, "revoke": sim.revoke}.get(action)
        if change is None:
            return error(404, "not_found", "use reissue or revoke")
        try:
            return reply(asdict(change(kiosk_arg(), release_id)))
        except UnknownReleaseError:
            return error(404, "not_found", "no such release")

    @bp.get("/events")
    def admin_events() -> Response:
        return reply({"events": sim.events(kiosk_arg())})

    @bp.get("/heartbeats")
    def admin_heartbeats() -> Response:
        with sim.lock:
            beats = list(sim.kiosk(kiosk_arg()).heartbeats)
        return reply({"heartbeats": beats})

    @bp.get("/requests")
    def admin_requests() -> Response:
        return reply({"requests": [asdict(r) for r in sim.request_log()]})

    @bp.get("/faults")
    def admin_faults() -> Response:
        return reply({"faults": [f.to_json() for f in sim.faults.armed()]})

    @bp.post("/faults")
    def admin_add_fault() -> Response:
        try:
            sim.faults.add(Fault.from_json(body()))
        except (KeyError, TypeError, ValueError) as exc:
            return error(400, "bad_request", f"bad fault: {exc}")
        return admin_faults()

    @bp.delete("/faults")
    def admin_clear_faults() -> Response:
        sim.faults.clear()
        return admin_faults()

    return bp
