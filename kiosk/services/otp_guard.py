"""The throttle on OTP guessing (design and arithmetic: docs/security.md).

Three limits, none of which stops a citizen who holds a right code:

- **A second factor while the kiosk is guessed at.** Once ``free_fails`` wrong codes (typed or
  scanned) fall within ``free_window_days``, every attempt needs the phone's last digits too
  ("guarded"). A right code forgives its holder's typos of the minutes before it.
- **Typed codes wait after a run of wrong ones.** Typed codes name no dossier: after
  ``kiosk_fails_before_delay`` wrong ones in a row, each next typed try waits, doubling up to
  ``kiosk_delay_max_s``. A QR is never held up by this: it names its dossier.
- **Per dossier, for attempts that name one** (a QR, or a typed code that matched a dossier but
  not its phone digits): a hold after ``dossier_fails_before_hold`` in a row, void after
  ``dossier_fails_before_void`` in total, until the central system re-issues the code.

Dossier counters are keyed by whatever code an attempt names, existing or not, so the answers
are the same for a real dossier and an invented one. Times come from the kiosk ``Clock``
(monotonic, floored), so turning the wall clock back lifts no wait.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from enum import StrEnum

from kiosk.settings import OtpPolicy

KIOSK_SCOPE = "kiosk"
DAY_S = 86400.0


def dossier_scope(dossier_code: str) -> str:
    return f"dossier:{dossier_code}"


def reset_dossier(conn: sqlite3.Connection, dossier_code: str) -> None:
    """Forget a dossier's wrong tries: its code was re-issued (a new code starts clean)."""
    conn.execute("DELETE FROM otp_attempts WHERE scope = ?", (dossier_scope(dossier_code),))


def failures_since(conn: sqlite3.Connection, since_ts: float) -> int:
    """Wrong codes typed or scanned at this kiosk after ``since_ts`` (forgiven ones too)."""
    row = conn.execute("SELECT count(*) FROM otp_failures WHERE at_ts > ?", (since_ts,)).fetchone()
    return int(row[0])


class Block(StrEnum):
    DELAY = "delay"  # typed codes wait after a run of wrong ones
    PAUSED = "paused"  # this dossier is on hold
    VOID = "void"  # this dossier's code is void until re-issued


@dataclass(frozen=True)
class Verdict:
    block: Block | None
    wait_s: float = 0.0


@dataclass(frozen=True)
class Failure:
    """What one wrong attempt changed."""

    tries_left: int  # before the next wait or hold
    wait_s: float  # the wait it started (0: none)
    voided: list[str] = field(default_factory=list)  # dossier codes void from now on
    alarm: str | None = None  # why the lockout alarm is due, if it is


@dataclass
class _Counter:
    fails_in_row: int = 0
    fails_total: int = 0
    hold_until_ts: float = 0.0
    void: bool = False
    last_fail_ts: float = 0.0


