"""Staff sign-in: something owned (a badge with a secret) and something known (a PIN).

A badge QR carries ``STAFF|<staff_id>|<secret>``; the directory (the ``staff`` table the sync
agent fills) holds only the SHA-256 of that exact payload, and PINs as
``pbkdf2_sha256$<iterations>$<salt b64>$<hash b64>``. Signing in takes three steps so that the
slow part never holds up the services thread, which also serves the doors:

1. ``check_badge`` (services thread): a ``PinCheck`` for any badge-shaped scan, known or not,
   unless sign-in is waiting (kiosk-wide, below);
2. ``verify_pin`` (any thread; about 0.7 s at 600 000 iterations): pure computation, against a
   stand-in hash of the same cost when the badge is unknown, locked or inactive;
3. ``settle`` (services thread): counts a failure or opens the session, with its records.

Nothing tells a real badge from an unknown one before the PIN is right: the same screen, the
same PIN step, the same work, the same answer (``WRONG``) and the same wait. The name and role
leave this module only with a successful sign-in.

Throttle (docs/security.md): every failed sign-in, whatever the badge, is a kiosk-wide failure.
The next try waits ``staff.pin_delay_first_s`` doubling with each failure of the last hour up to
``staff.pin_delay_max_s``; ``staff.kiosk_fails_per_hour`` failures hold sign-in until the oldest
is an hour old and raise a ``lockout`` alarm. A listed badge's wrong PINs in a row are also
counted: ``staff.pin_fails_before_disable`` lock it (``lockout`` alarm under ``badge:<id>``)
until the central system sets a new PIN. Waits are on the kiosk's clock, which a turned-back
wall clock cannot undo. Every sign-in and sign-out is an audit record and an outbox event with
the actor ``staff:<id>`` or ``technician:<id>``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import logging
import sqlite3
from dataclasses import dataclass
from enum import StrEnum

from kiosk.domain import AlarmKind, staff_actor
from kiosk.errors import KioskError
from kiosk.services import alarms
from kiosk.services.context import ServiceContext, record
from kiosk.services.core import Services

log = logging.getLogger(__name__)

BADGE_PREFIX = "STAFF|"
PBKDF2_SCHEME = "pbkdf2_sha256"
STANDARD_ITERATIONS = 600_000  # the contract's; the stand-in hash copies the directory's own
# A PIN hash asking for more work than this is refused rather than computed for minutes.
MAX_ITERATIONS = 10_000_000
PIN_MIN_DIGITS = 6  # central-api.md: the central system enforces it when a PIN is set
PIN_MAX_DIGITS = 12
WINDOW_S = 3600.0  # the kiosk-wide limit counts the failures of the last hour
KIOSK_LOCKOUT_SUBJECT = "staff_sign_in"


class Role(StrEnum):
    STAFF = "staff"
    TECHNICIAN = "technician"


class SignInRefusal(StrEnum):
    # Badge or PIN wrong, badge unknown, inactive or locked: told apart nowhere before the PIN.
    WRONG = "wrong"
    WAIT = "wait"  # a failed sign-in moments ago: wait_s before the next try
    HELD = "held"  # the kiosk-wide limit of failures in an hour: wait_s until it lifts


class SignInRefused(KioskError):
    def __init__(self, reason: SignInRefusal, *, wait_s: float = 0.0) -> None:
        super().__init__(reason.value)
        self.reason = reason
        self.wait_s = wait_s


class SignOutReason(StrEnum):
    SIGNED_OUT = "signed_out"  # "Đăng xuất"
    IDLE = "idle"  # nobody touched the screen for ``timeouts.staff_idle_s``
    SESSION_LIMIT = "session_limit"  # ``staff.session_max_min`` since sign-in, however busy


@dataclass(frozen=True)
class StaffMember:
    """Someone signed in: every action they take is recorded under ``actor``."""

    staff_id: str
    name: str
    role: Role

    @property
    def actor(self) -> str:
        return staff_actor(self.staff_id, self.role.value)

    @property
    def technician(self) -> bool:
        return self.role is Role.TECHNICIAN


@dataclass(frozen=True)
class PinCheck:
    """A PIN to try: the hash to try it against, and whose row (if any) it is for.

    Deliberately nothing to show: no name, no role, no "known" flag; ``repr`` hides the hash.
    """

    staff_id: str | None
    pin_pbkdf2: str

    def __repr__(self) -> str:
        return "PinCheck(…)"


def is_badge(text: str) -> bool:
    """Whether a scan is meant as a staff badge (any such scan goes to the PIN step)."""
    return text.startswith(BADGE_PREFIX)


def badge_digest(text: str) -> str:
    """The directory's ``badge_sha256`` for a scanned payload, exactly as scanned."""
    return hashlib.sha256(text.encode()).hexdigest()


def pin_acceptable(pin: str) -> bool:
    return pin.isdigit() and PIN_MIN_DIGITS <= len(pin) <= PIN_MAX_DIGITS


