"""Benchmark: an attacker guessing codes at the real services as fast as the kiosk allows.

100 results are loaded (each with its own random 8-digit code and 3 phone digits). The attacker
types codes whenever typed codes need not wait, and in between scans ``DATM1|<dossier>|<guess>``
for each loaded dossier until it is held or void; the central system re-issues a voided code
after ``--reissue-h`` hours. Every attempt takes at least ``--step-s`` seconds (typing 8 + 3
digits). Time is a ``FakeClock`` moved by the waits the kiosk states, so a simulated week takes
seconds. Prints the attempts of each kind, the doors opened (expected 0) and the expected
openings per kiosk-year from the odds of each kind of guess (docs/security.md).

    .venv/bin/python -m bench.bench_guessing [--days 7] [--reissue-h 24]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from collections import Counter

from bench.locker_grid import grid_compartments, grid_settings
from kiosk.clock import FakeClock
from kiosk.domain import SYSTEM
from kiosk.services.core import Services, open_services
from kiosk.services.otp_guard import reset_dossier
from kiosk.services.refusals import Refusal, Refused
from kiosk.settings import CompartmentConfig

RESULTS = 100
CODES = 10**8
DIGITS = 10**3
YEAR_S = 365 * 86400


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--days", type=float, default=7)
    parser.add_argument("--step-s", type=float, default=6)
    parser.add_argument("--reissue-h", type=float, default=24)
    args = parser.parse_args()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        doors = grid_compartments(RESULTS)
        settings = grid_settings(tmp, doors)
        clock = FakeClock()
        services = open_services(settings, clock)
        ctx = services.ctx
        # Counts are measured here, not speed: no fsync per attempt.
        ctx.store.conn.execute("PRAGMA synchronous=OFF")
        codes = [f"000.00.07.H29-251123-{n:04d}" for n in range(RESULTS)]
        _load_results(services, codes, doors, rng)

        attacker = Attacker(services, codes, rng, args.step_s, args.reissue_h * 3600)
        started = time.perf_counter()
        attacker.run(clock.timestamp() + args.days * 86400)
        attempts, opened = attacker.attempts, attacker.opened
        elapsed = time.perf_counter() - started
        scale = YEAR_S / (args.days * 86400)
        # Bare attempts are the first free_fails of each free_window_days: a run shorter than
        # the window saw one window's worth.
        bare_scale = YEAR_S / (max(args.days, settings.otp.free_window_days) * 86400)
        odds = {
            "typed bare": RESULTS / CODES,
            "typed+digits": RESULTS / CODES / DIGITS,
            "qr bare": 1 / CODES,
            "qr+digits": 1 / CODES / DIGITS,
        }
        per_year = {
            kind: n * (bare_scale if kind.endswith("bare") else scale)
            for kind, n in attempts.items()
        }
        expected = sum(n * odds[kind] for kind, n in per_year.items())
        failures = len(ctx.store.query("SELECT id FROM otp_failures"))
        alarms = ctx.store.query("SELECT details FROM alarms WHERE kind = 'lockout'")
        services.close()
    print(
        f"{args.days:g} simulated days ({elapsed:.1f} s): attempts "
        + ", ".join(f"{kind} {n}" for kind, n in sorted(attempts.items()))
        + f"; doors opened {opened}; failures kept {failures}; lockout alarm"
        f" {'raised' if alarms else 'not raised'}"
    )
    print(
        "per kiosk-year: "
        + ", ".join(f"{kind} {n:,.0f}" for kind, n in sorted(per_year.items()))
        + f"; expected openings {expected:.1e} (goal <= 1e-4)"
    )


class Attacker:
    """Types whenever typed codes need not wait, scans a QR for a dossier that is neither held
    nor void otherwise, and waits for the earliest of them when neither is possible."""

    def __init__(
        self,
        services: Services,
        codes: list[str],
        rng: random.Random,
        step_s: float,
        reissue_s: float,
    ) -> None:
        self.services, self.codes, self.rng = services, codes, rng
        self.step_s, self.reissue_s = step_s, reissue_s
        self.attempts: Counter[str] = Counter()
        self.opened = 0
        self.typed_at = 0.0  # when a typed code may be tried again
        self.ready = dict.fromkeys(codes, 0.0)  # when a QR for the dossier may be tried again
        self.voided: dict[str, float] = {}  # dossier → when it became void

    def run(self, end: float) -> None:
        clock = self.services.ctx.clock
        while (t := clock.timestamp()) < end:
            self._reissue(t)
            qr = next((c for c in self.codes if c not in self.voided and self.ready[c] <= t), None)
            if self.typed_at <= t:
                self._attempt(t, None)
            elif qr is not None:
                self._attempt(t, qr)
            else:
                later = [
                    self.typed_at,
                    *(self.ready[c] for c in self.codes if c not in self.voided),
                ]
                later += [at + self.reissue_s for at in self.voided.values()]
                clock.advance(max(min(later) - t - self.step_s, 0))
            clock.advance(self.step_s)

    def _reissue(self, t: float) -> None:
        """The central system re-issues a voided code after ``reissue_s``."""
        ctx = self.services.ctx
        for code, at in list(self.voided.items()):
            if t - at >= self.reissue_s:
                with ctx.store.transaction() as conn:
                    reset_dossier(conn, code)
                    conn.execute(
                        "UPDATE releases SET otp_hash = ? WHERE dossier_code = ?",
                        (ctx.hasher.hash(f"{self.rng.randrange(CODES):08d}"), code),
                    )
                del self.voided[code]
                self.ready[code] = t

    def _attempt(self, t: float, qr: str | None) -> None:
        citizen_doors, conn = self.services.citizen_doors, self.services.ctx.store.conn
        guarded = citizen_doors.guard.guarded(conn, t)
        digits = f"{self.rng.randrange(DIGITS):03d}" if guarded else None
        kind = ("qr" if qr else "typed") + ("+digits" if guarded else " bare")
        self.attempts[kind] += 1
        try:
            citizen_doors.begin_pickup(f"{self.rng.randrange(CODES):08d}", qr, digits)
            self.opened += 1
        except Refused as refused:
            if qr is None:
                self.typed_at = t + refused.wait_s
            elif refused.reason is Refusal.VOID or citizen_doors.guard.is_void(conn, qr):
                self.voided[qr] = t
            else:
                self.ready[qr] = t + refused.wait_s


def _load_results(
    services: Services, codes: list[str], doors: list[CompartmentConfig], rng: random.Random
) -> None:
    """Each dossier released with a random code and phone digits, and loaded in its door."""
    ctx, clock = services.ctx, services.ctx.clock
    now = clock.timestamp()
    with ctx.store.transaction() as conn:
        for n, (code, door) in enumerate(zip(codes, doors, strict=True)):
            conn.execute(
                "INSERT INTO releases (release_id, version, status, dossier_code,"
                " procedure_name, holder_name, phone_last_digits, otp_hash, expires_at,"
                " expires_ts, received_at) VALUES (?, 1, 'released', ?, 'Thủ tục', 'An',"
                " ?, ?, ?, ?, ?)",
                (
                    f"r-{n}",
                    code,
                    f"{rng.randrange(DIGITS):03d}",
                    ctx.hasher.hash(f"{rng.randrange(CODES):08d}"),
                    clock.iso(now + 10 * YEAR_S),
                    now + 10 * YEAR_S,
                    clock.iso(),
                ),
            )
            cur = conn.execute(
                "INSERT INTO results (release_id, compartment, state, loaded_at,"
                " loaded_ts, loaded_by) VALUES (?, ?, 'loaded', '', 0, ?)",
                (f"r-{n}", door.label, SYSTEM),
            )
            conn.execute(
                "UPDATE compartments SET content = 'result', result_id = ? WHERE label = ?",
                (cur.lastrowid, door.label),
            )


if __name__ == "__main__":
    main()
