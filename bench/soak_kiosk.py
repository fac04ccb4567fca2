"""Soak: a week of a kiosk's life in a few minutes, and whether anything grows.

    .venv/bin/python -m bench.soak_kiosk            # 7 days, 1,000 loadings and pickups
    .venv/bin/python -m bench.soak_kiosk --quick    # 1 day, 40 of each: a smoke test

In this process: the real runtime (services, housekeeping, the sync agent on its thread), the
drivers against the lock-board and printer simulators on ptys, and the citizen UI offscreen.
The central simulator runs as its own process (``kiosk central-sim``), so that what it records
does not count as the kiosk's growth. Timers are sped up:
- the kiosk's clock runs ``DAYS`` days in the run's wall time (expiries, retention and the
  audit's cut-offs see a week pass); retention is set to one day (two for the audit log) so
  the purges run several times and the tables reach their steady size;
- the header clock is ticked as often as a week of seconds asks (604,800 ``setText``);
- housekeeping runs every few seconds; the sync agent is asked for a cycle after each batch.
Work: releases are created at the central simulator in batches, pulled by the agent, loaded
by staff (through the services, the simulated door closing on the envelope) and picked up by a
citizen through the real screens (home → code → door open → receipt → rating), the simulated
door closing empty.

Prints samples (RSS, open file descriptors, threads, ``sys.getrefcount(None)``, the SQLite
files, the log files) at each tenth of the run, and the growth from the end of the warm-up
(``WARM_UP_DAYS``: until the retention purges hold every table at its size) to the end.
Goal: flat (RSS within 5 %, no descriptor, thread or ``None`` reference drift; the database no
bigger than once the purges began).
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

DAY_S = 86400
BATCH = 10  # loadings per batch: fewer than the default layout's free doors
STEP_TIMEOUT_S = 20.0
SAMPLES = 10
#: Growth is counted from here: the longest retention of the run (2 days, the audit log) and a
#: day of purges, after which every table has reached the size it keeps (a third of a shorter
#: run).
WARM_UP_DAYS = 3.0


@dataclass(frozen=True)
class Sample:
    day: float
    pickups: int
    rss_mb: float
    fds: int
    threads: int
    none_refs: int
    db_kb: float
    wal_kb: float
    logs_kb: float


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def size_kb(*paths: Path) -> float:
    return sum(p.stat().st_size for p in paths if p.exists()) / 1024


def sample(day: float, pickups: int, data: Path) -> Sample:
    gc.collect()
    return Sample(
        day=day,
        pickups=pickups,
        rss_mb=rss_mb(),
        fds=len(os.listdir("/proc/self/fd")),
        threads=threading.active_count(),
        none_refs=sys.getrefcount(None),
        db_kb=size_kb(data / "kiosk.sqlite3"),
        wal_kb=size_kb(data / "kiosk.sqlite3-wal"),
        logs_kb=size_kb(*(data / "logs").glob("*")),
    )


class FastTime:
    """The kiosk's wall and monotonic clocks, running the run's ``span_s`` of kiosk time over
    ``duration_s`` of real time, but never ahead of the work: the run's progress is the lesser
    of the real time's fraction and the work's (``work``, 0 to 1), so a slow machine sees the
    same week, only longer, and an idle stretch follows real time."""

    def __init__(self, span_s: float, duration_s: float) -> None:
        self.span_s, self.duration_s = span_s, duration_s
        self.work = 0.0
        self._wall0 = time.time()
        self._mono0 = time.monotonic()

    def progress(self) -> float:
        return min((time.monotonic() - self._mono0) / self.duration_s, self.work, 1.0)

    def elapsed(self) -> float:
        return self.progress() * self.span_s

    def wall(self) -> float:
        return self._wall0 + self.elapsed()

    def monotonic(self) -> float:
        return self._mono0 + self.elapsed()


@contextmanager
def central_sim() -> Iterator[str]:
    """``kiosk central-sim`` in its own process, empty but for this kiosk; yields its URL."""
    child = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "central-sim", "--port", "0", "--no-seed"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert child.stdout is not None
        line = child.stdout.readline()
        found = re.search(r"(http://127\.0\.0\.1:\d+)", line)
        if found is None:
            raise RuntimeError(f"the central simulator did not start: {line!r}")
        yield found.group(1)
    finally:
        child.terminate()
        child.wait(timeout=10)


def post(url: str, body: dict[str, Any]) -> dict[str, Any]:
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        reply: dict[str, Any] = json.loads(answer.read())
        return reply


class Soak:
    def __init__(self, app: Any, ui: Any, runtime: Any, central: str) -> None:
        self.app, self.ui, self.runtime, self.central = app, ui, runtime, central
        self._serial = 0
        self._rng = random.Random(7)
        self._used: set[str] = set()
        self._pickups = 0
        self.header_ticks = 0

    def wait(self, condition: Callable[[], bool], what: str) -> None:
        deadline = time.monotonic() + STEP_TIMEOUT_S
        while not condition():
            if time.monotonic() > deadline:
                raise TimeoutError(f"soak: {what} took longer than {STEP_TIMEOUT_S:g} s")
            self.app.processEvents()
            time.sleep(0.001)

    def release_batch(self, expires_at: str) -> dict[str, str]:
        """``BATCH`` new releases at the central system; returns dossier code → OTP."""
        otps = {}
        for _ in range(BATCH):
            self._serial += 1
            otp = f"{self._rng.randrange(10**8):08d}"
            while otp in self._used:
                otp = f"{self._rng.randrange(10**8):08d}"
            self._used.add(otp)
            code = f"000.00.07.H29-261202-{self._serial:05d}"
            post(
                f"{self.central}/admin/releases",
                {
                    "dossier_code": code,
                    "procedure_name": "Cấp giấy phép xây dựng nhà ở riêng lẻ",
                    "holder_name": "Nguyễn Văn An",
                    "phone_last_digits": "821",
                    "size_hint": "S",
                    "otp": otp,
                    "expires_at": expires_at,
                },
            )
            otps[code] = otp
        return otps

    def pulled(self, codes: list[str]) -> bool:
        marks = ",".join("?" * len(codes))
        rows = self.runtime.call(
            lambda s: s.ctx.store.query(
                f"SELECT count(*) FROM releases WHERE dossier_code IN ({marks})", codes
            )
        ).result()
        return int(rows[0][0]) == len(codes)

    def pick_up(self, otp: str, compartment: str) -> None:
        """A citizen at the screens: home → code → door open → receipt → rating skipped."""
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        from kiosk.ui.machine import Screen
        from kiosk.ui.screens.home import HomeScreen
        from kiosk.ui.screens.pickup import PickupCodeScreen
        from kiosk.ui.screens.rating import RatingScreen, ThanksScreen
        from kiosk.ui.screens.receipt import TakeReceiptScreen

        flows, window = self.ui.flows, self.ui.window
        click = Qt.MouseButton.LeftButton
        self.wait(lambda: flows.machine.current is Screen.HOME, "home screen")
        QTest.mouseClick(window.get(HomeScreen).pickup_button, click)
        self.wait(lambda: flows.machine.current is Screen.PICKUP_CODE, "code screen")
        pad = window.get(PickupCodeScreen)
        for digit in otp:
            pad.keypad.digit.emit(digit)
        QTest.mouseClick(pad.confirm, click)
        self.wait(lambda: flows.machine.current is Screen.DOOR_OPEN, "door open")
        board, lock = self.door(compartment)
        locks = self.runtime.devices.simulators.locks
        locks.set_item(board, lock, False)
        locks.close_door(board, lock)
        self.wait(lambda: flows.machine.current is Screen.TAKE_RECEIPT, "take receipt")
        QTest.mouseClick(window.get(TakeReceiptScreen).continue_button, click)
        self.wait(lambda: flows.machine.current is Screen.RATING, "rating")
        self._pickups += 1
        if self._pickups % 2:
            QTest.mouseClick(window.get(RatingScreen).skip, click)
            return
        window.get(RatingScreen).rated.emit(5)  # a face tapped: rated, then thanks
        self.wait(lambda: flows.machine.current is Screen.THANKS, "thanks")
        QTest.mouseClick(window.get(ThanksScreen).home_now, click)

    def door(self, label: str) -> tuple[int, int]:
        c = next(c for c in self.runtime.settings.locker.compartments if c.label == label)
        return int(c.board), int(c.lock)

    def week(
        self, days: float, pickups: int, duration_s: float, fast: FastTime, data: Path
    ) -> list[Sample]:
        """The run: the header clock ticking, batches of releases loaded and picked up at the
        pace that spreads ``pickups`` over ``duration_s``, samples at each tenth."""
        from kiosk.commands.demo import load_results

        clock = self.runtime.call(lambda s: s.ctx.clock).result()
        expires_at = clock.iso(clock.timestamp() + (days + 30) * DAY_S)
        samples = [sample(0.0, 0, data)]
        sampled = done = 0
        started = time.monotonic()
        while done < pickups or fast.progress() < 1.0:
            # The work is due at the real time's pace; the kiosk's clock follows the lesser.
            pace = min((time.monotonic() - started) / duration_s, 1.0)
            fast.work = done / pickups if pickups else 1.0
            if done >= pickups:
                fast.work = 1.0
            # The header clock's week of seconds (its QTimer's), at the kiosk clock's pace.
            while self.header_ticks < int(fast.progress() * days * DAY_S):
                self.ui.window._show_time()
                self.header_ticks += 1
            if done < pickups and done < pace * pickups + BATCH:
                otps = self.release_batch(expires_at)
                self.runtime.sync_now()
                self.wait(lambda c=list(otps): self.pulled(c), "pull")
                for item in load_results(self.runtime, otps, min(BATCH, pickups - done)):
                    self.pick_up(item.otp, item.compartment)
                    done += 1
                    fast.work = done / pickups
                self.runtime.sync_now()  # push the events
                self.forget_simulator_records()
            else:
                self.app.processEvents()
                time.sleep(0.01)
            # A sample at each tenth of the run; a batch that crosses two tenths gives one.
            tenth = int(fast.progress() * SAMPLES)
            if tenth > sampled:
                sampled = tenth
                samples.append(sample(fast.elapsed() / DAY_S, done, data))
        while self.header_ticks < int(days * DAY_S):
            self.ui.window._show_time()
            self.header_ticks += 1
        return samples

    def forget_simulator_records(self) -> None:
        """What the device simulators keep for tests (frames, receipts) is not the kiosk's."""
        sims = self.runtime.devices.simulators
        del sims.locks.received[:]
        del sims.printer.received[:]
        del sims.printer.receipts[:]