class OtpGuard:
    def __init__(self, policy: OtpPolicy) -> None:
        self.policy = policy

    def guarded(self, conn: sqlite3.Connection, now: float) -> bool:
        """Must every attempt carry the phone's last digits now?"""
        p = self.policy
        return _at_least(conn, p.free_fails, now - p.free_window_days * DAY_S, " AND NOT forgiven")

    def check(self, conn: sqlite3.Connection, now: float, dossier_code: str | None) -> Verdict:
        """May a code be tried now? A typed one (``dossier_code`` None) waits out the kiosk's
        delay; a QR answers only to its dossier's limits."""
        if dossier_code is not None:
            return self.check_dossier(conn, now, dossier_code)
        kiosk = _load(conn, KIOSK_SCOPE)
        if kiosk.hold_until_ts > now:
            return Verdict(Block.DELAY, kiosk.hold_until_ts - now)
        return Verdict(None)

    def check_dossier(self, conn: sqlite3.Connection, now: float, dossier_code: str) -> Verdict:
        counter = _load(conn, dossier_scope(dossier_code))
        if counter.void:
            return Verdict(Block.VOID)
        if counter.hold_until_ts > now:
            return Verdict(Block.PAUSED, counter.hold_until_ts - now)
        return Verdict(None)

    def is_void(self, conn: sqlite3.Connection, dossier_code: str) -> bool:
        return _load(conn, dossier_scope(dossier_code)).void

    def record_failure(
        self,
        conn: sqlite3.Connection,
        now: float,
        at: str,
        *,
        typed: bool,
        dossiers: list[str],
    ) -> Failure:
        """Count an attempt that opened no door: at the kiosk, in the typed run if it was typed,
        and against each dossier it named (a QR's, or the one a typed code matched)."""
        p = self.policy
        keep = max(p.free_window_days * DAY_S, DAY_S)
        conn.execute("DELETE FROM otp_failures WHERE at_ts <= ?", (now - keep,))
        conn.execute("INSERT INTO otp_failures (at_ts) VALUES (?)", (now,))
        alarm = None
        if _at_least(conn, p.alarm_fails_per_day, now - DAY_S):
            alarm = f"{p.alarm_fails_per_day} wrong codes within 24 hours"
        left, wait = p.dossier_fails_before_hold, 0.0
        if typed:
            kiosk = self._counted(conn, KIOSK_SCOPE, now)
            over = kiosk.fails_in_row - p.kiosk_fails_before_delay
            if over > 0:
                wait = min(p.kiosk_delay_first_s * 2 ** min(over - 1, 32), p.kiosk_delay_max_s)
                kiosk.hold_until_ts = now + wait
                if wait >= p.kiosk_delay_max_s:
                    alarm = alarm or "the wait between typed codes reached its cap"
            _save(conn, KIOSK_SCOPE, kiosk, at)
            left = max(-over, 0)
        voided = []
        for code in dossiers:
            counter = self._counted(conn, dossier_scope(code), now)
            counter.fails_total += 1
            if counter.fails_total >= p.dossier_fails_before_void:
                voided += [] if counter.void else [code]
                counter.void = True
            elif counter.fails_in_row >= p.dossier_fails_before_hold:
                counter.hold_until_ts = now + p.dossier_hold_min * 60
                counter.fails_in_row = 0
            _save(conn, dossier_scope(code), counter, at)
            if not typed:
                left = p.dossier_fails_before_hold - counter.fails_in_row
            if counter.void or counter.hold_until_ts > now:
                left, wait = 0, max(wait, counter.hold_until_ts - now)
        return Failure(left, wait, voided, alarm)

    def _counted(self, conn: sqlite3.Connection, scope: str, now: float) -> _Counter:
        """The counter with this failure in its run (a run ends after a quiet spell)."""
        counter = _load(conn, scope)
        if now - counter.last_fail_ts > self.policy.quiet_reset_h * 3600:
            counter.fails_in_row = 0
        counter.fails_in_row += 1
        counter.last_fail_ts = now
        return counter

    def record_success(
        self, conn: sqlite3.Connection, now: float, at: str, dossier_code: str
    ) -> None:
        """A right code ends the runs of wrong ones (totals stay: they void a code) and forgives
        the wrong codes of the minutes before it: its holder's typos."""
        for scope in (KIOSK_SCOPE, dossier_scope(dossier_code)):
            conn.execute(
                "UPDATE otp_attempts SET fails_in_row = 0, updated_at = ? WHERE scope = ?",
                (at, scope),
            )
        p = self.policy
        conn.execute(
            "UPDATE otp_failures SET forgiven = 1 WHERE id IN (SELECT id FROM otp_failures"
            " WHERE at_ts > ? AND NOT forgiven ORDER BY at_ts DESC LIMIT ?)",
            (now - p.forgive_s, p.free_fails),
        )


def _at_least(conn: sqlite3.Connection, n: int, since_ts: float, where: str = "") -> bool:
    """Are there ``n`` failures after ``since_ts``? Reads at most ``n`` rows of the index: under
    a sustained attack the window holds thousands, and this runs on every attempt."""
    row = conn.execute(
        f"SELECT 1 FROM otp_failures WHERE at_ts > ?{where} ORDER BY at_ts LIMIT 1 OFFSET ?",
        (since_ts, n - 1),
    ).fetchone()
    return row is not None


def _load(conn: sqlite3.Connection, scope: str) -> _Counter:
    row = conn.execute(
        "SELECT fails_in_row, fails_total, hold_until_ts, void, last_fail_ts FROM otp_attempts"
        " WHERE scope = ?",
        (scope,),
    ).fetchone()
    return _Counter(row[0], row[1], row[2], bool(row[3]), row[4]) if row else _Counter()


def _save(conn: sqlite3.Connection, scope: str, c: _Counter, at: str) -> None:
    conn.execute(
        "INSERT INTO otp_attempts (scope, fails_in_row, fails_total, hold_until_ts, void,"
        " last_fail_ts, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (scope) DO UPDATE"
        " SET fails_in_row = excluded.fails_in_row, fails_total = excluded.fails_total,"
        " hold_until_ts = excluded.hold_until_ts, void = excluded.void,"
        " last_fail_ts = excluded.last_fail_ts, updated_at = excluded.updated_at",
        (scope, c.fails_in_row, c.fails_total, c.hold_until_ts, int(c.void), c.last_fail_ts, at),
    )
