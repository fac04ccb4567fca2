"""Wrong-OTP limits, per dossier and per kiosk (brute-force protection).

Counters are keyed by whatever dossier code an attempt names, existing or not, so the answers
are the same for a real dossier and an invented one: they reveal nothing. Times come from the
kiosk ``Clock`` (monotonic, floored), so turning the wall clock back lifts no hold.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from enum import StrEnum

from kiosk.settings import OtpPolicy

KIOSK_SCOPE = "kiosk"
HOUR_S = 3600.0


def dossier_scope(dossier_code: str) -> str:
    return f"dossier:{dossier_code}"


def reset_dossier(conn: sqlite3.Connection, dossier_code: str) -> None:
    """Forget a dossier's wrong tries: its code was re-issued (a new code starts clean)."""
    conn.execute("DELETE FROM otp_attempts WHERE scope = ?", (dossier_scope(dossier_code),))


class Block(StrEnum):
    DELAY = "delay"  # the kiosk slows entry after wrong codes in a row
    PAUSED = "paused"  # too many wrong codes this hour, or this dossier is on hold
    VOID = "void"  # this dossier's code is void until re-issued


@dataclass(frozen=True)
class Verdict:
    block: Block | None
    wait_s: float = 0.0


@dataclass
class _Counter:
    fails_in_row: int = 0
    fails_total: int = 0
    hold_until_ts: float = 0.0
    void: bool = False


class OtpGuard:
    def __init__(self, policy: OtpPolicy) -> None:
        self.policy = policy

    def check(self, conn: sqlite3.Connection, now: float, dossier_code: str | None) -> Verdict:
        """May a code be tried now (for this dossier, if the attempt names one)?"""
        kiosk = _load(conn, KIOSK_SCOPE)
        if kiosk.hold_until_ts > now:
            paused = kiosk.fails_in_row == 0 or self._hourly(conn, now) >= self._hour_limit
            return Verdict(Block.PAUSED if paused else Block.DELAY, kiosk.hold_until_ts - now)
        if dossier_code is not None:
            return self.check_dossier(conn, now, dossier_code)
        return Verdict(None)

    def check_dossier(self, conn: sqlite3.Connection, now: float, dossier_code: str) -> Verdict:
        counter = _load(conn, dossier_scope(dossier_code))
        if counter.void:
            return Verdict(Block.VOID)
        if counter.hold_until_ts > now:
            return Verdict(Block.PAUSED, counter.hold_until_ts - now)
        return Verdict(None)

    @property
    def _hour_limit(self) -> int:
        return self.policy.kiosk_fails_per_hour_pause

    def _hourly(self, conn: sqlite3.Connection, now: float) -> int:
        row = conn.execute(
            "SELECT count(*) FROM otp_failures WHERE at_ts > ?", (now - HOUR_S,)
        ).fetchone()
        return int(row[0])

    def record_failure(
        self, conn: sqlite3.Connection, now: float, at: str, dossier_code: str | None
    ) -> tuple[int, bool]:
        """Count a wrong code; returns (tries left before the next hold, kiosk now paused)."""
        p = self.policy
        conn.execute("DELETE FROM otp_failures WHERE at_ts <= ?", (now - HOUR_S,))
        conn.execute("INSERT INTO otp_failures (at_ts) VALUES (?)", (now,))
        kiosk = _load(conn, KIOSK_SCOPE)
        kiosk.fails_in_row += 1
        kiosk.fails_total += 1
        paused = self._hourly(conn, now) >= p.kiosk_fails_per_hour_pause
        if paused:
            kiosk.hold_until_ts = now + p.kiosk_pause_min * 60
            kiosk.fails_in_row = 0
        elif kiosk.fails_in_row >= p.kiosk_fails_before_delay:
            doublings = kiosk.fails_in_row - p.kiosk_fails_before_delay
            delay = min(p.kiosk_delay_first_s * 2 ** min(doublings, 32), p.kiosk_delay_max_s)
            kiosk.hold_until_ts = now + delay
        _save(conn, KIOSK_SCOPE, kiosk, at)
        left = max(p.kiosk_fails_before_delay - kiosk.fails_in_row, 0)
        if dossier_code is not None:
            counter = _load(conn, dossier_scope(dossier_code))
            counter.fails_in_row += 1
            counter.fails_total += 1
            if counter.fails_total >= p.dossier_fails_before_void:
                counter.void = True
            elif counter.fails_in_row >= p.dossier_fails_before_hold:
                counter.hold_until_ts = now + p.dossier_hold_min * 60
                counter.fails_in_row = 0
            _save(conn, dossier_scope(dossier_code), counter, at)
            left = min(left, p.dossier_fails_before_hold - counter.fails_in_row)
            if counter.void or counter.hold_until_ts > now:
                left = 0
        return left, paused

    def record_success(self, conn: sqlite3.Connection, at: str, dossier_code: str) -> None:
        """A right code ends the runs of wrong ones (totals stay: they void a code)."""
        for scope in (KIOSK_SCOPE, dossier_scope(dossier_code)):
            conn.execute(
                "UPDATE otp_attempts SET fails_in_row = 0, updated_at = ? WHERE scope = ?",
                (at, scope),
            )

    def lift_pause(self, conn: sqlite3.Connection, at: str) -> None:
        """Staff lift a kiosk-wide pause."""
        conn.execute("DELETE FROM otp_failures")
        conn.execute(
            "UPDATE otp_attempts SET fails_in_row = 0, hold_until_ts = 0, updated_at = ?"
            " WHERE scope = ?",
            (at, KIOSK_SCOPE),
        )


def _load(conn: sqlite3.Connection, scope: str) -> _Counter:
    row = conn.execute(
        "SELECT fails_in_row, fails_total, hold_until_ts, void FROM otp_attempts WHERE scope = ?",
        (scope,),
    ).fetchone()
    return _Counter(row[0], row[1], row[2], bool(row[3])) if row else _Counter()


def _save(conn: sqlite3.Connection, scope: str, c: _Counter, at: str) -> None:
    conn.execute(
        "INSERT INTO otp_attempts (scope, fails_in_row, fails_total, hold_until_ts, void,"
        " updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (scope) DO UPDATE SET"
        " fails_in_row = excluded.fails_in_row, fails_total = excluded.fails_total,"
        " hold_until_ts = excluded.hold_until_ts, void = excluded.void,"
        " updated_at = excluded.updated_at",
        (scope, c.fails_in_row, c.fails_total, c.hold_until_ts, int(c.void), at),
    )
