"""The locker's operations: pick up, drop off, load, collect, retrieve, out of service, rate.

Each ``begin_*`` checks everything in one transaction and journals a door intent; it returns a
``DoorGrant`` or raises ``Refused`` with a reason the screen can explain. What the door then does
is reported to ``DoorJournal`` (see doors.py).
"""

from __future__ import annotations

import logging
import sqlite3
from enum import StrEnum

from kiosk.domain import (
    CITIZEN,
    DOSSIER_CODE_PATTERN,
    OTP_PATTERN,
    PHONE_DIGITS_PATTERN,
    AlarmKind,
    Content,
    DoorPurpose,
    DropoffState,
    ReleaseStatus,
    ResultState,
    Size,
)
from kiosk.errors import KioskError
from kiosk.services import releases
from kiosk.services.alarms import raise_alarm
from kiosk.services.context import ServiceContext, record
from kiosk.services.door_contents import in_service, out_of_service
from kiosk.services.doors import DoorGrant, DoorJournal
from kiosk.services.inspections import InspectionRefused, needs_inspection
from kiosk.services.otp_guard import Block, OtpGuard
from kiosk.services.releases import ReleaseInfo
from kiosk.settings import CompartmentConfig

log = logging.getLogger(__name__)

SIZES = [Size.S, Size.M, Size.L]
VOID_REASON = "too_many_failures"  # result.code_voided data.reason (central-api.md)


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


