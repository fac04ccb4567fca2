"""The UI's timers, on the kiosk's clock.

Every wait the UI times (the idle countdown, the "please wait" deadline, the door's reminder
and grace, the staff session's limit, the countdown of a wait a refusal started, the thanks
before home) is a ``Timer`` from here, so that all of them follow one clock: the kiosk's real
clock, where each is a QTimer, or a ``FakeClock`` (tests, benchmarks), where they fire as the
clock is advanced, in the order of their deadlines, so that a two-minute wait takes no time to
test. ``build_ui`` puts the runtime's clock under the timers made after it (``use_clock``).
Polls that only refresh what a screen shows (the header's clock, the technician's screens, the
simulator panel) and the systemd watchdog's ping, which systemd times in real seconds, keep
plain QTimers.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from kiosk.clock import Clock, FakeClock


class _Bound:
    clock: Clock | None = None  # None: the real monotonic time, as QTimer keeps it


def use_clock(clock: Clock | None) -> None:
    """Timers made from now on run on ``clock`` (None: the real time again)."""
    _Bound.clock = clock


def monotonic() -> float:
    """Now, on the timers' clock: for a deadline a countdown shows."""
    clock = _Bound.clock
    return clock.monotonic() if clock is not None else time.monotonic()


class Timer(QObject):
    """A single-shot (or, with ``repeat``, repeating) timer on the clock of its making."""

    timeout = Signal()

    def __init__(
        self,
        parent: QObject,
        interval_ms: int = 0,
        slot: Callable[[], None] | None = None,
        *,
        repeat: bool = False,
    ) -> None:
        super().__init__(parent)
        self._interval_ms = interval_ms
        self._repeat = repeat
        self._fake = _Bound.clock if isinstance(_Bound.clock, FakeClock) else None
        self._cancel: Callable[[], None] | None = None
        self._qt: QTimer | None = None
        if self._fake is None:
            self._qt = QTimer(self)
            # Precise: a coarse timer may fire 5 % early, and a countdown's retry that early is
            # refused again by the service ("wait 0 s").
            self._qt.setTimerType(Qt.TimerType.PreciseTimer)
            self._qt.setSingleShot(not repeat)
            self._qt.setInterval(interval_ms)
            self._qt.timeout.connect(self.timeout)
        if slot is not None:
            self.timeout.connect(slot)

    def set_interval(self, ms: int) -> None:
        """The next start's interval; a running timer starts again with it (as QTimer does)."""
        self._interval_ms = ms
        if self._qt is not None:
            self._qt.setInterval(ms)
        elif self.active:
            self.start()

    def start(self, ms: int | None = None) -> None:
        """Start, or start again from now (with ``ms`` as the interval from now on)."""
        if ms is not None:
            self._interval_ms = ms
        if self._qt is not None:
            self._qt.start(self._interval_ms)
            return
        self.stop()
        self._arm()

    def stop(self) -> None:
        if self._qt is not None:
            self._qt.stop()
        elif self._cancel is not None:
            self._cancel()
            self._cancel = None

    @property
    def active(self) -> bool:
        return self._qt.isActive() if self._qt is not None else self._cancel is not None

    def _arm(self) -> None:
        assert self._fake is not None
        due = self._fake.monotonic() + self._interval_ms / 1000
        self._cancel = self._fake.call_at(due, self._fire)

    def _fire(self) -> None:
        self._cancel = None
        if self._repeat:
            self._arm()
        self.timeout.emit()
