"""The runtime's answers and events, brought to the UI thread as Qt signals.

The runtime completes ``Future``s and calls listeners on its worker threads. Emitting a signal
of an object that lives on the UI thread from another thread queues the call, so every callback
below runs on the UI thread (the Anki taskman pattern): no widget is touched from a worker.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal

from kiosk.runtime import KioskRuntime

log = logging.getLogger(__name__)

T = TypeVar("T")


class RuntimeBridge(QObject):
    door = Signal(object)  # kiosk.runtime.DoorNotice
    scanned = Signal(str)
    _finished = Signal(object, object, object)  # Future, on_done, on_error

    def __init__(self, runtime: KioskRuntime, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runtime = runtime
        self._finished.connect(self._deliver)
        runtime.add_door_listener(self.door.emit)
        runtime.add_scan_listener(self.scanned.emit)

    def when_done(
        self,
        future: Future[T],
        on_done: Callable[[T], None],
        on_error: Callable[[BaseException], None],
    ) -> None:
        """Call ``on_done(result)`` or ``on_error(exception)`` on the UI thread."""
        future.add_done_callback(lambda f: self._finished.emit(f, on_done, on_error))

    @staticmethod
    def _deliver(
        future: Future[Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
    ) -> None:
        error = future.exception()
        if error is not None:
            on_error(error)
        else:
            on_done(future.result())
