"""``kiosk run``: the production kiosk, from the configuration.

Full screen, no window decorations, no cursor, and no way to the desktop from the touch
screen: the window refuses to close until the process is told to stop (SIGTERM from the
service manager, or SIGINT from a technician's console).
"""

from __future__ import annotations

import argparse
import logging
import signal

from kiosk.commands.common import settings_from

log = logging.getLogger(__name__)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("run", help="start the kiosk (full screen, for production)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtGui import QCursor

    from kiosk.runtime import KioskRuntime
    from kiosk.ui.app import build_ui, qt_app

    settings = settings_from(args)
    app = qt_app(["kiosk"])
    runtime = KioskRuntime.build(settings)
    try:
        for line in runtime.start():
            log.warning("after restart: %s", line)
        ui = build_ui(runtime)
        window = ui.window
        window.setWindowFlags(
            Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint
        )
        app.setOverrideCursor(QCursor(Qt.CursorShape.BlankCursor))
        window.showFullScreen()
        window.closable = False

        def stop(signum: int, _frame: object) -> None:
            log.info("signal %s: stopping the kiosk", signum)
            window.closable = True
            app.quit()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        # Python runs signal handlers only between bytecodes: wake the interpreter now and then.
        wake = QTimer()
        wake.start(250)
        wake.timeout.connect(lambda: None)
        try:
            return app.exec()
        finally:
            ui.close()
    finally:
        runtime.stop()
