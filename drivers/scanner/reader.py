"""What every scanner driver shares: its one reader thread, and handing each code on once."""

from __future__ import annotations

import logging
import threading
import time
from abc import ABC, abstractmethod

from drivers.config import ScannerConfig
from drivers.interfaces import ScanEvent, ScanListener
from drivers.scanner.lines import Deduplicator

log = logging.getLogger(__name__)


class ThreadedScanner(ABC):
    """A scanner read on a thread of its own: ``_open`` the device (raising ``DeviceError``),
    ``_run`` until ``_stop`` is set, ``_close`` it. Each code read goes through ``_deliver``."""

    thread_name = "scanner"

    def __init__(self, config: ScannerConfig) -> None:
        self._config = config
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._dedupe = Deduplicator(config.duplicate_window_ms / 1000)
        self.reads = 0

    def start(self, listener: ScanListener) -> None:
        """Open the device (raising ``DeviceError`` if it cannot) and start reading."""
        if self._thread is not None:
            raise RuntimeError("the scanner is already started")
        self._open()
        self._stop.clear()
        self._thread = threading.Thread(
            target=self._run, args=(listener,), name=self.thread_name, daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        if self._thread is not None:
            self._stop.set()
            self._wake()
            self._thread.join()
            self._thread = None
        self._close()

    def close(self) -> None:
        self.stop()

    @abstractmethod
    def _open(self) -> None: ...

    @abstractmethod
    def _close(self) -> None: ...

    @abstractmethod
    def _run(self, listener: ScanListener) -> None: ...

    @abstractmethod
    def _wake(self) -> None:
        """Cut short the reader's wait for input once ``_stop`` is set, if the device can."""

    def _deliver(self, text: str, listener: ScanListener) -> None:
        if not self._dedupe.accept(text, time.monotonic()):
            # Lengths, never the text: a pickup QR holds an OTP, a badge QR signs staff in.
            log.debug("scanner: duplicate scan ignored (%d characters)", len(text))
            return
        self.reads += 1
        try:
            listener(ScanEvent(text, time.time()))
        except Exception:  # the listener's bug must not stop the scanner
            log.exception("scan listener failed (%d characters)", len(text))