def verify_pin(pin_pbkdf2: str, pin: str) -> bool:
    """Whether ``pin`` matches the directory's hash; a malformed hash matches nothing."""
    parts = pin_pbkdf2.split("$")
    try:
        scheme, iterations_text, salt_b64, hash_b64 = parts
        iterations = int(iterations_text)
        salt = base64.b64decode(salt_b64, validate=True)
        expected = base64.b64decode(hash_b64, validate=True)
    except (ValueError, binascii.Error):
        log.error("staff directory: a PIN hash is malformed; that badge cannot sign in")
        return False
    if scheme != PBKDF2_SCHEME or not 1 <= iterations <= MAX_ITERATIONS or not expected:
        log.error("staff directory: unsupported PIN hash (%s, %d iterations)", scheme, iterations)
        return False
    actual = hashlib.pbkdf2_hmac("sha256", pin.encode(), salt, iterations, len(expected))
    # A PIN shorter than the contract's minimum never signs anyone in, whatever the hash says.
    return hmac.compare_digest(actual, expected) and pin_acceptable(pin)


def check_badge(services: Services, badge: str) -> PinCheck:
    """Step 1: what the PIN typed next is checked against; refused only while sign-in waits."""
    ctx = services.ctx
    _refuse_if_waiting(ctx, ctx.store.conn)
    row = ctx.store.one(
        "SELECT staff_id, pin_pbkdf2, active, disabled FROM staff WHERE badge_sha256 = ?",
        (badge_digest(badge),),
    )
    if row is None or not row["active"] or row["disabled"]:
        # Same cost as a real check, and the row (if any) so a locked badge keeps counting.
        return PinCheck(row["staff_id"] if row is not None else None, _stand_in_hash(ctx))
    return PinCheck(row["staff_id"], row["pin_pbkdf2"])


def check_member(services: Services, member: StaffMember) -> PinCheck:
    """Step 1 for someone signed in who is asked for the PIN again (before "open all")."""
    ctx = services.ctx
    _refuse_if_waiting(ctx, ctx.store.conn)
    row = ctx.store.one(
        "SELECT pin_pbkdf2 FROM staff WHERE staff_id = ? AND active = 1 AND disabled = 0",
        (member.staff_id,),
    )
    return PinCheck(member.staff_id, row["pin_pbkdf2"] if row else _stand_in_hash(ctx))


def settle(
    services: Services, check: PinCheck, pin_ok: bool, *, confirming: StaffMember | None = None
) -> StaffMember:
    """Step 3: record the outcome of ``verify_pin``; the member on success, else refuse.

    ``confirming``: the PIN was asked again of this signed-in person (no new session).
    """
    ctx = services.ctx
    with ctx.store.transaction() as conn:
        _refuse_if_waiting(ctx, conn)
        row = None
        if check.staff_id is not None:
            row = conn.execute(
                "SELECT * FROM staff WHERE staff_id = ?", (check.staff_id,)
            ).fetchone()
        # The row as it is now: a directory change while the PIN was checked counts as wrong.
        usable = (
            row is not None
            and row["active"]
            and not row["disabled"]
            and row["pin_pbkdf2"] == check.pin_pbkdf2
        )
        if pin_ok and usable and row is not None:
            member = StaffMember(row["staff_id"], row["name"], Role(row["role"]))
            if confirming is None:
                _signed_in(ctx, conn, member)
            else:
                _confirmed(ctx, conn, confirming)
            return member
        refusal = _failed(ctx, conn, row if usable else None, check.staff_id)
    # Raised after the commit: a failure must count.
    raise refusal


def sign_in(services: Services, badge: str, pin: str) -> StaffMember:
    """All three steps on the calling thread (the CLI and tests; the UI splits them)."""
    check = check_badge(services, badge)
    return settle(services, check, verify_pin(check.pin_pbkdf2, pin))


def sign_out(services: Services, member: StaffMember, reason: SignOutReason) -> None:
    ctx = services.ctx
    with ctx.store.transaction() as conn:
        _staff_event(ctx, conn, member, "staff.signed_out", {"reason": reason.value})
    log.info("%s signed out (%s)", member.actor, reason.value)


# --- inside -----------------------------------------------------------------------------------


def _stand_in_hash(ctx: ServiceContext) -> str:
    """A hash no PIN matches, costing what the directory's own hashes cost to check."""
    row = ctx.store.one("SELECT pin_pbkdf2 FROM staff LIMIT 1")
    iterations = STANDARD_ITERATIONS
    if row is not None:
        parts = row["pin_pbkdf2"].split("$")
        if len(parts) == 4 and parts[1].isdigit() and 1 <= int(parts[1]) <= MAX_ITERATIONS:
            iterations = int(parts[1])
    salt = base64.b64encode(b"no such badge!!!").decode()
    nothing = base64.b64encode(bytes(32)).decode()
    return f"{PBKDF2_SCHEME}${iterations}${salt}${nothing}"


