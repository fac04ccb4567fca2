"""The doors staff open: load a result, collect a drop-off, retrieve a result, inspect; a
door out of service and back; the results due for recall.

Each ``begin_*`` checks everything in one transaction and journals a door intent; it returns a
``DoorGrant`` or raises ``Refused`` with a reason the staff screen can explain. What the door
then does is reported to ``DoorJournal`` (see doors.py). What staff see around these doors (the
occupancy map, the proposal, the re-open grace) is ``staff_ops.py``'s.
"""

from __future__ import annotations

import sqlite3

from kiosk.domain import Content, DoorPurpose, ReleaseStatus, ResultState, Size
from kiosk.services import releases
from kiosk.services.context import ServiceContext
from kiosk.services.door_contents import in_service, out_of_service
from kiosk.services.doors import DoorGrant, DoorJournal
from kiosk.services.free_doors import check_free, choose_free
from kiosk.services.inspections import InspectionRefused, needs_inspection
from kiosk.services.refusals import Refusal, Refused
from kiosk.services.releases import ReleaseInfo


class StaffDoors:
    def __init__(self, ctx: ServiceContext, doors: DoorJournal) -> None:
        self.ctx = ctx
        self.doors = doors

    def find_release(self, dossier_code: str) -> ReleaseInfo:
        """The release staff are about to load, by the code on its envelope."""
        release = releases.for_loading(self.ctx.store.conn, dossier_code)
        if release is None:
            raise Refused(Refusal.UNKNOWN_DOSSIER)
        return release

    @staticmethod
    def loadable(conn: sqlite3.Connection, release_id: str) -> sqlite3.Row:
        """The release, if it may be loaded now; else ``Refused`` (unknown, collected, loaded)."""
        release = releases.released(conn, release_id)
        if release is None:
            raise Refused(Refusal.UNKNOWN_DOSSIER)
        if release["otp_used"]:
            raise Refused(Refusal.PICKED_UP)
        if conn.execute(
            "SELECT 1 FROM results WHERE release_id = ? AND state IN (?, ?)",
            (release_id, ResultState.STAGED, ResultState.LOADED),
        ).fetchone():
            raise Refused(Refusal.ALREADY_LOADED)
        return release

    def begin_load(self, release_id: str, actor: str, compartment: str | None = None) -> DoorGrant:
        clock = self.ctx.clock
        with self.ctx.store.transaction() as conn:
            release = self.loadable(conn, release_id)
            need = Size(release["size_hint"] or "S")
            low_only = bool(release["needs_low_compartment"])
            if compartment is None:
                label = choose_free(conn, need, exact=False, low_only=low_only)
            else:
                check_free(conn, compartment, need, low_only)
                label = compartment
            cur = conn.execute(
                "INSERT INTO results (release_id, compartment, state, loaded_at, loaded_ts,"
                " loaded_by) VALUES (?, ?, ?, ?, ?, ?)",
                (release_id, label, ResultState.STAGED, clock.iso(), clock.timestamp(), actor),
            )
            return self.doors.begin(
                conn,
                label,
                DoorPurpose.LOAD,
                actor,
                subject_id=cur.lastrowid,
                dossier_code=release["dossier_code"],
                release_id=release_id,
            )

    def begin_collect(self, compartment: str, actor: str) -> DoorGrant:
        """Open a compartment holding a dropped-off dossier, to take it to the counter."""
        return self._begin_take(compartment, actor, Content.DROPOFF, DoorPurpose.COLLECT)

    def begin_retrieve(self, compartment: str, actor: str) -> DoorGrant:
        """Open a compartment holding a result, to take it back (expired, revoked, overdue)."""
        return self._begin_take(compartment, actor, Content.RESULT, DoorPurpose.RETRIEVE)

    def begin_inspect(self, compartment: str, actor: str) -> DoorGrant:
        with self.ctx.store.transaction() as conn:
            return self.doors.begin(conn, compartment, DoorPurpose.INSPECT, actor)

    def _begin_take(
        self, compartment: str, actor: str, content: Content, purpose: DoorPurpose
    ) -> DoorGrant:
        with self.ctx.store.transaction() as conn:
            row = conn.execute(
                "SELECT c.content, c.result_id, c.dropoff_id, r.release_id, r.dossier_code AS rc,"
                " d.dossier_code AS dc FROM compartments c"
                " LEFT JOIN results s ON s.id = c.result_id"
                " LEFT JOIN releases r ON r.release_id = s.release_id"
                " LEFT JOIN dropoffs d ON d.id = c.dropoff_id WHERE c.label = ?",
                (compartment,),
            ).fetchone()
            if row is None or row["content"] != content:
                raise Refused(Refusal.NOTHING_TO_TAKE)
            subject = row["result_id"] if content is Content.RESULT else row["dropoff_id"]
            return self.doors.begin(
                conn,
                compartment,
                purpose,
                actor,
                subject_id=subject,
                dossier_code=row["rc"] or row["dc"],
                release_id=row["release_id"],
            )

    def set_out_of_service(self, compartment: str, reason: str, actor: str) -> None:
        with self.ctx.store.transaction() as conn:
            out_of_service(conn, self.ctx.clock, compartment, reason, actor)

    def return_to_service(self, compartment: str, actor: str) -> None:
        """Back in service after staff's own out-of-service; a compartment the kiosk stopped
        trusting (forced, contents missing) returns only through ``inspections.inspected``."""
        with self.ctx.store.transaction() as conn:
            row = conn.execute(
                "SELECT oos_reason FROM compartments WHERE label = ?", (compartment,)
            ).fetchone()
            if row is not None and needs_inspection(row[0]):
                raise InspectionRefused(
                    f"compartment {compartment} ({row[0]}) returns to service only after an"
                    " inspection recording what was found"
                )
            in_service(conn, self.ctx.clock, compartment, actor)

    def due_for_recall(self) -> list[sqlite3.Row]:
        """Loaded results to take back: code revoked or expired, or uncollected too long."""
        now = self.ctx.clock.timestamp()
        oldest = now - self.ctx.settings.retention.uncollected_days * 86400
        return self.ctx.store.query(
            "SELECT c.label, r.release_id, r.dossier_code, r.procedure_name, r.status,"
            " r.expires_at, s.loaded_at FROM results s"
            " JOIN releases r ON r.release_id = s.release_id"
            " JOIN compartments c ON c.label = s.compartment"
            " WHERE s.state = ? AND (r.status = ? OR r.expires_ts <= ?"
            " OR s.loaded_ts <= ?) ORDER BY c.label",
            (ResultState.LOADED, ReleaseStatus.REVOKED, now, oldest),
        )
