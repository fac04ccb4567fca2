"""``kiosk demo``: the whole kiosk on this machine with no configuration.

Simulated lock boards, printer and scanner; the central simulator in-process with its demo
data (the OTPs are printed to this console, and only here); a few results loaded into
compartments through the real services, as staff would, so pickups work at once; and a small
simulator window (top right) to scan a QR, open or close a door, put papers in or take them
out, switch faults on (the central system offline too) and see the printed receipts.
"""

from __future__ import annotations

import argparse
import ctypes.util
import logging
import os
import sys
import tempfile
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.commands.common import settings_from
from kiosk.settings import Settings

if TYPE_CHECKING:
    from hub.sim.phones import Phones
    from hub.sim.simulator import CentralSimulator
    from kiosk.clock import Clock
    from kiosk.runtime import KioskRuntime
    from kiosk.services.core import Services
    from kiosk.services.doors import DoorGrant

log = logging.getLogger(__name__)

DEMO_STAFF = "staff:demo"
LOADED_RESULTS = 6
LOAD_TIMEOUT_S = 10.0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("demo", help="run the whole kiosk here with simulated devices")
    p.add_argument(
        "--data-dir",
        type=Path,
        help=(
            "keep the demo's database here (default: KIOSK_DATA_DIR or the configured data_dir,"
            " else a new temporary directory)"
        ),
    )
    p.add_argument("--windowed", action="store_true", help="a window instead of full screen")
    p.set_defaults(func=run)


@dataclass(frozen=True)
class Loaded:
    """A result the demo put in a compartment, and the code that opens it."""

    dossier_code: str
    otp: str
    compartment: str

    @property
    def qr(self) -> str:
        return f"DATM1|{self.dossier_code}|{self.otp}"


@dataclass
class Demo:
    runtime: KioskRuntime
    loaded: list[Loaded]
    central: CentralSimulator
    phones: Phones | None = None  # where the central system's SMS arrive, if they are sent

    @property
    def sheet(self) -> str:
        return self.central.seed_sheet(self.runtime.settings.kiosk.id)


def start_demo(
    settings: Settings,
    *,
    results: int = LOADED_RESULTS,
    pin_iterations: int | None = None,
    clock: Clock | None = None,
    phones: Phones | None = None,
) -> Demo:
    """Central simulator, devices, runtime (started), releases pulled, ``results`` loaded.

    ``pin_iterations``: PBKDF2 iterations of the seeded staff PINs (fewer for tests: the
    contract's 600,000 take most of a second to seed). ``clock``: the kiosk's (a test's
    ``FakeClock``), else the real one. ``phones``: where the simulator sends the citizens'
    SMS (the window's "SMS" tab); none are sent without."""
    from drivers.registry import build_devices
    from hub.sim import start_central_sim
    from kiosk.runtime import KioskRuntime

    server = (
        start_central_sim(phones=phones)
        if pin_iterations is None
        else start_central_sim(pin_iterations=pin_iterations, phones=phones)
    )
    central = settings.central.model_copy(update={"url": server.url})
    settings = settings.model_copy(update={"central": central})
    devices = build_devices(settings.devices, settings.locker.boards())
    runtime = KioskRuntime(settings, devices, clock, on_stop=server.stop)
    try:
        runtime.start()
        runtime.call(pull_now).result()
        loaded = load_results(runtime, server.sim.seed_otps, results)
    except BaseException:
        runtime.stop()
        raise
    return Demo(runtime, loaded, server.sim, phones)


def pull_now(services: Services) -> None:
    """One sync cycle without heartbeat, on the services thread: the releases are here after."""
    from sync.agent import SyncAgent

    ctx = services.ctx
    report = SyncAgent(ctx.store, ctx.settings, ctx.clock, ctx.hasher).run_once(heartbeat=False)
    if not report.ok:
        log.warning("demo: first sync incomplete: %s", report.first_error)


def _begin_load(services: Services, release_id: str) -> DoorGrant:
    return services.staff_doors.begin_load(release_id, DEMO_STAFF)