def soak_settings(tmp: str, url: str) -> Any:
    """The default configuration, with the central simulator's URL, retention short enough
    to purge several times in a week, and doors polled often (as in the UI tests)."""
    from kiosk.config_loader import load_settings

    base = load_settings(None).model_copy(update={"data_dir": tmp})
    retention = base.retention.model_copy(
        update={
            "closed_records_days": 1,
            "sent_events_days": 1,
            "audit_days": 2,
            # Every 3 real seconds: a few simulated hours apart at a week in minutes.
            "purge_interval_min": 0.05,
        }
    )
    central = base.central.model_copy(update={"url": url})
    bus = base.devices.lock_bus.model_copy(
        update={"poll_interval_ms": 20, "unlock_readback_delay_ms": 0}
    )
    devices = base.devices.model_copy(update={"lock_bus": bus})
    return base.model_copy(update={"retention": retention, "central": central, "devices": devices})


TABLES = ("releases", "results", "dropoffs", "door_intents", "outbox", "audit", "alarms")


def soak(days: float, pickups: int, duration_s: float) -> list[Sample]:
    from kiosk.clock import Clock
    from kiosk.logs import log_service
    from kiosk.runtime import KioskRuntime
    from kiosk.store import audit
    from kiosk.ui.app import SCREEN_SIZE, build_ui, qt_app

    fast = FastTime(days * DAY_S, duration_s)
    app = qt_app(["soak"])
    with tempfile.TemporaryDirectory() as tmp, central_sim() as url:
        settings = soak_settings(tmp, url)
        log_service(settings, "kiosk")  # the rotated files a kiosk writes, at INFO
        logging.getLogger().setLevel(logging.INFO)
        clock = Clock(wall=fast.wall, monotonic=fast.monotonic)
        runtime = KioskRuntime.build(settings, clock)
        runtime.start()
        ui = build_ui(runtime)
        ui.window.resize(*SCREEN_SIZE)
        ui.window.show()
        try:
            run = Soak(app, ui, runtime, url)
            samples = run.week(days, pickups, duration_s, fast, Path(tmp))

            def counts(services: Any) -> str:
                conn = services.ctx.store.conn
                verify = audit.verify(conn, services.ctx.store.device_key)
                rows = [
                    f"{t} {conn.execute(f'SELECT count(*) FROM {t}').fetchone()[0]}" for t in TABLES
                ]
                return f"rows at the end: {', '.join(rows)}\naudit: {verify.text()}"

            print(runtime.call(counts).result())
            print(f"header clock ticks: {run.header_ticks:,}")
        finally:
            ui.close()
            runtime.stop()
    return samples


