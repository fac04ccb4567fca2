"""The kiosk's state at a glance, for ``kiosk status`` and the heartbeat."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from kiosk.clock import Clock
from kiosk.domain import Content
from kiosk.services import releases
from kiosk.services.alarms import open_alarms
from kiosk.store import Store, kv, outbox, set_aside
from kiosk.store.sync_failure import SyncFailure


def snapshot(store: Store, clock: Clock) -> dict[str, Any]:
    conn = store.conn
    now = clock.timestamp()
    active = releases.open_count(conn, now)
    c = conn.execute(
        "SELECT"
        " sum(content = ? AND disabled = 0 AND out_of_service = 0),"
        " sum(content != ?),"
        " sum(disabled = 1 OR out_of_service = 1)"
        " FROM compartments",
        (Content.EMPTY, Content.EMPTY),
    ).fetchone()
    events = outbox.health(conn)
    devices = kv.get(conn, kv.Key.DEVICE_HEALTH)
    return {
        "schema_version": store.schema_version(),
        "releases": {"active": active},
        "compartments": {"free": c[0] or 0, "occupied": c[1] or 0, "out_of_service": c[2] or 0},
        "sync": {
            "online": kv.get(conn, kv.Key.ONLINE) == "1",
            "last_success_at": kv.get(conn, kv.Key.LAST_SUCCESS_AT),
            "last_failure": failure.as_dict() if (failure := last_failure(conn)) else None,
            "outbox_pending": events.pending,
            "outbox_oldest_at": events.oldest_pending_at,
            "outbox_rejected": events.rejected,
        },
        "alarms": open_alarms(conn),
        # Feed items the kiosk could not accept, kept without their secrets for technicians.
        "set_aside": set_aside.open_items(conn),
        "devices": json.loads(devices) if devices else None,
    }


def compartments_by_size(conn: sqlite3.Connection) -> dict[str, dict[str, int]]:
    """The compartments of each size as the heartbeat reports them: ``free``, ``occupied`` and
    ``out_of_service`` (empty, and disabled or out of service)."""
    return {
        row[0]: {"free": row[1] or 0, "occupied": row[2] or 0, "out_of_service": row[3] or 0}
        for row in conn.execute(
            "SELECT size,"
            " sum(content = :empty AND NOT disabled AND NOT out_of_service),"
            " sum(content != :empty),"
            " sum(content = :empty AND (disabled OR out_of_service))"
            " FROM compartments GROUP BY size ORDER BY size",
            {"empty": Content.EMPTY},
        )
    }


def last_failure(conn: sqlite3.Connection) -> SyncFailure | None:
    """Why the last sync cycle failed (None after a success)."""
    return SyncFailure.from_json(kv.get(conn, kv.Key.LAST_FAILURE))
