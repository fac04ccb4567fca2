"""The locker's operations: pick up, drop off, load, collect, retrieve, out of service, rate.

Each ``begin_*`` checks everything in one transaction and journals a door intent; it returns a
``DoorGrant`` or raises ``Refused`` with a reason the screen can explain. What the door then does
is reported to ``DoorJournal`` (see doors.py).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from enum import StrEnum

from kiosk.domain import (
    CITIZEN,
    DOSSIER_CODE_PATTERN,
    OTP_PATTERN,
    AlarmKind,
    Content,
    DoorPurpose,
    DropoffState,
    ReleaseStatus,
    ResultState,
    Size,
)
from kiosk.errors import KioskError
from kiosk.services.alarms import raise_alarm
from kiosk.services.context import ServiceContext, record
from kiosk.services.doors import DoorGrant, DoorJournal
from kiosk.services.inspections import InspectionRefused, needs_inspection
from kiosk.services.otp_guard import Block, OtpGuard
from kiosk.settings import CompartmentConfig

SIZES = [Size.S, Size.M, Size.L]


class Refusal(StrEnum):
    WRONG_CODE = "wrong_code"  # never says whether the dossier exists
    DELAY = "delay"  # wait before the next try
    PAUSED = "paused"  # too many wrong codes: wait_s says how long
    VOID = "void"  # too many wrong codes in total: the code must be re-issued
    EXPIRED = "expired"
    REVOKED = "revoked"
    USED = "used"  # the code already opened its door
    NOT_READY = "not_ready"  # released, but staff have not loaded it yet
    NEED_PHONE_DIGITS = "need_phone_digits"  # two active results share the code
    BUSY = "busy"  # the door is already being opened
    OUT_OF_SERVICE = "out_of_service"
    NO_FREE_COMPARTMENT = "no_free_compartment"
    NOT_SUITABLE = "not_suitable"  # staff picked an occupied, disabled or too small door
    UNKNOWN_DOSSIER = "unknown_dossier"  # staff side: no such release here
    ALREADY_LOADED = "already_loaded"
    PICKED_UP = "picked_up"  # staff side: the citizen already collected this result
    BAD_CODE_FORMAT = "bad_code_format"
    NOTHING_TO_TAKE = "nothing_to_take"


class Refused(KioskError):
    def __init__(
        self,
        reason: Refusal,
        *,
        tries_left: int | None = None,
        wait_s: float = 0.0,
        detail: str = "",
    ) -> None:
        super().__init__(f"{reason.value}{': ' + detail if detail else ''}")
        self.reason = reason
        self.tries_left = tries_left
        self.wait_s = wait_s


@dataclass(frozen=True)
class ReleaseInfo:
    release_id: str
    dossier_code: str
    procedure_name: str
    holder_masked: str
    size_hint: Size | None


def mask_name(name: str) -> str:
    """``Nguyễn Văn An`` → ``N***** V** An``: enough for staff to match an envelope."""
    words = name.split()
    return " ".join([w[0] + "*" * (len(w) - 1) for w in words[:-1]] + words[-1:])


class Lockers:
    def __init__(self, ctx: ServiceContext, doors: DoorJournal) -> None:
        self.ctx = ctx
        self.doors = doors
        self.guard = OtpGuard(ctx.settings.otp)

    # --- layout -------------------------------------------------------------------------

    def sync_layout(self, compartments: list[CompartmentConfig]) -> None:
        """Make the table match the configured doors; a door that disappears from the
        configuration but still holds something stays, disabled, so nothing is lost track of.
        Writes (and audits) only what changed, so opening the store is otherwise read-only."""
        clock = self.ctx.clock
        stored = {
            r["label"]: (
                r["size"],
                r["board"],
                r["lock"],
                r["col"],
                r["row"],
                r["height"],
                r["disabled"],
            )
            for r in self.ctx.store.query("SELECT * FROM compartments")
        }
        wanted = {
            c.label: (
                c.size.value,
                c.board,
                c.lock,
                c.column,
                c.row,
                c.height.value,
                int(c.disabled),
            )
            for c in compartments
        }
        changed = sorted(label for label, row in wanted.items() if stored.get(label) != row)
        retired = sorted(
            label for label, row in stored.items() if label not in wanted and not row[-1]
        )
        if not changed and not retired:
            return
        with self.ctx.store.transaction() as conn:
            for label in changed:
                conn.execute(
                    "INSERT INTO compartments (label, size, board, lock, col, row, height,"
                    " disabled, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    " ON CONFLICT (label) DO UPDATE SET size = excluded.size,"
                    " board = excluded.board, lock = excluded.lock, col = excluded.col,"
                    " row = excluded.row, height = excluded.height,"
                    " disabled = excluded.disabled, updated_at = excluded.updated_at",
                    (label, *wanted[label], clock.iso()),
                )
            for label in retired:
                conn.execute(
                    "UPDATE compartments SET disabled = 1, updated_at = ? WHERE label = ?",
                    (clock.iso(), label),
                )
            record(
                conn,
                clock,
                actor="system",
                action="layout.changed",
                subject="locker",
                details={"changed": changed, "retired": retired},
            )

    # --- citizens -----------------------------------------------------------------------

    def begin_pickup(
        self, otp: str, dossier_code: str | None = None, phone_digits: str | None = None
    ) -> DoorGrant:
        """Check a code (typed, or from a ``DATM1|code|otp`` QR) and journal its door."""
        if not OTP_PATTERN.match(otp):
            raise Refused(Refusal.BAD_CODE_FORMAT)
        clock = self.ctx.clock
        with self.ctx.store.transaction() as conn:
            now = clock.timestamp()
            verdict = self.guard.check(conn, now, dossier_code)
            if verdict.block is not None:
                raise _blocked(verdict.block, verdict.wait_s)
            matches = conn.execute(
                "SELECT * FROM releases WHERE otp_hash = ?", (self.ctx.hasher.hash(otp),)
            ).fetchall()
            if dossier_code is not None:
                matches = [m for m in matches if m["dossier_code"] == dossier_code]
            active = [m for m in matches if m["status"] == "released" and not m["otp_used"]]
            if len(active) > 1:
                if phone_digits is None:
                    raise Refused(Refusal.NEED_PHONE_DIGITS)
                active = [m for m in active if m["phone_last_digits"] == phone_digits]
            if not matches or (phone_digits is not None and len(active) != 1):
                left, paused = self.guard.record_failure(conn, now, clock.iso(now), dossier_code)
                record(
                    conn,
                    clock,
                    actor=CITIZEN,
                    action="otp.wrong",
                    subject=dossier_code or "-",
                    details={"tries_left": left},
                )
                if paused:
                    raise_alarm(
                        conn,
                        clock,
                        AlarmKind.LOCKOUT.value,
                        "otp",
                        {"why": "too many wrong codes within an hour"},
                    )
                # Committed on purpose before refusing: the failure must count.
                refusal = Refused(Refusal.WRONG_CODE, tries_left=left)
            else:
                try:
                    return self._grant_pickup(conn, now, matches, active)
                except Refused as refused:
                    if refused.reason is not Refusal.EXPIRED:
                        raise
                    # Committed, not rolled back: the audit record raises the clock floor past
                    # this expiry, so no restart with the wall clock set back revives the code.
                    refusal = refused
        raise refusal

    def _grant_pickup(
        self,
        conn: sqlite3.Connection,
        now: float,
        matches: list[sqlite3.Row],
        active: list[sqlite3.Row],
    ) -> DoorGrant:
        if not active:
            newest = matches[0]
            if newest["otp_used"]:
                raise Refused(Refusal.USED)
            raise Refused(Refusal.REVOKED)
        release = active[0]
        code = release["dossier_code"]
        verdict = self.guard.check_dossier(conn, now, code)
        if verdict.block is not None:
            raise _blocked(verdict.block, verdict.wait_s)
        if release["expires_ts"] <= now:
            record(
                conn,
                self.ctx.clock,
                actor=CITIZEN,
                action="otp.expired",
                subject=code,
                details={"release_id": release["release_id"], "expired_at": release["expires_at"]},
            )
            raise Refused(Refusal.EXPIRED)
        where = conn.execute(
            "SELECT s.id, c.label, c.out_of_service, c.disabled, c.intent_id FROM results s"
            " JOIN compartments c ON c.label = s.compartment"
            " WHERE s.release_id = ? AND s.state = ?",
            (release["release_id"], ResultState.LOADED),
        ).fetchone()
        if where is None:
            raise Refused(Refusal.NOT_READY)
        if where["intent_id"] is not None:
            raise Refused(Refusal.BUSY)
        if where["out_of_service"] or where["disabled"]:
            raise Refused(Refusal.OUT_OF_SERVICE)
        self.guard.record_success(conn, self.ctx.clock.iso(now), code)
        return self.doors.begin(
            conn,
            where["label"],
            DoorPurpose.PICKUP,
            CITIZEN,
            subject_id=where["id"],
            dossier_code=code,
            release_id=release["release_id"],
        )

    def begin_dropoff(
        self,
        dossier_code: str,
        size: Size | None,
        verified: bool,
        procedure_name: str | None = None,
    ) -> DoorGrant:
        if not DOSSIER_CODE_PATTERN.match(dossier_code):
            raise Refused(Refusal.BAD_CODE_FORMAT)
        clock = self.ctx.clock
        with self.ctx.store.transaction() as conn:
            label = self._choose_free(conn, size or Size.S, exact=size is not None)
            cur = conn.execute(
                "INSERT INTO dropoffs (dossier_code, procedure_name, verified, compartment,"
                " state, received_at) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    dossier_code,
                    procedure_name,
                    int(verified),
                    label,
                    DropoffState.STAGED,
                    clock.iso(),
                ),
            )
            return self.doors.begin(
                conn,
                label,
                DoorPurpose.DROPOFF,
                CITIZEN,
                subject_id=cur.lastrowid,
                dossier_code=dossier_code,
            )

    def submit_rating(self, score: int, dossier_code: str | None, release_id: str | None) -> None:
        if not 1 <= score <= 5:
            raise ValueError(f"a rating is 1..5, got {score}")
        with self.ctx.store.transaction() as conn:
            record(
                conn,
                self.ctx.clock,
                actor=CITIZEN,
                action="rating.submitted",
                subject=dossier_code or "-",
                details={"score": score},
                event="rating.submitted",
                dossier_code=dossier_code,
                release_id=release_id,
                data={"score": score},
            )

    # --- staff --------------------------------------------------------------------------

    def find_release(self, dossier_code: str) -> ReleaseInfo:
        """The release staff are about to load, by the code on its envelope."""
        row = self.ctx.store.one(
            "SELECT * FROM releases WHERE dossier_code = ? AND status = 'released'"
            " ORDER BY version DESC LIMIT 1",
            (dossier_code,),
        )
        if row is None:
            raise Refused(Refusal.UNKNOWN_DOSSIER)
        hint = row["size_hint"]
        return ReleaseInfo(
            row["release_id"],
            row["dossier_code"],
            row["procedure_name"],
            mask_name(row["holder_name"]),
            Size(hint) if hint else None,
        )

    def begin_load(self, release_id: str, actor: str, compartment: str | None = None) -> DoorGrant:
        clock = self.ctx.clock
        with self.ctx.store.transaction() as conn:
            release = conn.execute(
                "SELECT * FROM releases WHERE release_id = ? AND status = 'released'",
                (release_id,),
            ).fetchone()
            if release is None:
                raise Refused(Refusal.UNKNOWN_DOSSIER)
            if release["otp_used"]:
                raise Refused(Refusal.PICKED_UP)
            if conn.execute(
                "SELECT 1 FROM results WHERE release_id = ? AND state IN (?, ?)",
                (release_id, ResultState.STAGED, ResultState.LOADED),
            ).fetchone():
                raise Refused(Refusal.ALREADY_LOADED)
            need = Size(release["size_hint"] or "S")
            if compartment is None:
                label = self._choose_free(conn, need, exact=False)
            else:
                self._check_free(conn, compartment, need)
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
            conn.execute(
                "UPDATE compartments SET out_of_service = 1, oos_reason = ?, updated_at = ?"
                " WHERE label = ?",
                (reason, self.ctx.clock.iso(), compartment),
            )
            record(
                conn,
                self.ctx.clock,
                actor=actor,
                action="compartment.out_of_service",
                subject=compartment,
                details={"reason": reason},
            )

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
            conn.execute(
                "UPDATE compartments SET out_of_service = 0, oos_reason = NULL, updated_at = ?"
                " WHERE label = ?",
                (self.ctx.clock.iso(), compartment),
            )
            record(
                conn,
                self.ctx.clock,
                actor=actor,
                action="compartment.in_service",
                subject=compartment,
            )

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

    # --- choosing a door ------------------------------------------------------------------

    @staticmethod
    def free_doors(conn: sqlite3.Connection, need: Size, exact: bool = False) -> list[str]:
        """Free doors a ``need``-sized item fits in, best first: the smallest that fits, then
        middle height (easiest to reach), then label."""
        sizes = [need] if exact else [s for s in SIZES if need.fits_in(s)]
        marks = ",".join("?" * len(sizes))
        rows = conn.execute(
            f"SELECT label FROM compartments WHERE content = ? AND disabled = 0"
            f" AND out_of_service = 0 AND intent_id IS NULL AND size IN ({marks})"
            " ORDER BY CASE size WHEN 'S' THEN 0 WHEN 'M' THEN 1 ELSE 2 END,"
            " CASE height WHEN 'middle' THEN 0 WHEN 'low' THEN 1 ELSE 2 END, label",
            [Content.EMPTY, *[s.value for s in sizes]],
        ).fetchall()
        return [str(r[0]) for r in rows]

    def _choose_free(self, conn: sqlite3.Connection, need: Size, exact: bool) -> str:
        doors = self.free_doors(conn, need, exact)
        if not doors:
            raise Refused(Refusal.NO_FREE_COMPARTMENT)
        return doors[0]

    def _check_free(self, conn: sqlite3.Connection, label: str, need: Size) -> None:
        row = conn.execute(
            "SELECT size, content, disabled, out_of_service, intent_id FROM compartments"
            " WHERE label = ?",
            (label,),
        ).fetchone()
        if (
            row is None
            or row["content"] != Content.EMPTY
            or row["disabled"]
            or row["out_of_service"]
            or row["intent_id"] is not None
            or not need.fits_in(Size(row["size"]))
        ):
            raise Refused(Refusal.NOT_SUITABLE, detail=label)


def _blocked(block: Block, wait_s: float) -> Refused:
    reason = {Block.DELAY: Refusal.DELAY, Block.PAUSED: Refusal.PAUSED, Block.VOID: Refusal.VOID}[
        block
    ]
    return Refused(reason, tries_left=0, wait_s=wait_s)
