"""The outbox: what happened here, in order, waiting to be reported to the central system.

The event shape is the one of ``POST /v1/kiosks/{id}/events`` in central-api.md.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
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


# --- sending (sync/events.py): a batch is a run of pending rows, read and written by seq -------


def oldest_pending(conn: sqlite3.Connection, size: int) -> list[sqlite3.Row]:
    """Up to ``size`` pending events, oldest first, through the index on (state, seq)."""
    return conn.execute(
        "SELECT * FROM outbox WHERE state = 'pending' ORDER BY seq LIMIT ?", (size,)
    ).fetchall()


def set_batch_key(conn: sqlite3.Connection, key: str, first_seq: int, last_seq: int) -> None:
    """Give the pending events from ``first_seq`` to ``last_seq`` their Idempotency-Key."""
    conn.execute(
        "UPDATE outbox SET batch_key = ? WHERE state = 'pending' AND seq BETWEEN ? AND ?",
        (key, first_seq, last_seq),
    )


def release_batch_key(conn: sqlite3.Connection, key: str, first_seq: int, last_seq: int) -> None:
    """The events of the batch still pending lose its key (within its range of seq only)."""
    conn.execute(
        "UPDATE outbox SET batch_key = NULL WHERE state = 'pending' AND seq BETWEEN ? AND ?"
        " AND batch_key = ?",
        (first_seq, last_seq, key),
    )


def mark_sent(conn: sqlite3.Connection, seqs: list[int], at: str) -> None:
    conn.executemany(
        "UPDATE outbox SET state = 'sent', sent_at = ? WHERE seq = ? AND state = 'pending'",
        [(at, seq) for seq in seqs],
    )


def mark_rejected(conn: sqlite3.Connection, reasons: list[tuple[int, str]]) -> None:
    """Pending events the central system refused, ``(seq, reason)``: kept for technicians."""
    conn.executemany(
        "UPDATE outbox SET state = 'rejected', reject_reason = ? WHERE seq = ?"
        " AND state = 'pending'",
        [(reason, seq) for seq, reason in reasons],
    )


@dataclass(frozen=True)
class Health:
    """The outbox at a glance, for ``kiosk status`` and the heartbeat."""

    pending: int
    rejected: int
    oldest_pending_at: str | None  # the occurred_at of the event waiting longest


def health(conn: sqlite3.Connection) -> Health:
    # Each through the index on (state, seq): sent rows, the many, are not read.
    row = conn.execute(
        "SELECT (SELECT count(*) FROM outbox WHERE state = 'pending'),"
        " (SELECT count(*) FROM outbox WHERE state = 'rejected'),"
        " (SELECT occurred_at FROM outbox WHERE state = 'pending' ORDER BY seq LIMIT 1)"
    ).fetchone()
    return Health(pending=row[0], rejected=row[1], oldest_pending_at=row[2])