def load_results(runtime: KioskRuntime, otps: dict[str, str], count: int) -> list[Loaded]:
    """Load ``count`` of the released results whose codes ``otps`` knows, the way staff do:
    the door opens, the envelope goes in (the simulated item sensor), the door closes; the
    services record it."""
    from drivers.locks.sim import LockBoardSimulator
    from kiosk.runtime import DoorNotice, DoorNoticeKind
    from kiosk.services import releases

    if count == 0:  # nothing to load: no simulated doors needed (a kiosk without its locks)
        return []
    sims = runtime.devices.simulators
    assert sims is not None and isinstance(sims.locks, LockBoardSimulator)
    locks = sims.locks
    held = runtime.call(lambda s: releases.released_ids(s.ctx.store.conn)).result()
    closed: dict[str, threading.Event] = {}

    def on_door(notice: DoorNotice) -> None:
        if notice.kind is DoorNoticeKind.CLOSED and notice.compartment in closed:
            closed[notice.compartment].set()

    runtime.add_door_listener(on_door)
    loaded = []
    known = [(release_id, code) for release_id, code in held if code in otps]
    for release_id, code in known[:count]:
        begin = partial(_begin_load, release_id=release_id)
        outcome = runtime.open_granted(begin).result()
        grant = outcome.grant
        if not outcome.opened:
            raise RuntimeError(f"demo: door {grant.compartment} did not open for loading")
        closed[grant.compartment] = threading.Event()
        locks.set_item(grant.board, grant.lock, True)
        locks.close_door(grant.board, grant.lock)
        if not closed[grant.compartment].wait(LOAD_TIMEOUT_S):
            raise RuntimeError(f"demo: door {grant.compartment} was not seen closing")
        loaded.append(Loaded(code, otps[code], grant.compartment))
    return loaded


NO_DISPLAY = """kiosk demo: no display for its windows (DISPLAY and WAYLAND_DISPLAY are unset).
Run it from a desktop session, or under a virtual X display:
    xvfb-run -a -s '-screen 0 1920x1080x24' .venv/bin/kiosk demo --windowed
(Debian: apt-get install xvfb). The screens without a display: .venv/bin/kiosk screenshots DIR"""
NO_XCB_CURSOR = """kiosk demo: Qt's xcb platform needs libxcb-cursor0, which this machine lacks.
Install what a window needs: sudo bash scripts/setup.sh (or apt-get install libxcb-cursor0
libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxkbcommon-x11-0)"""


def display_problem(env: Mapping[str, str]) -> str | None:
    """Why Qt could not open a window here (it would abort with SIGABRT), or None.

    A platform chosen with ``QT_QPA_PLATFORM`` (``offscreen`` for tests) is the caller's call."""
    if env.get("QT_QPA_PLATFORM"):
        return None
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        return NO_DISPLAY
    if not env.get("WAYLAND_DISPLAY") and ctypes.util.find_library("xcb-cursor") is None:
        return NO_XCB_CURSOR
    return None


def demo_data_dir(args: argparse.Namespace, settings: Settings) -> Path:
    """``--data-dir``, else the configured one (``KIOSK_DATA_DIR``), else a new temporary one."""
    if args.data_dir is not None:
        return Path(args.data_dir)
    if settings.data_dir:
        return Path(settings.data_dir)
    return Path(tempfile.mkdtemp(prefix="atm-ho-so-demo-"))


def run(args: argparse.Namespace) -> int:
    problem = display_problem(os.environ)
    if problem is not None:
        log.error("demo not started: %s", problem.splitlines()[0])
        print(problem, file=sys.stderr)
        return 1

    from PySide6.QtWidgets import QApplication

    from hub.sim.phones import Phones
    from kiosk.ui.app import SCREEN_SIZE, build_ui, qt_app
    from kiosk.ui.simpanel import SimulatorPanel, corner

    settings = settings_from(args)
    data_dir = demo_data_dir(args, settings)
    settings = settings.model_copy(update={"data_dir": str(data_dir)})
    app: QApplication = qt_app(["kiosk-demo"])
    demo = start_demo(settings, phones=Phones())
    runtime = demo.runtime
    print(demo.sheet)
    print("\nLoaded into the locker now (type the OTP, or use the simulator window's buttons):")
    for item in demo.loaded:
        print(f"  {item.compartment}  {item.dossier_code}  OTP {item.otp}")
    print(f"\nData directory: {data_dir}", flush=True)
    try:
        ui = build_ui(runtime)
        badges = [person.badge for person in demo.central.seed_staff]
        panel = SimulatorPanel(
            runtime, demo.loaded, badges=badges, central=demo.central, phones=demo.phones
        )
        if args.windowed:
            ui.window.resize(*SCREEN_SIZE)
            ui.window.show()
        else:
            ui.window.showFullScreen()
        # After the kiosk, in its top-right corner: on top with or without a window manager.
        panel.show()
        screen = ui.window.screen().availableGeometry()
        panel.move(*corner(ui.window.frameGeometry() & screen, panel.frameGeometry().width()))
        panel.raise_()
        try:
            return app.exec()
        finally:
            ui.close()
    finally:
        runtime.stop()
