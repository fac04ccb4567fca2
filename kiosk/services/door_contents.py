"""What a door's closing means for what a compartment holds: the item-sensor rule, and the
changes of hands it leads to (a result loaded or collected, a drop-off received or collected).

The item-sensor rule (docs/store.md "Doors"), one function for every purpose: on a board with
item sensors a closing fulfils its purpose only if the sensor agrees (something put in is
inside, something taken out is gone). A board without them (a per-board setting,
``[[devices.lock_bus.boards]] item_sensors``) keeps the door-only rule: the closing alone
fulfils it, and a pickup counts when its door is seen open.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kiosk.clock import Clock
from kiosk.domain import (
    SYSTEM,
    AlarmKind,
    Content,
    DoorPurpose,
    DropoffState,
    IntentState,
    ResultState,
)
from kiosk.services import alarms, releases
from kiosk.services.context import record

#: What each purpose does to the compartment's contents: puts something in, or takes it out.
PUTS_IN = frozenset({DoorPurpose.LOAD, DoorPurpose.DROPOFF})
TAKES_OUT = frozenset({DoorPurpose.PICKUP, DoorPurpose.COLLECT, DoorPurpose.RETRIEVE})


def fulfilled(purpose: DoorPurpose, item: bool | None) -> bool:
    """Whether a door shut with the item sensor reading ``item`` (None: no trusted sensor)
    fulfilled ``purpose``: the one rule for pickup, loading, drop-off and staff collection."""
    if item is None or purpose is DoorPurpose.INSPECT:
        return True
    if purpose in PUTS_IN:
        return item
    return not item


@dataclass(frozen=True)
class _Effect:
    """What a fulfilled purpose changes."""

    table: str  # the subject's table
    state: str  # the subject's new state
    content: Content  # the compartment's content afterwards
    event: str  # the outbox event, also the audit action


_EFFECTS = {
    DoorPurpose.LOAD: _Effect("results", ResultState.LOADED, Content.RESULT, "result.loaded"),
    DoorPurpose.DROPOFF: _Effect(
        "dropoffs", DropoffState.RECEIVED, Content.DROPOFF, "dropoff.received"
    ),
    DoorPurpose.COLLECT: _Effect(
        "dropoffs", DropoffState.COLLECTED, Content.EMPTY, "dropoff.collected"
    ),
    DoorPurpose.RETRIEVE: _Effect(
        "results", ResultState.RETRIEVED, Content.EMPTY, "result.retrieved"
    ),
}


def fulfil(conn: sqlite3.Connection, clock: Clock, intent: sqlite3.Row) -> None:
    """Record what a fulfilled intent changed hands (nothing for an inspection)."""
    purpose = DoorPurpose(intent["purpose"])
    if purpose is DoorPurpose.PICKUP:
        hand_over(conn, clock, intent)
        return
    effect = _EFFECTS.get(purpose)
    if effect is None:
        return
    label, actor, subject = intent["compartment"], intent["actor"], intent["subject_id"]
    if effect.table == "results":
        release = subject_release(conn, intent)
        release_id, dossier_code, data = release["release_id"], release["dossier_code"], None
    else:
        row = conn.execute(
            "SELECT dossier_code, verified FROM dropoffs WHERE id = ?", (subject,)
        ).fetchone()
        release_id, dossier_code = None, row[0]
        data = {"verified": bool(row[1])} if purpose is DoorPurpose.DROPOFF else None
    ended = (clock.iso(), actor) if effect.content is Content.EMPTY else (None, None)
    conn.execute(
        f"UPDATE {effect.table} SET state = ?, ended_at = ?, ended_by = ? WHERE id = ?",
        (effect.state, *ended, subject),
    )
    set_content(
        conn,
        clock,
        label,
        effect.content,
        result_id=subject if effect.content is Content.RESULT else None,
        dropoff_id=subject if effect.content is Content.DROPOFF else None,
    )
    record(
        conn,
        clock,
        actor=actor,
        action=effect.event,
        subject=label,
        details={"subject": subject, "release_id": release_id},
        event=effect.event,
        dossier_code=dossier_code,
        release_id=release_id,
        compartment=label,
        data=data,
    )


def hand_over(conn: sqlite3.Connection, clock: Clock, intent: sqlite3.Row) -> None:
    """A pickup's result is the citizen's: the code is used up and the central system told."""
    label = intent["compartment"]
    release = subject_release(conn, intent)
    conn.execute(
        "UPDATE results SET state = ?, ended_at = ?, ended_by = ? WHERE id = ?",
        (ResultState.PICKED_UP, clock.iso(), intent["actor"], intent["subject_id"]),
    )
    releases.mark_used(conn, release["release_id"])
    set_content(conn, clock, label, Content.EMPTY)
    record(
        conn,
        clock,
        actor=intent["actor"],
        action="result.picked_up",
        subject=label,
        details={"release_id": release["release_id"], "intent": intent["id"]},
        event="result.picked_up",
        dossier_code=release["dossier_code"],
        release_id=release["release_id"],
        compartment=label,
    )
    # Papers reported left inside and taken after all: staff need not come.
    alarms.clear_kind(conn, clock, AlarmKind.ITEM_LEFT, label, SYSTEM)


def check_contents(
    conn: sqlite3.Connection, clock: Clock, label: str, item: bool | None, actor: str
) -> None:
    """A door shut on what the item sensor reads: where that contradicts what the kiosk
    believes the compartment holds, it goes out of service until staff look."""
    if item is None:
        return
    held = held_by(conn, label)
    content = held["content"]
    if item and content == Content.EMPTY:
        # Something inside a compartment believed empty: never offer it as free.
        out_of_service(conn, clock, label, "item_left_inside", actor)
    elif not item and content != Content.EMPTY:
        # A result or a drop-off the kiosk believed inside is gone (forced, a test pulse).
        out_of_service(conn, clock, label, AlarmKind.ITEM_MISSING, SYSTEM)
        alarms.raise_alarm(conn, clock, AlarmKind.ITEM_MISSING, label, held)


def papers_left(conn: sqlite3.Connection, clock: Clock, label: str) -> bool:
    """A citizen left after shutting a pickup door on the papers: staff are told (the code
    still works). False if the compartment no longer holds a result."""
    held = held_by(conn, label)
    if held["content"] != Content.RESULT:
        return False
    alarms.raise_alarm(conn, clock, AlarmKind.ITEM_LEFT, label, {"compartment": label, **held})
    return True


def set_content(
    conn: sqlite3.Connection,
    clock: Clock,
    label: str,
    content: Content,
    result_id: int | None = None,
    dropoff_id: int | None = None,
) -> None:
    conn.execute(
        "UPDATE compartments SET content = ?, result_id = ?, dropoff_id = ?, updated_at = ?"
        " WHERE label = ?",
        (content, result_id, dropoff_id, clock.iso(), label),
    )


def out_of_service(
    conn: sqlite3.Connection, clock: Clock, label: str, reason: str, actor: str
) -> None:
    conn.execute(
        "UPDATE compartments SET out_of_service = 1, oos_reason = ?, updated_at = ?"
        " WHERE label = ?",
        (reason, clock.iso(), label),
    )
    record(
        conn,
        clock,
        actor=actor,
        action="compartment.out_of_service",
        subject=label,
        details={"reason": reason},
    )


def in_service(
    conn: sqlite3.Connection,
    clock: Clock,
    label: str,
    actor: str,
    details: Mapping[str, Any] | None = None,
    *,
    action: str = "compartment.in_service",
) -> None:
    """The compartment serves again, audited as ``action`` (an inspection names its finding)."""
    conn.execute(
        "UPDATE compartments SET out_of_service = 0, oos_reason = NULL, updated_at = ?"
        " WHERE label = ?",
        (clock.iso(), label),
    )
    record(conn, clock, actor=actor, action=action, subject=label, details=details)


def held_by(conn: sqlite3.Connection, compartment: str) -> dict[str, object]:
    """What the kiosk believes a compartment holds, for an alarm staff act on."""
    row = conn.execute(
        "SELECT c.content, r.dossier_code AS rc, d.dossier_code AS dc FROM compartments c"
        " LEFT JOIN results s ON s.id = c.result_id"
        " LEFT JOIN releases r ON r.release_id = s.release_id"
        " LEFT JOIN dropoffs d ON d.id = c.dropoff_id WHERE c.label = ?",
        (compartment,),
    ).fetchone()
    held: dict[str, object] = {"content": row["content"]}
    code = row["rc"] or row["dc"]
    if code:
        held["dossier_code"] = code
    return held


def drop_staged(conn: sqlite3.Connection, intent: sqlite3.Row) -> None:
    """A load or drop-off that did not happen: remove the row staged for it."""
    table = "results" if intent["purpose"] == DoorPurpose.LOAD else "dropoffs"
    conn.execute(f"DELETE FROM {table} WHERE id = ?", (intent["subject_id"],))


def maybe_inside(conn: sqlite3.Connection, label: str) -> sqlite3.Row | None:
    """The load or drop-off of ``label`` that a restart could not judge (its intent
    ``uncertain``, its row still staged): the item may be inside or not, and only staff's
    inspection says which. None when there is none (or a door command is under way)."""
    intent: sqlite3.Row | None = conn.execute(
        "SELECT i.* FROM door_intents i JOIN compartments c ON c.label = i.compartment"
        " WHERE i.compartment = ? AND i.state = ? AND i.purpose IN (?, ?)"
        " AND c.intent_id IS NULL ORDER BY i.id DESC LIMIT 1",
        (label, IntentState.UNCERTAIN, DoorPurpose.LOAD, DoorPurpose.DROPOFF),
    ).fetchone()
    if intent is None:
        return None
    table, staged = (
        ("results", ResultState.STAGED)
        if intent["purpose"] == DoorPurpose.LOAD
        else ("dropoffs", DropoffState.STAGED)
    )
    row = conn.execute(
        f"SELECT 1 FROM {table} WHERE id = ? AND state = ?", (intent["subject_id"], staged)
    ).fetchone()
    return intent if row is not None else None


def subject_code(conn: sqlite3.Connection, intent: sqlite3.Row) -> str:
    """The dossier code of a load's or a drop-off's subject."""
    if intent["purpose"] == DoorPurpose.LOAD:
        return str(subject_release(conn, intent)["dossier_code"])
    row = conn.execute(
        "SELECT dossier_code FROM dropoffs WHERE id = ?", (intent["subject_id"],)
    ).fetchone()
    return str(row[0])


def subject_release(conn: sqlite3.Connection, intent: sqlite3.Row) -> sqlite3.Row:
    row: sqlite3.Row = conn.execute(
        "SELECT r.release_id, r.dossier_code FROM results s JOIN releases r"
        " ON r.release_id = s.release_id WHERE s.id = ?",
        (intent["subject_id"],),
    ).fetchone()
    return row
