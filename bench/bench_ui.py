"""Citizen UI benchmarks: the real runtime, drivers against the simulators, the central
simulator over loopback, the Qt UI offscreen (unless QT_QPA_PLATFORM says otherwise).

    .venv/bin/python -m bench.bench_ui

Prints (docs/benchmarks.md, "UI"):
- cold start to the home screen: a new process, from its start to the home screen painted,
  as ``kiosk run`` does it (central simulator, devices, runtime, UI); and its RSS then
- a scripted pickup: the time from tapping "Xác nhận" to the door-open screen and to the
  receipt handed to the printer: goal ≤ 1 s
- the longest stall of the Qt event loop while the sync agent pulls 10,000 releases in the
  same process: goal ≤ 50 ms
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench.late_ticks import LateTicks

if TYPE_CHECKING:
    from hub.sim import CentralSimulator
    from kiosk.commands.demo import Demo
    from kiosk.ui.app import CitizenUi

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PICKUPS = 5
RELEASES = 10_000
CHILD_FLAG = "--cold-start-child"


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cold_start_child() -> int:
    """Runs in a fresh process: start like ``kiosk run`` and say when home is on screen."""
    from PySide6.QtCore import QTimer

    from kiosk.commands import central
    from kiosk.config_loader import load_settings
    from kiosk.runtime import KioskRuntime
    from kiosk.ui.app import SCREEN_SIZE, build_ui, qt_app

    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(None).model_copy(update={"data_dir": tmp})
        app = qt_app(["bench"])
        settings, stop_central = central.resolve(settings)  # sim:, as `kiosk run` starts it
        runtime = KioskRuntime.build(settings, on_stop=stop_central)
        runtime.start()
        ui = build_ui(runtime)
        ui.window.resize(*SCREEN_SIZE)
        ui.window.show()

        def shown() -> None:
            ui.window.grab()  # the home screen, painted
            print(f"HOME {rss_mb():.1f}", flush=True)
            app.quit()

        QTimer.singleShot(0, shown)
        app.exec()
        runtime.stop()
    return 0


def cold_start() -> tuple[float, float]:
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "bench.bench_ui", CHILD_FLAG],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert child.stdout is not None
    for line in child.stdout:
        if line.startswith("HOME "):
            elapsed = time.perf_counter() - started
            rss = float(line.split()[1])
            break
    else:
        raise RuntimeError("the child never showed the home screen")
    child.wait(timeout=30)
    return elapsed, rss


def wait(app: object, condition: object, timeout_s: float = 10.0) -> None:
    from PySide6.QtWidgets import QApplication

    assert isinstance(app, QApplication) and callable(condition)
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("benchmark step took too long")
        app.processEvents()
        time.sleep(0.0005)


def pickups_and_stall() -> tuple[list[float], list[float], float, float]:
    from kiosk.commands.demo import start_demo
    from kiosk.config_loader import load_settings
    from kiosk.ui.app import SCREEN_SIZE, build_ui, qt_app

    app = qt_app(["bench"])
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(None).model_copy(update={"data_dir": tmp})
        demo = start_demo(settings, results=PICKUPS)
        try:
            ui = build_ui(demo.runtime)
            ui.window.resize(*SCREEN_SIZE)
            ui.window.show()
            to_door, to_receipt = time_pickups(app, demo, ui)
            ticks, pull_s = time_stall(app, demo)
        finally:
            demo.runtime.stop()
        ui.window.close()
    return to_door, to_receipt, ticks.longest_ms, pull_s


def time_pickups(app: Any, demo: Demo, ui: CitizenUi) -> tuple[list[float], list[float]]:
    """Type each loaded result's OTP, tap confirm, time the door screen and the receipt."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from kiosk.ui.machine import Screen
    from kiosk.ui.screens.home import HomeScreen
    from kiosk.ui.screens.pickup import PickupCodeScreen
    from kiosk.ui.screens.rating import RatingScreen
    from kiosk.ui.screens.receipt import TakeReceiptScreen

    flows, window, settings = ui.flows, ui.window, demo.runtime.settings
    sims = demo.runtime.devices.simulators
    assert sims is not None and sims.locks is not None
    locks = sims.locks
    to_door, to_receipt = [], []
    marks: dict[str, float] = {}

    def entered(screen: Screen) -> None:
        if screen is Screen.DOOR_OPEN:
            marks.setdefault("door", time.perf_counter())

    flows.machine.entered.connect(entered)
    flows.receipt_queued.connect(lambda _: marks.setdefault("receipt", time.perf_counter()))
    for item in demo.loaded:
        marks.clear()
        QTest.mouseClick(window.get(HomeScreen).pickup_button, Qt.MouseButton.LeftButton)
        wait(app, lambda: flows.machine.current is Screen.PICKUP_CODE)
        pad = window.get(PickupCodeScreen)
        for digit in item.otp:
            pad.keypad.digit.emit(digit)
        started = time.perf_counter()
        QTest.mouseClick(pad.confirm, Qt.MouseButton.LeftButton)
        wait(app, lambda: "door" in marks and "receipt" in marks)
        to_door.append(marks["door"] - started)
        to_receipt.append(marks["receipt"] - started)
        board, lock = next(
            (c.board, c.lock) for c in settings.locker.compartments if c.label == item.compartment
        )
        locks.set_item(board, lock, False)
        locks.close_door(board, lock)
        wait(app, lambda: flows.machine.current is Screen.TAKE_RECEIPT)
        QTest.mouseClick(window.get(TakeReceiptScreen).continue_button, Qt.MouseButton.LeftButton)
        QTest.mouseClick(window.get(RatingScreen).skip, Qt.MouseButton.LeftButton)
    return to_door, to_receipt