def _recent_failures(conn: sqlite3.Connection, now: float) -> list[float]:
    return [
        r[0]
        for r in conn.execute(
            "SELECT at_ts FROM staff_pin_failures WHERE at_ts > ? ORDER BY at_ts",
            (now - WINDOW_S,),
        )
    ]


def _wait(ctx: ServiceContext, failures: list[float], now: float) -> tuple[SignInRefusal, float]:
    """How long sign-in must wait after ``failures`` (the last hour's), and why."""
    policy = ctx.settings.staff
    limit = policy.kiosk_fails_per_hour
    if len(failures) >= limit:
        # Open again when fewer than ``limit`` failures are left in the window.
        return SignInRefusal.HELD, failures[len(failures) - limit] + WINDOW_S - now
    if not failures:
        return SignInRefusal.WAIT, 0.0
    delay = min(policy.pin_delay_first_s * 2 ** (len(failures) - 1), policy.pin_delay_max_s)
    return SignInRefusal.WAIT, failures[-1] + delay - now


def _refuse_if_waiting(ctx: ServiceContext, conn: sqlite3.Connection) -> None:
    now = ctx.clock.timestamp()
    reason, wait = _wait(ctx, _recent_failures(conn, now), now)
    if wait > 0:
        raise SignInRefused(reason, wait_s=wait)


def _signed_in(ctx: ServiceContext, conn: sqlite3.Connection, member: StaffMember) -> None:
    conn.execute("UPDATE staff SET pin_fails = 0 WHERE staff_id = ?", (member.staff_id,))
    # A badge that signs in again had its PIN reset centrally: its lockout is over.
    alarms.clear_kind(
        conn, ctx.clock, AlarmKind.LOCKOUT.value, f"badge:{member.staff_id}", member.actor
    )
    alarms.clear_kind(conn, ctx.clock, AlarmKind.LOCKOUT.value, KIOSK_LOCKOUT_SUBJECT, member.actor)
    _staff_event(ctx, conn, member, "staff.signed_in", {"role": member.role.value})
    log.info("%s signed in", member.actor)


def _staff_event(
    ctx: ServiceContext,
    conn: sqlite3.Connection,
    member: StaffMember,
    action: str,
    details: dict[str, object],
) -> None:
    """An audit record that also goes to the central system as an event of the same name."""
    record(
        conn,
        ctx.clock,
        actor=member.actor,
        action=action,
        subject=member.staff_id,
        details=details,
        event=action,
        data=details,
    )


def _confirmed(ctx: ServiceContext, conn: sqlite3.Connection, member: StaffMember) -> None:
    conn.execute("UPDATE staff SET pin_fails = 0 WHERE staff_id = ?", (member.staff_id,))
    record(
        conn, ctx.clock, actor=member.actor, action="staff.pin_confirmed", subject=member.staff_id
    )


def _failed(
    ctx: ServiceContext, conn: sqlite3.Connection, row: sqlite3.Row | None, staff_id: str | None
) -> SignInRefused:
    """Count one failed sign-in kiosk-wide, and against a listed badge whose PIN was tried."""
    policy = ctx.settings.staff
    now = ctx.clock.timestamp()
    conn.execute("DELETE FROM staff_pin_failures WHERE at_ts <= ?", (now - WINDOW_S,))
    conn.execute("INSERT INTO staff_pin_failures (at_ts) VALUES (?)", (now,))
    failures = _recent_failures(conn, now)
    details: dict[str, object] = {"kiosk_failures_1h": len(failures)}
    if row is not None:
        fails = row["pin_fails"] + 1
        details["badge_failures"] = fails
        locked = fails >= policy.pin_fails_before_disable
        conn.execute(
            "UPDATE staff SET pin_fails = ?, disabled = ? WHERE staff_id = ?",
            (fails, int(locked), row["staff_id"]),
        )
        if locked:
            actor = staff_actor(row["staff_id"], row["role"])
            alarms.raise_alarm(
                conn,
                ctx.clock,
                AlarmKind.LOCKOUT.value,
                f"badge:{row['staff_id']}",
                {"why": f"{fails} wrong PINs in a row"},
                actor=actor,  # whoever held the badge
            )
            log.warning("badge of %s locked after %d wrong PINs", actor, fails)
    if len(failures) >= policy.kiosk_fails_per_hour and alarms.raise_alarm(
        conn,
        ctx.clock,
        AlarmKind.LOCKOUT.value,
        KIOSK_LOCKOUT_SUBJECT,
        {"why": f"{len(failures)} failed staff sign-ins in an hour"},
    ):
        log.warning("staff sign-in held: %d failed sign-ins in an hour", len(failures))
    # Local record only: who (if anyone) the badge belonged to stays out of the outbox.
    record(
        conn,
        ctx.clock,
        actor="unknown",
        action="staff.sign_in_failed",
        subject=staff_id or "-",
        details=details,
    )
    reason, wait = _wait(ctx, failures, now)
    return SignInRefused(
        SignInRefusal.WRONG if reason is SignInRefusal.WAIT else reason, wait_s=max(wait, 0.0)
    )
