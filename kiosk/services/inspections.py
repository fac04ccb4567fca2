"""Staff's inspection of a compartment the kiosk stopped trusting: a forced door, a door that
closed empty where a result or a drop-off should be, a restart that could not tell what a door
did. Such a compartment returns to service only through ``inspected``, which records what
staff found (docs/staff.md "Inspection").
"""

from __future__ import annotations

from enum import StrEnum

from kiosk.domain import AlarmKind, Content, DropoffState, ResultState
from kiosk.errors import KioskError
from kiosk.services import alarms
from kiosk.services.context import ServiceContext
from kiosk.services.door_contents import (
    drop_staged,
    fulfil,
    held_by,
    in_service,
    maybe_inside,
    set_content,
    subject_code,
)

#: Why a compartment waits for an inspection, not for a plain "back in service".
INSPECTION_REASONS = frozenset(
    {AlarmKind.DOOR_FORCED, AlarmKind.ITEM_MISSING, alarms.CHECK_COMPARTMENT}
)
#: The alarms an inspection answers for its compartment.
_ANSWERED = (
    AlarmKind.DOOR_FORCED,
    AlarmKind.ITEM_MISSING,
    AlarmKind.ITEM_LEFT,
    alarms.CHECK_COMPARTMENT,
)


class Finding(StrEnum):
    """What staff found behind the door."""

    PRESENT = "present"  # what the kiosk believed inside is there
    MISSING = "missing"  # it is gone
    EMPTY = "empty"  # nothing was believed inside, and nothing is


class InspectionRefused(KioskError):
    """The finding does not fit the compartment (or a door command is in progress)."""


def needs_inspection(reason: str | None) -> bool:
    return reason in INSPECTION_REASONS


def findings_for(content: Content, maybe: bool = False) -> tuple[Finding, ...]:
    """The findings staff may record for a compartment believed to hold ``content``, or that
    ``maybe`` holds what a load or drop-off a restart could not judge put in."""
    if content is Content.EMPTY and not maybe:
        return (Finding.EMPTY,)
    return (Finding.PRESENT, Finding.MISSING)


def inspected(ctx: ServiceContext, compartment: str, actor: str, found: Finding) -> None:
    """Record what staff found and return the compartment to service, in one transaction.

    ``missing``: the result or drop-off is recorded as gone from the locker (a result ends as
    ``retrieved``, a drop-off as ``collected``, by ``actor``; no outbox event: the central
    system has the ``door_forced`` / ``item_missing`` alarm) and the compartment is free again.

    A load or drop-off a restart could not judge (``door_contents.maybe_inside``) is settled by
    the finding: ``present``, it went in (recorded and reported as its closing would have been,
    under whoever loaded or dropped it off); ``missing``, it never did (its staged row goes,
    and the result may be loaded again).
    """
    clock = ctx.clock
    with ctx.store.transaction() as conn:
        row = conn.execute(
            "SELECT content, result_id, dropoff_id, intent_id, oos_reason FROM compartments"
            " WHERE label = ?",
            (compartment,),
        ).fetchone()
        if row is None or row["intent_id"] is not None:
            raise InspectionRefused(f"compartment {compartment} is unknown or busy")
        content = Content(row["content"])
        unjudged = maybe_inside(conn, compartment)
        if found not in findings_for(content, unjudged is not None):
            raise InspectionRefused(f"{found} does not fit a compartment holding {content}")
        held = held_by(conn, compartment)
        if unjudged is not None:
            held["dossier_code"] = subject_code(conn, unjudged)
            if found is Finding.PRESENT:
                fulfil(conn, clock, unjudged)
            else:
                drop_staged(conn, unjudged)
        elif found is Finding.MISSING:
            table, state, subject = (
                ("results", ResultState.RETRIEVED, row["result_id"])
                if content is Content.RESULT
                else ("dropoffs", DropoffState.COLLECTED, row["dropoff_id"])
            )
            conn.execute(
                f"UPDATE {table} SET state = ?, ended_at = ?, ended_by = ? WHERE id = ?",
                (state, clock.iso(), actor, subject),
            )
            set_content(conn, clock, compartment, Content.EMPTY)
        in_service(
            conn,
            clock,
            compartment,
            actor,
            {"found": found.value, "reason": row["oos_reason"], **held},
            action="compartment.inspected",
        )
        for kind in _ANSWERED:
            alarms.clear_kind(conn, clock, kind, compartment, actor)
