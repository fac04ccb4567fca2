"""The heartbeat: the kiosk's health as the central system sees it, read from the store.

Device health comes from ``kv`` (``devices.health``, written by the kiosk application from the
drivers' ``health()``); the agent never talks to devices. ``audit_head`` is the newest audit
record's sequence number and hash, so the central system keeps its own record of the chain;
``otp_failures_24h`` the wrong codes of the last day, so it sees guessing across its kiosks.
"""

from __future__ import annotations

import json
import logging
import shutil
import sqlite3
from typing import Any

from kiosk import __version__
from kiosk.clock import Clock, parse_rfc3339
from kiosk.services.otp_guard import DAY_S, failures_since
from kiosk.services.status import compartments_by_size
from kiosk.store import Store, audit, kv, outbox
from sync.client import CentralClient
from sync.wire import AuditHead, DeviceHealth, Heartbeat, OutboxHealth, SizeCounts

log = logging.getLogger(__name__)


def send_heartbeat(store: Store, client: CentralClient, clock: Clock, uptime_s: float) -> str:
    beat = build_heartbeat(store, clock, uptime_s)
    reply = client.heartbeat(beat)
    clock.raise_floor(parse_rfc3339(reply.server_time).timestamp())
    with store.transaction() as conn:
        kv.put(conn, kv.Key.POLL_INTERVAL_S, repr(reply.poll_interval_s))
        kv.raise_clock_floor(conn, clock.floor)
    return f"poll every {reply.poll_interval_s:g} s"


def build_heartbeat(store: Store, clock: Clock, uptime_s: float) -> Heartbeat:
    conn = store.conn
    now = clock.timestamp()
    return Heartbeat(
        sent_at=clock.iso(now),
        software_version=__version__,
        uptime_s=round(max(uptime_s, 0.0), 3),
        disk_free_bytes=shutil.disk_usage(store.path.parent).free,
        compartments=_compartments(conn),
        outbox=_outbox(conn),
        devices=_devices(kv.get(conn, kv.Key.DEVICE_HEALTH)),
        audit_head=_audit_head(conn),
        otp_failures_24h=failures_since(conn, now - DAY_S),
    )


def _audit_head(conn: sqlite3.Connection) -> AuditHead | None:
    """The newest audit record as it stands, not as the anchor remembers it: a history rewritten
    here shows at the central system as a head that went back or changed."""
    newest = audit.head(conn)
    return AuditHead(seq=newest[0], hash=newest[1]) if newest else None


def _compartments(conn: sqlite3.Connection) -> dict[Any, SizeCounts]:
    return {size: SizeCounts(**counts) for size, counts in compartments_by_size(conn).items()}


def _outbox(conn: sqlite3.Connection) -> OutboxHealth:
    events = outbox.health(conn)
    return OutboxHealth(
        pending=events.pending,
        rejected=events.rejected,
        oldest_pending_at=events.oldest_pending_at,
    )


def _devices(text: str | None) -> dict[str, DeviceHealth]:
    """``{"name": {"state": ..., "reason": ...}}`` from kv; anything odd is reported, not fatal."""
    if not text:
        return {}
    try:
        raw = json.loads(text)
    except ValueError:
        log.warning("devices.health in kv is not JSON; heartbeat sent without devices")
        return {}
    out: dict[str, DeviceHealth] = {}
    for name, value in raw.items() if isinstance(raw, dict) else ():
        out[str(name)] = _device(value)
    return out


def _device(value: Any) -> DeviceHealth:
    """A device's ``{"state", "reason"}``; a bare ``{"online": bool}`` is understood too."""
    if not isinstance(value, dict):
        return DeviceHealth(state="degraded", reason="health not reported")
    reason = value.get("reason")
    text = str(reason) if reason is not None else None
    state = value.get("state")
    if state == "ok":
        return DeviceHealth(state="ok", reason=text)
    if state == "degraded":
        return DeviceHealth(state="degraded", reason=text)
    if state == "offline":
        return DeviceHealth(state="offline", reason=text)
    online = value.get("online")
    if isinstance(online, bool):
        return DeviceHealth(state="ok" if online else "offline", reason=text)
    return DeviceHealth(state="degraded", reason=f"unknown state {state!r}")