def warmed_up(samples: list[Sample], days: float) -> Sample:
    limit = min(WARM_UP_DAYS, days / 3)
    return next((s for s in samples if s.day >= limit), samples[-1])


def growth(samples: list[Sample], days: float) -> str:
    warm, last = warmed_up(samples, days), samples[-1]
    rss = (last.rss_mb - warm.rss_mb) / warm.rss_mb * 100
    lines = [
        f"growth after warm-up (day {warm.day:.1f} → {last.day:.1f}):",
        f"  RSS {warm.rss_mb:.1f} → {last.rss_mb:.1f} MB ({rss:+.1f} %, goal within 5 %:"
        f" {'met' if abs(rss) <= 5 else 'MISSED'})",
        f"  open fds {warm.fds} → {last.fds}, threads {warm.threads} → {last.threads},"
        f" refcount(None) {warm.none_refs} → {last.none_refs}",
        f"  database {warm.db_kb:.0f} → {last.db_kb:.0f} KiB, WAL {warm.wal_kb:.0f} →"
        f" {last.wal_kb:.0f} KiB, logs {warm.logs_kb:.0f} → {last.logs_kb:.0f} KiB",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1 day, 40 pickups, in 30 s")
    parser.add_argument("--days", type=float, help="simulated days (default 7)")
    parser.add_argument("--pickups", type=int, help="loadings and pickups (default 1000)")
    parser.add_argument("--seconds", type=float, help="wall time to spread them over")
    args = parser.parse_args(argv)
    days = args.days or (1.0 if args.quick else 7.0)
    pickups = args.pickups or (40 if args.quick else 1000)
    seconds = args.seconds or (30.0 if args.quick else 240.0)
    started = time.monotonic()
    samples = soak(days, pickups, seconds)
    print(
        f"{days:g} simulated days, {pickups} loadings and pickups, in"
        f" {time.monotonic() - started:.0f} s"
    )
    print(" day  pickups  RSS MB  fds  threads  refcount(None)  db KiB  WAL KiB  logs KiB")
    for s in samples:
        print(
            f"{s.day:4.1f}  {s.pickups:7d}  {s.rss_mb:6.1f}  {s.fds:3d}  {s.threads:7d}"
            f"  {s.none_refs:14d}  {s.db_kb:6.0f}  {s.wal_kb:7.0f}  {s.logs_kb:8.0f}"
        )
    print(growth(samples, days))
    warm, last = warmed_up(samples, days), samples[-1]
    # A descriptor or two open at the moment of sampling (an HTTP connection, a WAL reader)
    # is not drift; more is.
    flat = (
        abs(last.rss_mb - warm.rss_mb) <= 0.05 * warm.rss_mb
        and last.fds <= warm.fds + 2
        and last.threads <= warm.threads
    )
    return 0 if flat else 1


if __name__ == "__main__":
    sys.exit(main())
