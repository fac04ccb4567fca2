"""What a citizen does at the locker: pick up a result, drop off a dossier, rate the visit.

Each ``begin_*`` checks everything in one transaction and journals a door intent; it returns a
``DoorGrant`` or raises ``Refused`` with a reason the screen can explain. What the door then does
is reported to ``DoorJournal`` (see doors.py). The staff's doors are ``staff_doors.py``'s.
"""

from __future__ import annotations

import logging
import sqlite3

from kiosk.domain import (
    CITIZEN,
    DOSSIER_CODE_PATTERN,
    OTP_PATTERN,
    PHONE_DIGITS_PATTERN,
    AlarmKind,
    DoorPurpose,
    DropoffState,
    ResultState,
    Size,
)
from kiosk.services import releases
from kiosk.services.alarms import raise_alarm
from kiosk.services.context import ServiceContext, record
from kiosk.services.doors import DoorGrant, DoorJournal
from kiosk.services.free_doors import SIZES, choose_free, free_doors
from kiosk.services.otp_guard import Block, OtpGuard
from kiosk.services.refusals import Refusal, Refused

log = logging.getLogger(__name__)

VOID_REASON = "too_many_failures"  # result.code_voided data.reason (central-api.md)


# What a proven holder (right code, right phone digits) may be told about a live code.
_HOLDER_ANSWERS = frozenset({Refusal.NOT_READY, Refusal.OUT_OF_SERVICE})


class CitizenDoors:
    def __init__(self, ctx: ServiceContext, doors: DoorJournal) -> None:
        self.ctx = ctx
        self.doors = doors
        self.guard = OtpGuard(ctx.settings.otp)

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
            label = choose_free(conn, size or Size.S, exact, low_only)
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

    def free_sizes(self, low_only: bool = False) -> list[Size]:
        """The sizes with a free door now, smallest first: what a citizen whose size is full,
        or whose door was too small, is offered instead (``low_only``: the low row alone)."""
        conn = self.ctx.store.conn
        return [s for s in SIZES if free_doors(conn, s, exact=True, low_only=low_only)]

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
