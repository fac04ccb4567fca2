"""Door commands as journaled intents: what opening and closing a door means for its contents.

A service that wants a door open writes an intent (``pending``) in the same transaction as its
checks and returns a ``DoorGrant``; the caller sends the unlock through ``drivers`` and reports
what the sensor saw: ``opened`` (the door was seen open), ``closed`` (with the item sensor) or
``failed`` (it never opened). Each report is one transaction. After a crash, ``reconcile``
compares unfinished intents with the doors' real states: it completes what the sensors prove,
undoes what they disprove, and raises an alarm for staff where they cannot tell.

What each purpose means (the item-sensor rule: ``door_contents.fulfilled``):
- pickup: the result counts as collected when the door closes with the item gone; on a board
  without item sensors, when the door is seen open (the code is used up).
- load / dropoff: the item counts as in the compartment when the door closes on it.
- collect / retrieve: the item counts as taken out when the door closes on an empty compartment.
- inspect: nothing changes (technicians, staff looking).
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass

from kiosk.domain import SYSTEM, AlarmKind, Content, DoorPurpose, IntentState
from kiosk.errors import KioskError
from kiosk.services import alarms, door_contents
from kiosk.services.context import ServiceContext, record
from kiosk.services.door_contents import (
    fulfilled,
    held_by,
    in_service,
    out_of_service,
    subject_release,
)

log = logging.getLogger(__name__)

UNFINISHED = (IntentState.PENDING.value, IntentState.OPEN.value)
# The note of a pending intent whose unlock was sent without a trustworthy read-back.
UNCONFIRMED = "unconfirmed"
# The note of an open drop-off the citizen took back at its door (too small, changed their mind).
WITHDRAWN = "withdrawn"


class DoorBusy(KioskError):
    """The compartment already has a door command in progress."""


@dataclass(frozen=True)
class DoorGrant:
    """Permission to open one door for one purpose; the caller drives the lock."""

    intent_id: int
    purpose: DoorPurpose
    compartment: str
    board: int
    lock: int
    column: int
    row: int
    actor: str
    dossier_code: str | None = None
    release_id: str | None = None


@dataclass(frozen=True)
class DoorReading:
    """What the sensors say about one door now; ``item`` is None without trusted sensors."""

    open: bool
    item: bool | None


@dataclass(frozen=True)
class Closing:
    """What closing the door meant."""

    purpose: DoorPurpose
    fulfilled: bool
    compartment: str


class DoorJournal:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def begin(
        self,
        conn: sqlite3.Connection,
        compartment: str,
        purpose: DoorPurpose,
        actor: str,
        subject_id: int | None = None,
        dossier_code: str | None = None,
        release_id: str | None = None,
    ) -> DoorGrant:
        """Journal an intent inside the caller's transaction (which did the checks)."""
        row = conn.execute(
            "SELECT board, lock, col, row, intent_id FROM compartments WHERE label = ?",
            (compartment,),
        ).fetchone()
        if row["intent_id"] is not None:
            raise DoorBusy(f"compartment {compartment} already has a door command in progress")
        clock = self.ctx.clock
        cur = conn.execute(
            "INSERT INTO door_intents (compartment, purpose, subject_id, actor, state,"
            " created_at, created_ts) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                compartment,
                purpose.value,
                subject_id,
                actor,
                IntentState.PENDING.value,
                clock.iso(),
                clock.timestamp(),
            ),
        )
        intent_id = int(cur.lastrowid or 0)
        conn.execute(
            "UPDATE compartments SET intent_id = ?, updated_at = ? WHERE label = ?",
            (intent_id, clock.iso(), compartment),
        )
        record(
            conn,
            clock,
            actor=actor,
            action="door.commanded",
            subject=compartment,
            details={"intent": intent_id, "purpose": purpose.value},
        )
        return DoorGrant(
            intent_id,
            purpose,
            compartment,
            row["board"],
            row["lock"],
            row["col"],
            row["row"],
            actor,
            dossier_code,
            release_id,
        )

    # --- reports from the door --------------------------------------------------------------

    def opened(self, intent_id: int) -> None:
        with self.ctx.store.transaction() as conn:
            self._opened(conn, intent_id)

    def closed(self, compartment: str, item: bool | None) -> Closing | None:
        """The door of ``compartment`` closed; None if no intent was waiting for it (a forced
        door, say: shut empty where the kiosk believed a result, it raises ``item_missing``)."""
        with self.ctx.store.transaction() as conn:
            intent = conn.execute(
                "SELECT * FROM door_intents WHERE compartment = ? AND state = ?",
                (compartment, IntentState.OPEN.value),
            ).fetchone()
            if intent is None:
                door_contents.check_contents(conn, self.ctx.clock, compartment, item, SYSTEM)
                return None
            return self._closed(conn, intent, item)

    def board_returned(self, compartment: str, reading: DoorReading) -> bool | None:
        """The board of ``compartment`` answers again: a door out of service only because its
        board could not be read goes back in service if it reads shut with what the store says
        is inside (True); anything else stays out of service, now for staff (False). None when
        the door was not waiting for its board."""
        with self.ctx.store.transaction() as conn:
            row = conn.execute(
                "SELECT content, out_of_service, oos_reason, intent_id FROM compartments"
                " WHERE label = ?",
                (compartment,),
            ).fetchone()
            if (
                not row["out_of_service"]
                or row["oos_reason"] != AlarmKind.BOARD_OFFLINE
                or row["intent_id"] is not None
            ):
                return None
            inside = row["content"] != Content.EMPTY
            clock = self.ctx.clock
            if not reading.open and reading.item is inside:
                in_service(
                    conn,
                    clock,
                    compartment,
                    SYSTEM,
                    {"why": "board returned: door shut, contents as recorded"},
                )
                return True
            why = f"board returned: door {'open' if reading.open else 'shut'}, item {reading.item}"
            out_of_service(conn, clock, compartment, alarms.CHECK_COMPARTMENT, SYSTEM)
            alarms.raise_alarm(
                conn,
                clock,
                alarms.CHECK_COMPARTMENT,
                compartment,
                {"why": why, **held_by(conn, compartment)},
            )
            return False

    def papers_left(self, compartment: str) -> bool:
        """The citizen left a pickup door shut on the papers: ``item_left`` for staff."""
        with self.ctx.store.transaction() as conn:
            return door_contents.papers_left(conn, self.ctx.clock, compartment)

    def failed(
        self,
        intent_id: int,
        kind: AlarmKind = AlarmKind.DOOR_JAMMED,
        alarm_subject: str | None = None,
    ) -> None:
        """The door certainly never opened (jammed, a sensor fault, a board that could not be
        read before the pulse): nothing changes hands, the code stays valid, and the door is
        out of service with an alarm under ``alarm_subject`` (the door, or its board)."""
        with self.ctx.store.transaction() as conn:
            intent = self._intent(conn, intent_id, IntentState.PENDING)
            label = intent["compartment"]
            self._end(conn, intent, IntentState.FAILED, kind.value)
            out_of_service(conn, self.ctx.clock, label, kind.value, SYSTEM)
            if intent["purpose"] == DoorPurpose.PICKUP:
                release = subject_release(conn, intent)
                record(
                    conn,
                    self.ctx.clock,
                    actor=intent["actor"],
                    action="pickup.failed",
                    subject=label,
                    details={"intent": intent_id, "reason": kind.value},
                    event="result.pickup_failed",
                    dossier_code=release["dossier_code"],
                    release_id=release["release_id"],
                    compartment=label,
                    data={"reason": kind.value},
                )
            details = {"intent": intent_id, "purpose": intent["purpose"]}
            if alarm_subject is not None and alarm_subject != label:
                details["compartment"] = label
            alarms.raise_alarm(conn, self.ctx.clock, kind.value, alarm_subject or label, details)

    def pending_intent(self, compartment: str) -> int | None:
        """The compartment's intent whose door has not been seen open yet, if any."""
        row = self.ctx.store.one(
            "SELECT id FROM door_intents WHERE compartment = ? AND state = ?",
            (compartment, IntentState.PENDING.value),
        )
        return None if row is None else int(row[0])

    def has_open_intent(self, compartment: str) -> bool:
        return (
            self.ctx.store.one(
                "SELECT 1 FROM door_intents WHERE compartment = ? AND state = ?",
                (compartment, IntentState.OPEN.value),
            )
            is not None
        )

    def forced(self, compartment: str) -> None:
        """The door was seen open with no command for it: out of service at once, whatever it
        holds held (its code gets the out-of-service answer), staff alerted; only an
        inspection returns it to service (``inspections.inspected``)."""
        with self.ctx.store.transaction() as conn:
            out_of_service(conn, self.ctx.clock, compartment, AlarmKind.DOOR_FORCED, SYSTEM)
            held = held_by(conn, compartment)
            alarms.raise_alarm(conn, self.ctx.clock, AlarmKind.DOOR_FORCED.value, compartment, held)

    def unconfirmed(self, intent_id: int) -> None:
        """The unlock was sent but no reading can say what the door did: the intent stays
        pending (the door busy, the code neither used nor refused) until a reading settles it."""
        with self.ctx.store.transaction() as conn:
            intent = self._intent(conn, intent_id, IntentState.PENDING)
            conn.execute("UPDATE door_intents SET note = ? WHERE id = ?", (UNCONFIRMED, intent_id))
            record(
                conn,
                self.ctx.clock,
                actor=SYSTEM,
                action="door.unconfirmed",
                subject=intent["compartment"],
                details={"intent": intent_id},
            )

    def withdraw(self, intent_id: int) -> bool:
        """The citizen takes back the drop-off whose door is open (too small, changed their
        mind): its closing will mean nothing was put in unless the item sensor sees the papers
        inside. False when that door has already closed (its closing has been decided). Only
        the closing changes the compartment (and is audited); this notes what it will mean, in
        the journal, so a restart before the door closes still honours it."""
        with self.ctx.store.transaction() as conn:
            changed = conn.execute(
                "UPDATE door_intents SET note = ? WHERE id = ? AND state = ? AND purpose = ?",
                (WITHDRAWN, intent_id, IntentState.OPEN.value, DoorPurpose.DROPOFF.value),
            ).rowcount
        log.info("drop-off intent %s withdrawn at its door: %s", intent_id, bool(changed))
        return bool(changed)

    def settle(self, intent_id: int, reading: DoorReading) -> str | None:
        """Settle one unfinished intent from a fresh reading of its door (after an unknown
        outcome, a board's return); None when it is no longer unfinished."""
        with self.ctx.store.transaction() as conn:
            intent = conn.execute(
                "SELECT * FROM door_intents WHERE id = ? AND state IN (?, ?)",
                (intent_id, *UNFINISHED),
            ).fetchone()
            if intent is None:
                return None
            decision = self._settle(conn, intent, reading)
        log.warning("%s (intent %s): %s", intent["compartment"], intent_id, decision)
        return decision

    # --- the meaning of each report -----------------------------------------------------------

    def _opened(self, conn: sqlite3.Connection, intent_id: int) -> None:
        intent = self._intent(conn, intent_id, IntentState.PENDING)
        clock = self.ctx.clock
        conn.execute(
            "UPDATE door_intents SET state = ?, opened_at = ? WHERE id = ?",
            (IntentState.OPEN.value, clock.iso(), intent_id),
        )
        label = intent["compartment"]
        record(
            conn,
            clock,
            actor=intent["actor"],
            action="door.opened",
            subject=label,
            details={"intent": intent_id},
        )
        if intent["purpose"] == DoorPurpose.PICKUP and not self._sensed(conn, label):
            # The door-only rule: nothing will say whether the papers were taken.
            door_contents.hand_over(conn, clock, intent)

    def _closed(self, conn: sqlite3.Connection, intent: sqlite3.Row, item: bool | None) -> Closing:
        purpose = DoorPurpose(intent["purpose"])
        label = intent["compartment"]
        withdrawn = intent["note"] == WITHDRAWN
        # A withdrawn drop-off is in only if the item sensor sees it; without one, the citizen's
        # word that they took it back is all there is.
        done = item is True if withdrawn else fulfilled(purpose, item)
        counted_at_open = purpose is DoorPurpose.PICKUP and not self._sensed(conn, label)
        if done and not counted_at_open:
            door_contents.fulfil(conn, self.ctx.clock, intent)
        state = IntentState.DONE if done else IntentState.ABORTED
        self._end(conn, intent, state, WITHDRAWN if withdrawn else None)
        door_contents.check_contents(conn, self.ctx.clock, label, item, intent["actor"])
        return Closing(purpose, done, label)

    def _sensed(self, conn: sqlite3.Connection, label: str) -> bool:
        """Whether the board of ``label`` has trusted item sensors (a per-board setting)."""
        board = conn.execute("SELECT board FROM compartments WHERE label = ?", (label,)).fetchone()
        return self.ctx.settings.devices.lock_bus.has_item_sensors(int(board[0]))

    # --- after a crash -------------------------------------------------------------------

    def unfinished(self) -> list[sqlite3.Row]:
        return self.ctx.store.query(
            "SELECT d.*, c.board, c.lock FROM door_intents d JOIN compartments c"
            " ON c.label = d.compartment WHERE d.state IN (?, ?) ORDER BY d.id",
            UNFINISHED,
        )

    def reconcile(self, readings: Mapping[str, DoorReading | None]) -> list[str]:
        """Settle every unfinished intent against the doors' real states (``None``: unknown).

        Returns one line per intent saying what was decided, for the log and the technician.
        """
        decisions = []
        for intent in self.unfinished():
            label = intent["compartment"]
            with self.ctx.store.transaction() as conn:
                decision = self._settle(conn, intent, readings.get(label))
            log.warning(
                "after restart, %s (intent %s, %s): %s",
                label,
                intent["id"],
                intent["purpose"],
                decision,
            )
            decisions.append(f"{label}: {decision}")
        return decisions

    def _settle(
        self, conn: sqlite3.Connection, intent: sqlite3.Row, reading: DoorReading | None
    ) -> str:
        purpose = DoorPurpose(intent["purpose"])
        was_open = intent["state"] == IntentState.OPEN
        if reading is None:
            return self._uncertain(conn, intent, "the door could not be read")
        if reading.open:
            if not was_open:
                self._opened(conn, intent["id"])
            return "door is open: waiting for it to close"
        if was_open:
            closing = self._closed(
                conn, self._intent(conn, intent["id"], IntentState.OPEN), reading.item
            )
            return "closed: " + ("done" if closing.fulfilled else "nothing changed")
        # Pending and closed: did the door open and close while we were down? Only the item
        # sensor can say; without it, nobody can.
        if reading.item is None:
            return self._uncertain(conn, intent, "door closed, no item sensor")
        moved = purpose is not DoorPurpose.INSPECT and fulfilled(purpose, reading.item)
        if not moved:
            self._end(conn, intent, IntentState.ABORTED, "door never opened")
            return "door never opened: nothing changed"
        self._opened(conn, intent["id"])
        self._closed(conn, self._intent(conn, intent["id"], IntentState.OPEN), reading.item)
        return "the item sensor shows it happened: done"

    def _uncertain(self, conn: sqlite3.Connection, intent: sqlite3.Row, why: str) -> str:
        """Nobody can tell what the door did: out of service until staff look. A load's or a
        drop-off's row stays staged (``door_contents.maybe_inside``): the inspection's finding
        decides whether it went in."""
        label = intent["compartment"]
        self._end(conn, intent, IntentState.UNCERTAIN, why)
        out_of_service(conn, self.ctx.clock, label, alarms.CHECK_COMPARTMENT, SYSTEM)
        details = {"intent": intent["id"], "purpose": intent["purpose"], "why": why}
        if DoorPurpose(intent["purpose"]) in door_contents.PUTS_IN:
            details["dossier_code"] = door_contents.subject_code(conn, intent)
        alarms.raise_alarm(conn, self.ctx.clock, alarms.CHECK_COMPARTMENT, label, details)
        return f"uncertain ({why}): out of service until staff check it"

    # --- small steps --------------------------------------------------------------------

    def _intent(self, conn: sqlite3.Connection, intent_id: int, state: IntentState) -> sqlite3.Row:
        intent: sqlite3.Row | None = conn.execute(
            "SELECT * FROM door_intents WHERE id = ?", (intent_id,)
        ).fetchone()
        if intent is None or intent["state"] != state:
            found = intent["state"] if intent else "missing"
            raise KioskError(f"door intent {intent_id} is {found}, expected {state.value}")
        return intent

    def _end(
        self, conn: sqlite3.Connection, intent: sqlite3.Row, state: IntentState, note: str | None
    ) -> None:
        clock = self.ctx.clock
        conn.execute(
            "UPDATE door_intents SET state = ?, ended_at = ?, note = ? WHERE id = ?",
            (state.value, clock.iso(), note, intent["id"]),
        )
        conn.execute(
            "UPDATE compartments SET intent_id = NULL, updated_at = ? WHERE label = ?",
            (clock.iso(), intent["compartment"]),
        )
        if intent["purpose"] in (DoorPurpose.LOAD, DoorPurpose.DROPOFF) and state in (
            IntentState.ABORTED,
            IntentState.FAILED,
        ):
            door_contents.drop_staged(conn, intent)
        record(
            conn,
            clock,
            actor=intent["actor"],
            action=f"door.{state.value}",
            subject=intent["compartment"],
            details={"intent": intent["id"], "note": note},
        )