# What a proven holder (right code, right phone digits) may be told about a live code.
_HOLDER_ANSWERS = frozenset({Refusal.NOT_READY, Refusal.OUT_OF_SERVICE})


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
        """Check a code (typed, or from a ``DATM1|code|otp`` QR) and journal its door.

        Every attempt that opens no door is counted (docs/security.md); the refusal says more
        than "wrong code" only for a code that can never open a door again, or, with the phone's
        last digits right, for a live one that cannot open its door now."""
        _check_input(otp, dossier_code, phone_digits)
        clock = self.ctx.clock
        with self.ctx.store.transaction() as conn:
            now = clock.timestamp()
            verdict = self.guard.check(conn, now, dossier_code)
            if verdict.block is not None:
                raise _blocked(verdict.block, verdict.wait_s)
            if phone_digits is None and self.guard.guarded(conn, now):
                # Asked before the code is looked at, so the question says nothing about it.
                raise Refused(Refusal.NEED_PHONE_DIGITS)
            matches = releases.by_otp_hash(conn, self.ctx.hasher.hash(otp))
            if dossier_code is not None:
                matches = [m for m in matches if m["dossier_code"] == dossier_code]
            live = [m for m in matches if m["status"] == "released" and not m["otp_used"]]
            if len(live) > 1 and phone_digits is None:
                raise Refused(Refusal.NEED_PHONE_DIGITS)  # the central system should prevent it
            mine = [m for m in live if _digits_match(m["phone_last_digits"], phone_digits)]
            guessed = [dossier_code] if dossier_code is not None else []
            holder = False
            if len(mine) == 1:
                try:
                    return self._grant_pickup(conn, now, mine[0], verified=phone_digits is not None)
                except Refused as refused:
                    refusal = refused
                    # The code and its phone digits are right: its holder, told why the door
                    # cannot open now (not loaded yet, held after a forced opening). The kiosk's
                    # state is not their mistake: nothing counted, their typos forgiven.
                    holder = phone_digits is not None and refused.reason in _HOLDER_ANSWERS
                    if holder:
                        code = mine[0]["dossier_code"]
                        self.guard.record_success(conn, now, clock.iso(now), code)
            elif live:  # the code is live, the phone digits are not its holder's
                guessed = sorted({dossier_code or m["dossier_code"] for m in live})
                refusal = Refused(Refusal.WRONG_CODE)
            elif matches:  # a code that is spent for good may say so
                refusal = Refused(Refusal.USED if matches[0]["otp_used"] else Refusal.REVOKED)
            else:
                refusal = Refused(Refusal.WRONG_CODE)
            if not holder:
                refusal = self._failed(
                    conn, now, refusal, typed=dossier_code is None, dossiers=guessed
                )
        # Raised once committed: the failure must count (and an expiry's audit record raises the
        # clock floor, so no restart with the clock set back revives the code).
        raise refusal

    def _failed(
        self,
        conn: sqlite3.Connection,
        now: float,
        refusal: Refused,
        *,
        typed: bool,
        dossiers: list[str],
    ) -> Refused:
        """Count an attempt that opened no door; void codes are reported, guessing alarmed."""
        clock = self.ctx.clock
        failure = self.guard.record_failure(
            conn, now, clock.iso(now), typed=typed, dossiers=dossiers
        )
        record(
            conn,
            clock,
            actor=CITIZEN,
            action="otp.wrong",
            subject=dossiers[0] if len(dossiers) == 1 else "-",
            details={"answer": refusal.reason.value, "tries_left": failure.tries_left},
        )
        for code in failure.voided:
            self._voided(conn, code)
        if failure.alarm is not None:
            raise_alarm(conn, clock, AlarmKind.LOCKOUT.value, "otp", {"why": failure.alarm})
        if refusal.reason is not Refusal.WRONG_CODE:
            return refusal
        return Refused(Refusal.WRONG_CODE, tries_left=failure.tries_left, wait_s=failure.wait_s)

    def _voided(self, conn: sqlite3.Connection, code: str) -> None:
        """A code void by wrong tries is reported, so the central system can re-issue it and tell
        its holder; a dossier unknown here (an invented code) is only audited."""
        release_id = releases.live_id(conn, code)
        record(
            conn,
            self.ctx.clock,
            actor=CITIZEN,
            action="otp.voided",
            subject=code,
            details={"reason": VOID_REASON, "known": release_id is not None},
            event="result.code_voided" if release_id is not None else None,
            dossier_code=code,
            release_id=release_id,
            data={"reason": VOID_REASON},
        )

    def _grant_pickup(
        self, conn: sqlite3.Connection, now: float, release: sqlite3.Row, verified: bool
    ) -> DoorGrant:
        """The door of a live code, or the refusal it gets: a reason for a code that is dead
        for good, and, without the phone digits (``verified``), "wrong code" for one that could
        open a door later (not loaded yet, its door out of service)."""
        code = release["dossier_code"]
        if self.guard.is_void(conn, code):
            raise Refused(Refusal.VOID)
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
        if where is not None and where["intent_id"] is not None:
            raise Refused(Refusal.BUSY)  # its own door is opening this moment
        if where is None or where["out_of_service"] or where["disabled"]:
            why = Refusal.NOT_READY if where is None else Refusal.OUT_OF_SERVICE
            raise Refused(why if verified else Refusal.WRONG_CODE)
        self.guard.record_success(conn, now, self.ctx.clock.iso(now), code)
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
        low_only: bool = False,
    ) -> DoorGrant:
        """``low_only``: the citizen needs a door within reach of a wheelchair; the chosen size
        is then the least the door must hold (the low row has few sizes)."""
        if not DOSSIER_CODE_PATTERN.match(dossier_code):
            raise Refused(Refusal.BAD_CODE_FORMAT)
        clock = self.ctx.clock
        with self.ctx.store.transaction() as conn:
            exact = size is not None and not low_only
            label = self._choose_free(conn, size or Size.S, exact, low_only)
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
                label = self._choose_free(conn, need, exact=False, low_only=low_only)
            else:
                self._check_free(conn, compartment, need, low_only)
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

    # --- choosing a door ------------------------------------------------------------------

    @staticmethod
    def free_doors(
        conn: sqlite3.Connection, need: Size, exact: bool = False, low_only: bool = False
    ) -> list[str]:
        """Free doors a ``need``-sized item fits in, best first: the smallest that fits, then
        middle height (easiest to reach), then label. ``low_only``: the low row alone (within
        reach of a wheelchair)."""
        sizes = [need] if exact else [s for s in SIZES if need.fits_in(s)]
        marks = ",".join("?" * len(sizes))
        low = " AND height = 'low'" if low_only else ""
        rows = conn.execute(
            f"SELECT label FROM compartments WHERE content = ? AND disabled = 0"
            f" AND out_of_service = 0 AND intent_id IS NULL AND size IN ({marks}){low}"
            " ORDER BY CASE size WHEN 'S' THEN 0 WHEN 'M' THEN 1 ELSE 2 END,"
            " CASE height WHEN 'middle' THEN 0 WHEN 'low' THEN 1 ELSE 2 END, label",
            [Content.EMPTY, *[s.value for s in sizes]],
        ).fetchall()
        return [str(r[0]) for r in rows]

    def free_sizes(self, low_only: bool = False) -> list[Size]:
        """The sizes with a free door now, smallest first: what a citizen whose size is full,
        or whose door was too small, is offered instead (``low_only``: the low row alone)."""
        conn = self.ctx.store.conn
        return [s for s in SIZES if self.free_doors(conn, s, exact=True, low_only=low_only)]

    def _choose_free(
        self, conn: sqlite3.Connection, need: Size, exact: bool, low_only: bool = False
    ) -> str:
        doors = self.free_doors(conn, need, exact, low_only)
        if not doors:
            raise Refused(Refusal.NO_FREE_COMPARTMENT)
        return doors[0]

    def _check_free(
        self, conn: sqlite3.Connection, label: str, need: Size, low_only: bool = False
    ) -> None:
        row = conn.execute(
            "SELECT size, height, content, disabled, out_of_service, intent_id FROM compartments"
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
            or (low_only and row["height"] != "low")
        ):
            raise Refused(Refusal.NOT_SUITABLE, detail=label)


def _check_input(otp: str, dossier_code: str | None, phone_digits: str | None) -> None:
    """Refuse a value without its documented form before anything is looked up, counted or
    audited; it is logged by length and kind, never as it is."""
    for kind, value, pattern in (
        ("OTP", otp, OTP_PATTERN),
        ("dossier code", dossier_code, DOSSIER_CODE_PATTERN),
        ("phone digits", phone_digits, PHONE_DIGITS_PATTERN),
    ):
        if value is not None and not pattern.fullmatch(value):
            log.info("pickup refused: malformed %s (%d characters)", kind, len(value))
            raise Refused(Refusal.BAD_CODE_FORMAT)


def _digits_match(held: str | None, typed: str | None) -> bool:
    """The phone digits typed are the holder's: the last ones of what the central system sent.
    A release sent without them cannot be checked this way and takes any (docs/security.md)."""
    if typed is None or held is None:
        return True
    return held.endswith(typed) if len(held) >= len(typed) else typed.endswith(held)


def _blocked(block: Block, wait_s: float) -> Refused:
    reason = {Block.DELAY: Refusal.DELAY, Block.PAUSED: Refusal.PAUSED, Block.VOID: Refusal.VOID}[
        block
    ]
    return Refused(reason, tries_left=0, wait_s=wait_s)
