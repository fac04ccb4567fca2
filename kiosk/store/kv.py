"""Small named facts in the ``kv`` table; every key the project uses is named here, once."""

from __future__ import annotations

import contextlib
import sqlite3
import uuid
from enum import StrEnum

from kiosk.clock import parse_rfc3339


class Key(StrEnum):
    # Written by the sync agent.
    RELEASES_CURSOR = "sync.releases_cursor"
    RELEASES_ETAG = "sync.releases_etag"
    STAFF_ETAG = "sync.staff_etag"
    ONLINE = "sync.online"  # "1" or "0"
    LAST_SUCCESS_AT = "sync.last_success_at"  # RFC 3339
    # Why the last cycle failed, JSON {"step", "kind", "status"}
    # (kiosk.store.sync_failure.SyncFailure), "" after a success.
    LAST_FAILURE = "sync.last_failure"
    POLL_INTERVAL_S = "sync.poll_interval_s"  # from the heartbeat reply
    # Written by the kiosk application: "sync now" (an alarm, the technician's button) for an
    # agent running in another process; any new value wakes it.
    SYNC_REQUESTED = "sync.requested"
    # The clock's floor (epoch seconds), only ever raised: the newest server Date seen, the last
    # time the kiosk recorded, the newest expiry it refused (see docs/store.md, "Time").
    CLOCK_FLOOR = "clock.floor"
    # Written by the kiosk application for the heartbeat and `kiosk status`: JSON of
    # drivers' Devices.health().
    DEVICE_HEALTH = "devices.health"
    # When DEVICE_HEALTH was last written (epoch seconds, kiosk clock): `kiosk doctor` tells a
    # running kiosk's fresh report from a hung one's.
    DEVICE_HEALTH_AT = "devices.health_at"


def get(conn: sqlite3.Connection, key: Key, default: str | None = None) -> str | None:
    row = conn.execute("SELECT value FROM kv WHERE key = ?", (key.value,)).fetchone()
    return row[0] if row else default


def put(conn: sqlite3.Connection, key: Key, value: str) -> None:
    conn.execute(
        "INSERT INTO kv (key, value) VALUES (?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key.value, value),
    )


def delete(conn: sqlite3.Connection, key: Key) -> None:
    conn.execute("DELETE FROM kv WHERE key = ?", (key.value,))


def raise_clock_floor(conn: sqlite3.Connection, ts: float) -> None:
    """Keep the newest time seen, never lowering it."""
    conn.execute(
        "INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE"
        " SET value = excluded.value WHERE CAST(excluded.value AS REAL) > CAST(value AS REAL)",
        (Key.CLOCK_FLOOR.value, repr(ts)),
    )


def clock_floor(conn: sqlite3.Connection) -> float:
    """The newest time the kiosk has seen happen: the floor kept in ``kv`` (raised by every
    audit record, every refused expiry and every server ``Date``, each in its own transaction)
    and, should that key be older or lost, the newest audit record's own time."""
    value = get(conn, Key.CLOCK_FLOOR)
    floor = float(value) if value else 0.0
    newest = conn.execute("SELECT at FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    # A row whose time does not parse is for `kiosk audit verify` to report, not the clock.
    if newest is not None:
        with contextlib.suppress(ValueError):
            floor = max(floor, parse_rfc3339(newest[0]).timestamp())
    return floor


def request_sync(conn: sqlite3.Connection) -> None:
    """Ask the sync agent for a full cycle now, in whichever process it runs: it looks at this
    key while it waits."""
    put(conn, Key.SYNC_REQUESTED, uuid.uuid4().hex)
