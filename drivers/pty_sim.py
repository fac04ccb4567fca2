"""Simulators' transport: the device's end of a real pseudo-terminal pair, served by one thread.

The driver opens ``port`` (the pty's slave path) exactly as it opens a real serial device; the
simulator reads the master end with ``select`` and answers byte for byte.
"""

from __future__ import annotations

import contextlib
import functools
import heapq
import itertools
import logging
import os
import pty
import select
import threading
import time
import tty
from collections.abc import Callable

log = logging.getLogger(__name__)

Handler = Callable[[bytes], None]


class PtyEndpoint:
    """A pty pair whose master end is served by a thread that calls ``handler`` with the bytes
    the driver writes. ``send`` and ``schedule`` may be called from any thread."""

    def __init__(self, name: str, handler: Handler) -> None:
        self._name = name
        self._handler = handler
        self._master, self._slave = pty.openpty()
        # Raw from the start: a cooked pty would turn the scanner's CR into LF before the
        # driver opens it and sets raw mode itself.
        tty.setraw(self._slave)
        os.set_blocking(self._master, False)
        self.port = os.ttyname(self._slave)
        self._wake_r, self._wake_w = os.pipe()
        self._timers: list[tuple[float, int, Callable[[], None]]] = []
        self._seq = itertools.count()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._serve, name=f"sim-{name}", daemon=True)
        self.dropped = 0  # bytes lost because nobody read them (like a real UART overrun)

    def start(self) -> None:
        self._thread.start()

    def send(self, data: bytes) -> None:
        with self._lock:
            view = memoryview(data)
            while view:
                try:
                    written = os.write(self._master, view)
                except BlockingIOError:
                    self.dropped += len(view)
                    return
                view = view[written:]

    def schedule(self, delay: float, action: Callable[[], None]) -> None:
        with self._lock:
            heapq.heappush(self._timers, (time.monotonic() + delay, next(self._seq), action))
        os.write(self._wake_w, b"x")

    def close(self) -> None:
        if self._thread.is_alive():
            self._stopping.set()
            os.write(self._wake_w, b"x")
            self._thread.join(timeout=2)
        for fd in (self._master, self._slave, self._wake_r, self._wake_w):
            with contextlib.suppress(OSError):
                os.close(fd)

    def _next_timeout(self) -> float | None:
        with self._lock:
            return max(0.0, self._timers[0][0] - time.monotonic()) if self._timers else None

    def _due_actions(self) -> list[Callable[[], None]]:
        now = time.monotonic()
        due = []
        with self._lock:
            while self._timers and self._timers[0][0] <= now:
                due.append(heapq.heappop(self._timers)[2])
        return due

    def _serve(self) -> None:
        while not self._stopping.is_set():
            watched = [self._master, self._wake_r]
            readable, _, _ = select.select(watched, [], [], self._next_timeout())
            if self._wake_r in readable:
                os.read(self._wake_r, 512)
            if self._master in readable:
                try:
                    data = os.read(self._master, 4096)
                except BlockingIOError:
                    data = b""
                except OSError:  # EIO: every slave fd closed; we hold one, so only at teardown
                    return
                if data:
                    self._run(functools.partial(self._handler, data))
            for action in self._due_actions():
                self._run(action)

    def _run(self, action: Callable[[], None]) -> None:
        try:
            action()
        except Exception:  # a simulator bug must not kill the port silently
            log.exception("simulator %s failed", self._name)
