"""Return home when nobody touches the screen: a countdown for the last seconds, then home.

Any press or touch anywhere in the application restarts the wait (an application-wide event
filter), so every screen gets the same rule without doing anything.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Signal
from typing_extensions import override

from kiosk.ui.timers import Timer

TOUCH = frozenset(
    {
        QEvent.Type.MouseButtonPress,
        QEvent.Type.TouchBegin,
        QEvent.Type.KeyPress,
        QEvent.Type.Wheel,
    }
)


class IdleWatch(QObject):
    countdown = Signal(int)  # whole seconds left; emitted each second in the last seconds
    touched = Signal()  # someone touched the screen during the countdown
    expired = Signal()

    def __init__(self, idle_s: float, countdown_s: float, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._idle_ms = int(idle_s * 1000)
        self._countdown_s = max(int(countdown_s), 0)
        self._quiet = Timer(self, slot=self._start_countdown)
        self._tick = Timer(self, 1000, self._count, repeat=True)
        self._left = 0
        self.armed = False

    def set_times(self, idle_s: float, countdown_s: float) -> None:
        """How long untouched before home, and the countdown's share of it (longer in the
        accessible mode); the wait under way starts again with them."""
        self._idle_ms = int(idle_s * 1000)
        self._countdown_s = max(int(countdown_s), 0)
        if self._quiet.active or self._tick.active:
            self.poke()

    def arm(self, armed: bool) -> None:
        """Watch (a citizen screen) or not (home, a door open, the kiosk working)."""
        self.armed = armed
        self.poke()

    def poke(self) -> None:
        counting = self._tick.active
        self._tick.stop()
        self._quiet.stop()
        if counting:
            self.touched.emit()
        if self.armed:
            self._quiet.start(max(self._idle_ms - self._countdown_s * 1000, 0))

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in TOUCH:
            self.poke()
        return False

    def _start_countdown(self) -> None:
        self._left = self._countdown_s
        if self._left <= 0:
            self.expired.emit()
            return
        self.countdown.emit(self._left)
        self._tick.start()

    def _count(self) -> None:
        self._left -= 1
        if self._left > 0:
            self.countdown.emit(self._left)
            return
        self._tick.stop()
        self.expired.emit()
