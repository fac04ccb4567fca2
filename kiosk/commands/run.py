"""``kiosk run``: the production kiosk, from the configuration.

Full screen, no window decorations, no cursor, and no way to the desktop from the touch
screen: the window refuses to close until the process is told to stop (SIGTERM from the
service manager, or SIGINT from a technician's console). Under systemd (``Type=notify``) it
reports ready when the home screen is up and pings the watchdog while it is alive
(``kiosk.ui.systemd_service``). ``--no-sync`` leaves syncing to the sync agent's own service.

A damaged database (SQLite's quick check at start-up fails), or one from a newer release
(a rollback that kept the upgraded file), leaves the kiosk showing "out of service", serving
nobody and opening nothing, until a technician repairs it; every other command exits 2 then.
"""

from __future__ import annotations

import argparse
import gc
import logging
import os
import signal
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.commands.common import settings_from
from kiosk.errors import DatabaseDamaged, DatabaseTooNew

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from kiosk.sd_notify import ServiceNotifier
    from kiosk.ui.window import KioskWindow

log = logging.getLogger(__name__)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("run", help="start the kiosk (full screen, for production)")
    p.add_argument(
        "--no-sync",
        action="store_true",
        help="do not sync in this process: the sync agent runs as its own service (kiosk sync)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kiosk.commands import central
    from kiosk.logs import log_service
    from kiosk.runtime import KioskRuntime
    from kiosk.sd_notify import ServiceNotifier
    from kiosk.ui.app import build_ui, qt_app
    from kiosk.ui.systemd_service import out_of_service_window

    settings = settings_from(args)
    log_service(settings, "kiosk")
    notifier = ServiceNotifier()
    app = qt_app(["kiosk"])
    settings, stop_central = central.resolve(settings)
    runtime = KioskRuntime.build(settings, on_stop=stop_central)
    try:
        try:
            decisions = runtime.start(with_sync=not args.no_sync)
        except (DatabaseDamaged, DatabaseTooNew) as exc:
            # Out of service, not an exit: cage and systemd would restart it in a loop.
            log.critical("%s", exc)
            window = out_of_service_window(settings)
            return _serve(app, window, notifier, lambda: True, f"OUT OF SERVICE: {exc}")
        for line in decisions:
            log.warning("after restart: %s", line)
        ui = build_ui(runtime, config_path=config_file(args))
        settle_heap()
        try:
            return _serve(app, ui.window, notifier, runtime.services_responsive, "home screen up")
        finally:
            ui.close()
    finally:
        runtime.stop()
        notifier.close()


def config_file(args: argparse.Namespace) -> Path | None:
    """The configuration file the kiosk runs with (``--config`` or ``KIOSK_CONFIG``)."""
    from kiosk.config_loader import CONFIG_ENV

    name = getattr(args, "config", None) or os.environ.get(CONFIG_ENV)
    return Path(name) if name else None


def settle_heap() -> None:
    """Take what start-up built out of the garbage collector's reach (``gc.freeze``).

    The UI, the services and the modules they import live as long as the process. Left in the
    collector's oldest generation, every full collection walks all of them while holding the
    GIL, and a full collection set off by the sync agent's allocations on its own thread stops
    the Qt event loop with it: 75–124 ms while a 100,000-release pull runs (issue 11).
    Collected first, so that no start-up garbage is kept for good."""
    gc.collect()
    gc.freeze()


def _serve(
    app: QApplication,
    window: KioskWindow,
    notifier: ServiceNotifier,
    alive: Callable[[], bool],
    status: str,
) -> int:
    """Show ``window`` as the only thing on the screen until SIGTERM or SIGINT."""
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtGui import QCursor

    from kiosk.ui.systemd_service import ServiceHeartbeat, announce_ready

    window.setWindowFlags(Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint)
    app.setOverrideCursor(QCursor(Qt.CursorShape.BlankCursor))
    window.showFullScreen()
    window.closable = False

    def stop(signum: int, _frame: object) -> None:
        # Only flags here: a signal handler runs between any two bytecodes of the main thread,
        # perhaps inside the notifier's own send.
        log.info("signal %s: stopping the kiosk", signum)
        window.closable = True
        app.quit()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    # Python runs signal handlers only between bytecodes: wake the interpreter now and then.
    wake = QTimer()
    wake.start(250)
    wake.timeout.connect(lambda: None)
    heartbeat = ServiceHeartbeat(notifier, alive)
    announce_ready(notifier, status)
    try:
        return app.exec()
    finally:
        notifier.stopping("stopping")
        heartbeat.timer.stop()
        wake.stop()
