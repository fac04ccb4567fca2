"""The kiosk's state at a glance, for ``kiosk status`` and the heartbeat."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from kiosk.clock import Clock
from kiosk.domain import Content
from kiosk.services.alarms import open_alarms
from kiosk.store import Store, kv, set_aside
from sync.failure import SyncFailure


def snapshot(store: Store, clock: Clock) -> dict[str, Any]:
    conn = store.conn
    now = clock.timestamp()
    active = conn.execute(
        "SELECT count(*) FROM releases WHERE status = 'released' AND otp_used = 0"
        " AND expires_ts > ?",
        (now,),
    ).fetchone()[0]
    c = conn.execute(
        "SELECT"
        " sum(content = ? AND disabled = 0 AND out_of_service = 0),"
        " sum(content != ?),"
        " sum(disabled = 1 OR out_of_service = 1)"
        " FROM compartments",
        (Content.EMPTY, Content.EMPTY),
    ).fetchone()
    outbox = conn.execute(
        "SELECT count(*), min(occurred_at) FROM outbox WHERE state = 'pending'"
    ).fetchone()
    rejected = conn.execute("SELECT count(*) FROM outbox WHERE state = 'rejected'").fetchone()[0]
    devices = kv.get(conn, kv.Key.DEVICE_HEALTH)
    return {
        "schema_version": store.schema_version(),
        "releases": {"active": active},
        "compartments": {"free": c[0] or 0, "occupied": c[1] or 0, "out_of_service": c[2] or 0},
        "sync": {
            "online": kv.get(conn, kv.Key.ONLINE) == "1",
            "last_success_at": kv.get(conn, kv.Key.LAST_SUCCESS_AT),
            "last_failure": failure.as_dict() if (failure := last_failure(conn)) else None,
            "outbox_pending": outbox[0],
            "outbox_oldest_at": outbox[1],
            "outbox_rejected": rejected,
        },
        "alarms": open_alarms(conn),
        # Feed items the kiosk could not accept, kept without their secrets for technicians.
        "set_aside": set_aside.open_items(conn),
        "devices": json.loads(devices) if devices else None,
    }


def last_failure(conn: sqlite3.Connection) -> SyncFailure | None:
    """Why the last sync cycle failed (None after a success)."""
    return SyncFailure.from_json(kv.get(conn, kv.Key.LAST_FAILURE))
