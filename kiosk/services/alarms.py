"""Alarms: raised by the kiosk, seen by staff and technicians, reported to the central system."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from typing import Any

from kiosk.clock import Clock
from kiosk.domain import KIOSK, SYSTEM, AlarmKind
from kiosk.services.context import record

# Raised when a restart cannot tell what happened behind a door: local only (the contract's
# alarm kinds have no word for it); the compartment is out of service until staff look.
CHECK_COMPARTMENT = "check_compartment"
# Raised when the central system sent a feed item the kiosk set aside (kiosk/store/set_aside.py):
# local only too (the contract says such items are reported to technicians, and has no kind
# for them); subject ``release:<release_id>``, or ``set_aside:<row id>`` without a usable id.
FEED_ITEM_SET_ASIDE = "feed_item_set_aside"
REPORTED_KINDS = frozenset(AlarmKind)


def _as_reported(actor: str, data: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """An alarm the kiosk raises by itself (a board silent at 3 a.m.) is recorded locally as
    ``system`` and reported with the contract's actor for it, ``kiosk``."""
    return (KIOSK if actor == SYSTEM else actor), data


def raise_alarm(
    conn: sqlite3.Connection,
    clock: Clock,
    kind: str,
    subject: str,
    details: Mapping[str, Any] | None = None,
    actor: str = SYSTEM,
) -> bool:
    """Open an alarm unless the same one is already open; True if it is new."""
    exists = conn.execute(
        "SELECT 1 FROM alarms WHERE kind = ? AND subject = ? AND cleared_at IS NULL",
        (kind, subject),
    ).fetchone()
    if exists:
        return False
    info = dict(details or {})
    conn.execute(
        "INSERT INTO alarms (kind, subject, details, raised_at) VALUES (?, ?, ?, ?)",
        (kind, subject, json.dumps(info, ensure_ascii=False), clock.iso()),
    )
    actor, data = _as_reported(actor, {"kind": kind, **info})
    record(
        conn,
        clock,
        actor=actor,
        action="alarm.raised",
        subject=subject,
        details=data,
        event="alarm.raised" if kind in REPORTED_KINDS else None,
        compartment=subject if _is_compartment(subject) else None,
        data=data,
    )
    return True


def clear_alarm(conn: sqlite3.Connection, clock: Clock, alarm_id: int, actor: str) -> bool:
    row = conn.execute(
        "SELECT kind, subject FROM alarms WHERE id = ? AND cleared_at IS NULL", (alarm_id,)
    ).fetchone()
    if row is None:
        return False
    conn.execute(
        "UPDATE alarms SET cleared_at = ?, cleared_by = ? WHERE id = ?",
        (clock.iso(), actor, alarm_id),
    )
    kind, subject = row
    reported_actor, data = _as_reported(actor, {"kind": kind})
    record(
        conn,
        clock,
        actor=reported_actor,
        action="alarm.cleared",
        subject=subject,
        details={**data, "alarm_id": alarm_id},
        event="alarm.cleared" if kind in REPORTED_KINDS else None,
        compartment=subject if _is_compartment(subject) else None,
        data=data,
    )
    return True


def clear_kind(conn: sqlite3.Connection, clock: Clock, kind: str, subject: str, actor: str) -> None:
    """Clear the open alarm of this kind and subject, if any (a condition that went away)."""
    row = conn.execute(
        "SELECT id FROM alarms WHERE kind = ? AND subject = ? AND cleared_at IS NULL",
        (kind, subject),
    ).fetchone()
    if row is not None:
        clear_alarm(conn, clock, row[0], actor)


def open_subjects(conn: sqlite3.Connection, kind: str, prefix: str) -> list[str]:
    """The subjects of the open alarms of ``kind`` that start with ``prefix``."""
    rows = conn.execute(
        "SELECT subject FROM alarms WHERE kind = ? AND cleared_at IS NULL"
        " AND substr(subject, 1, length(?)) = ?",
        (kind, prefix, prefix),
    ).fetchall()
    return [str(r[0]) for r in rows]


def acknowledge(conn: sqlite3.Connection, clock: Clock, alarm_id: int, actor: str) -> bool:
    cur = conn.execute(
        "UPDATE alarms SET acknowledged_at = ?, acknowledged_by = ?"
        " WHERE id = ? AND cleared_at IS NULL AND acknowledged_at IS NULL",
        (clock.iso(), actor, alarm_id),
    )
    if cur.rowcount:
        record(conn, clock, actor=actor, action="alarm.acknowledged", subject=str(alarm_id))
    return bool(cur.rowcount)


def open_alarms(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    rows = conn.execute(
        "SELECT id, kind, subject, details, raised_at, acknowledged_at FROM alarms"
        " WHERE cleared_at IS NULL ORDER BY id"
    ).fetchall()
    return [
        {
            "id": r[0],
            "kind": r[1],
            "subject": r[2],
            "details": json.loads(r[3]),
            "raised_at": r[4],
            "acknowledged": r[5] is not None,
        }
        for r in rows
    ]


def _is_compartment(subject: str) -> bool:
    return len(subject) == 3 and subject[0].isalpha() and subject[1:].isdigit()
