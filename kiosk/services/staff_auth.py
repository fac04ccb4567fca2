"""Staff sign-in: a badge (``STAFF|<staff_id>``) and a PIN, checked offline against the directory.

The directory is the ``staff`` table the sync agent fills from the central system (PINs as
``pbkdf2_sha256$<iterations>$<salt b64>$<hash b64>``). Signing in takes three steps so that the
slow part never holds up the services thread, which also serves the doors:

1. ``check_badge`` (services thread): who the badge belongs to, or why they may not try now;
2. ``verify_pin`` (any thread; about 0.7 s at 600 000 iterations): pure computation;
3. ``settle`` (services thread): counts a wrong PIN or opens the session, with its records.

Each wrong PIN makes the next try wait longer (``staff.pin_delay_first_s`` doubling up to
``staff.pin_delay_max_s``, on the kiosk's clock, which a turned-back wall clock cannot undo);
``staff.pin_fails_before_disable`` wrong PINs in a row disable the badge until the directory is
synced again (the sync agent clears ``disabled`` and ``pin_fails`` on every delivered directory)
and raise a ``lockout`` alarm. Every sign-in and sign-out is an audit record and an outbox event
with the actor ``staff:<id>`` or ``technician:<id>``.
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
# A PIN hash asking for more work than this is refused rather than computed for minutes.
MAX_ITERATIONS = 10_000_000


class Role(StrEnum):
    STAFF = "staff"
    TECHNICIAN = "technician"


class SignInRefusal(StrEnum):
    UNKNOWN_BADGE = "unknown_badge"  # not listed, or listed as inactive: told apart nowhere
    DISABLED = "disabled"  # too many wrong PINs: until the directory is synced again
    WAIT = "wait"  # a wrong PIN was typed moments ago: wait_s before the next try
    WRONG_PIN = "wrong_pin"  # tries_left before the badge is disabled


class SignInRefused(KioskError):
    def __init__(self, reason: SignInRefusal, *, wait_s: float = 0.0, tries_left: int = 0) -> None:
        super().__init__(reason.value)
        self.reason = reason
        self.wait_s = wait_s
        self.tries_left = tries_left


class SignOutReason(StrEnum):
    SIGNED_OUT = "signed_out"  # "Đăng xuất"
    IDLE = "idle"  # nobody touched the screen for ``timeouts.staff_idle_s``


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
    """A badge that may try a PIN now, with the hash to try it against."""

    member: StaffMember
    pin_pbkdf2: str


def badge_id(text: str) -> str | None:
    """The staff id in a scanned badge, or None if the code is not a badge."""
    if not text.startswith(BADGE_PREFIX):
        return None
    staff_id = text.removeprefix(BADGE_PREFIX).strip()
    return staff_id or None


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
    return hmac.compare_digest(actual, expected)


def check_badge(services: Services, badge: str) -> PinCheck:
    """Step 1: the person a scanned badge belongs to, if they may try a PIN now."""
    ctx = services.ctx
    staff_id = badge_id(badge)
    row = None
    if staff_id is not None:
        row = ctx.store.one("SELECT * FROM staff WHERE badge = ?", (badge.strip(),))
    if row is None or not row["active"]:
        with ctx.store.transaction() as conn:
            record(
                conn,
                ctx.clock,
                actor="unknown",
                action="staff.badge_refused",
                subject=staff_id or "-",
                details={"reason": "unknown or inactive"},
            )
        raise SignInRefused(SignInRefusal.UNKNOWN_BADGE)
    _refuse_if_blocked(ctx, row)
    member = StaffMember(row["staff_id"], row["name"], Role(row["role"]))
    return PinCheck(member, row["pin_pbkdf2"])


def settle(services: Services, check: PinCheck, pin_ok: bool) -> StaffMember:
    """Step 3: record the outcome of ``verify_pin``; the member on success, else refuse."""
    ctx = services.ctx
    member = check.member
    with ctx.store.transaction() as conn:
        row = conn.execute(
            "SELECT * FROM staff WHERE staff_id = ? AND active = 1", (member.staff_id,)
        ).fetchone()
        if row is None or row["pin_pbkdf2"] != check.pin_pbkdf2:
            # The directory changed while the PIN was being checked: start again.
            raise SignInRefused(SignInRefusal.UNKNOWN_BADGE)
        _refuse_if_blocked(ctx, row)
        if pin_ok:
            _signed_in(ctx, conn, member)
            return member
        refusal = _wrong_pin(ctx, conn, member, row["pin_fails"] + 1)
    # Raised after the commit: a wrong PIN must count.
    raise refusal


def sign_in(services: Services, badge: str, pin: str) -> StaffMember:
    """All three steps on the calling thread (the CLI and tests; the UI splits them)."""
    check = check_badge(services, badge)
    return settle(services, check, verify_pin(check.pin_pbkdf2, pin))


def sign_out(services: Services, member: StaffMember, reason: SignOutReason) -> None:
    ctx = services.ctx
    with ctx.store.transaction() as conn:
        record(
            conn,
            ctx.clock,
            actor=member.actor,
            action="staff.signed_out",
            subject=member.staff_id,
            details={"reason": reason.value},
            event="staff.signed_out",
            data={"reason": reason.value},
        )
    log.info("%s signed out (%s)", member.actor, reason.value)


# --- inside -----------------------------------------------------------------------------------


def _refuse_if_blocked(ctx: ServiceContext, row: sqlite3.Row) -> None:
    if row["disabled"]:
        raise SignInRefused(SignInRefusal.DISABLED)
    wait = row["pin_hold_until_ts"] - ctx.clock.timestamp()
    if wait > 0:
        raise SignInRefused(SignInRefusal.WAIT, wait_s=wait)


def _signed_in(ctx: ServiceContext, conn: sqlite3.Connection, member: StaffMember) -> None:
    conn.execute(
        "UPDATE staff SET pin_fails = 0, pin_hold_until_ts = 0 WHERE staff_id = ?",
        (member.staff_id,),
    )
    # A badge that signs in again was re-enabled by a directory sync: its lockout is over.
    alarms.clear_kind(
        conn, ctx.clock, AlarmKind.LOCKOUT.value, f"badge:{member.staff_id}", member.actor
    )
    record(
        conn,
        ctx.clock,
        actor=member.actor,
        action="staff.signed_in",
        subject=member.staff_id,
        details={"role": member.role.value},
        event="staff.signed_in",
        data={"role": member.role.value},
    )
    log.info("%s signed in", member.actor)


def _wrong_pin(
    ctx: ServiceContext, conn: sqlite3.Connection, member: StaffMember, fails: int
) -> SignInRefused:
    policy = ctx.settings.staff
    now = ctx.clock.timestamp()
    left = max(policy.pin_fails_before_disable - fails, 0)
    if left == 0:
        conn.execute(
            "UPDATE staff SET pin_fails = ?, disabled = 1 WHERE staff_id = ?",
            (fails, member.staff_id),
        )
        record(
            conn,
            ctx.clock,
            actor=member.actor,
            action="staff.badge_disabled",
            subject=member.staff_id,
            details={"wrong_pins": fails},
        )
        alarms.raise_alarm(
            conn,
            ctx.clock,
            AlarmKind.LOCKOUT.value,
            f"badge:{member.staff_id}",
            {"why": f"{fails} wrong PINs in a row"},
            actor=member.actor,  # whoever held the badge (the contract has no "system" actor)
        )
        log.warning("badge of %s disabled after %d wrong PINs", member.actor, fails)
        return SignInRefused(SignInRefusal.DISABLED)
    wait = min(policy.pin_delay_first_s * 2 ** (fails - 1), policy.pin_delay_max_s)
    conn.execute(
        "UPDATE staff SET pin_fails = ?, pin_hold_until_ts = ? WHERE staff_id = ?",
        (fails, now + wait, member.staff_id),
    )
    record(
        conn,
        ctx.clock,
        actor=member.actor,
        action="staff.pin_wrong",
        subject=member.staff_id,
        details={"fails": fails, "wait_s": wait},
    )
    return SignInRefused(SignInRefusal.WRONG_PIN, wait_s=wait, tries_left=left)
