"""The outbox: what happened here, in order, waiting to be reported to the central system.

The event shape is the one of ``POST /v1/kiosks/{id}/events`` in central-api.md.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Mapping
from typing import Any

EVENT_TYPES = frozenset(
    {
        "result.loaded",
        "result.picked_up",
        "result.pickup_failed",
        "result.retrieved",
        "result.code_voided",
        "otp.resend_requested",
        "dropoff.received",
        "dropoff.collected",
        "rating.submitted",
        "alarm.raised",
        "alarm.cleared",
        "staff.signed_in",
        "staff.signed_out",
    }
)


def enqueue(
    conn: sqlite3.Connection,
    *,
    type: str,
    occurred_at: str,
    actor: str,
    dossier_code: str | None = None,
    release_id: str | None = None,
    compartment: str | None = None,
    data: Mapping[str, Any] | None = None,
) -> str:
    """Queue one event inside the caller's transaction; returns its ``event_id``."""
    if type not in EVENT_TYPES:
        raise ValueError(f"unknown event type {type!r}")
    event_id = str(uuid.uuid4())
    conn.execute(
        "INSERT INTO outbox (event_id, type, occurred_at, dossier_code, release_id,"
        " compartment, actor, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            event_id,
            type,
            occurred_at,
            dossier_code,
            release_id,
            compartment,
            actor,
            json.dumps(dict(data or {}), ensure_ascii=False),
        ),
    )
    return event_id


def as_wire(row: sqlite3.Row) -> dict[str, Any]:
    """An outbox row as the JSON object the central system receives."""
    return {
        "event_id": row["event_id"],
        "type": row["type"],
        "occurred_at": row["occurred_at"],
        "dossier_code": row["dossier_code"],
        "release_id": row["release_id"],
        "compartment": row["compartment"],
        "actor": row["actor"],
        "data": json.loads(row["data"]),
    }
