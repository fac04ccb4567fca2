"""The kiosk window as a systemd service, and the window for a kiosk that cannot serve.

READY=1 goes out once the home screen is on the glass; WATCHDOG=1 comes from a timer on the UI
thread, so it stops when the event loop hangs, and only while the services thread answers too
(``KioskRuntime.services_responsive``): a frozen screen or a stuck door command both end in a
restart by systemd.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

from kiosk.sd_notify import ServiceNotifier, WatchdogPinger
from kiosk.services.availability import Availability
from kiosk.settings import Settings
from kiosk.ui.app import languages_for
from kiosk.ui.screens.refusals import OutOfServiceScreen
from kiosk.ui.window import KioskWindow


class ServiceHeartbeat(QObject):
    """Pings the watchdog from the UI thread while ``alive()`` says the rest is alive."""

    def __init__(
        self, notifier: ServiceNotifier, alive: Callable[[], bool], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._pinger = WatchdogPinger(notifier)
        self._alive = alive
        self.timer = QTimer(self)
        period = self._pinger.period_s
        if period is not None:
            # Twice per ping period: one late tick still pings in time.
            self.timer.setInterval(max(int(period * 500), 10))
            self.timer.timeout.connect(self._tick)
            self.timer.start()

    def _tick(self) -> None:
        if self._alive():
            self._pinger.alive()


def announce_ready(notifier: ServiceNotifier, status: str) -> None:
    """READY=1 at the event loop's first turn, when the shown window has been painted."""
    QTimer.singleShot(0, lambda: notifier.ready(status))


def out_of_service_window(settings: Settings) -> KioskWindow:
    """The kiosk window showing only "out of service", every service stopped and no buttons:
    for a kiosk whose database cannot be trusted (it cannot say which door holds what)."""
    window = KioskWindow(settings, languages_for(settings))
    screen = window.get(OutOfServiceScreen)
    screen.show_availability(Availability(pickup=False, dropoff=False, online=False))
    screen.lookup_button.hide()
    screen.back.hide()
    window.display(screen.kind)
    return window