def seed_releases(sim: CentralSimulator, kiosk_id: str, releases: int) -> None:
    """``releases`` results released in one transaction (the simulator's bulk path)."""
    sim.release_many(
        kiosk_id,
        (
            {
                "dossier_code": f"000.00.07.H29-251124-{n:05d}",
                "procedure_name": "Cấp giấy phép xây dựng nhà ở riêng lẻ",
                "holder_name": "Nguyễn Văn An",
                "phone_last_digits": "821",
                "size_hint": "M",
            }
            for n in range(releases)
        ),
    )


def time_stall(
    app: Any, demo: Demo, releases: int = RELEASES, central_url: str | None = None
) -> tuple[LateTicks, float]:
    """The sync agent, on its own thread with its own connection (as the runtime runs it),
    pulls ``releases`` releases while the event loop ticks; the longest late tick is the
    stall. Returns (the ticks, seconds the pull took).

    ``central_url``: a central system (in another process) that already holds them, pulled from
    the beginning; else they are released by the demo's simulator, in this process."""
    from kiosk.services.core import open_store
    from kiosk.services.otp_key import OtpHasher, load_or_create_device_key
    from kiosk.store import kv
    from sync.agent import SyncAgent

    runtime = demo.runtime
    if central_url is None:
        seed_releases(demo.central, runtime.settings.kiosk.id, releases)
    else:

        def forget_cursor(services: Any) -> None:
            with services.ctx.store.transaction() as conn:
                kv.delete(conn, kv.Key.RELEASES_CURSOR)
                kv.delete(conn, kv.Key.RELEASES_ETAG)

        runtime.call(forget_cursor).result()
    hasher = OtpHasher(load_or_create_device_key(runtime.settings.data_path()))
    sync_clock = runtime.call(lambda s: s.ctx.clock).result()
    outcome: list[str] = []

    def run_pull() -> None:
        agent = SyncAgent(
            lambda: open_store(runtime.settings),
            runtime.settings,
            sync_clock,
            hasher,
            base_url=central_url,
        )
        try:
            report = agent.run_once(heartbeat=False)
            outcome.append("ok" if report.ok else report.first_error)
        finally:
            agent.store.close()

    pull = threading.Thread(target=run_pull, name="sync")
    ticks = LateTicks()
    ticks.start()
    started = time.perf_counter()
    pull.start()
    wait(app, lambda: not pull.is_alive(), timeout_s=120)
    pull_s = time.perf_counter() - started
    ticks.stop()
    if outcome != ["ok"]:
        raise RuntimeError(f"the pull failed: {outcome}")
    pulled = runtime.call(lambda s: s.ctx.store.query("SELECT count(*) FROM releases")).result()[0][
        0
    ]
    if pulled < releases:
        raise RuntimeError(f"only {pulled} releases pulled")
    return ticks, pull_s


def report(what: str, value: float, goal: float | None, unit: str) -> int:
    verdict = ""
    if goal is not None:
        verdict = f"  goal ≤ {goal:g} {unit}: {'met' if value <= goal else 'MISSED'}"
    print(f"{what:<58} {value:9.1f} {unit}{verdict}")
    return int(goal is not None and value > goal)


def main() -> int:
    if CHILD_FLAG in sys.argv:
        return cold_start_child()
    cold_s, rss = cold_start()
    to_door, to_receipt, stall_ms, pull_s = pickups_and_stall()
    failures = 0
    failures += report("cold start to the home screen", cold_s * 1000, None, "ms")
    failures += report("RSS with the home screen shown", rss, None, "MB")
    failures += report(
        f"pickup: confirm → door-open screen (max of {PICKUPS})", max(to_door) * 1000, None, "ms"
    )
    failures += report(
        f"pickup: confirm → receipt queued (max of {PICKUPS})", max(to_receipt) * 1000, 1000, "ms"
    )
    print(
        f"{'  (median confirm → receipt queued)':<58} "
        f"{statistics.median(to_receipt) * 1000:9.1f} ms"
    )
    failures += report(
        f"longest event-loop stall, sync pulling {RELEASES:,} releases", stall_ms, 50, "ms"
    )
    print(f"{'  (the pull itself took)':<58} {pull_s:9.1f} s")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
