"""Event-loop stalls as a 2 ms Qt timer sees them, and how much of each the UI thread spent
waiting for a CPU (bench_stall, bench_ui; docs/benchmarks.md, "Sync at scale").

A late tick is the process's doing only while the UI thread could have run: blocked on the GIL
(another thread holding it, or preempted while holding it), on a lock, or busy itself. While the
UI thread is runnable but on no CPU, the machine's scheduler holds it up, however little the
process does; on a shared machine that is most of a stall. Linux counts that wait per thread
(``/proc/self/task/<tid>/schedstat``, second field, in ns); elsewhere it reads as 0.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

TICK_MS = 2


def run_queue_wait_ms(native_id: int) -> float:
    """How long the thread has waited for a CPU while runnable, since it started (ms); 0.0
    where the kernel does not tell."""
    try:
        fields = Path(f"/proc/self/task/{native_id}/schedstat").read_text().split()
    except OSError:
        return 0.0
    return int(fields[1]) / 1e6


class LateTicks:
    """A 2 ms QTimer on the calling (UI) thread, from ``start`` to ``stop``: the longest late
    tick, and the part of it the UI thread spent waiting for a CPU."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self._ui = threading.get_native_id()
        self._timer = QTimer()
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)
        self._last = 0.0
        self._waited = 0.0
        self._first = True
        self.longest_ms = 0.0  # the longest late tick
        self.cpu_wait_ms = 0.0  # of it, the UI thread runnable but on no CPU
        self.held_ms = 0.0  # the longest late tick less that wait: what the process held up

    def start(self) -> None:
        self._last = time.perf_counter()
        self._waited = run_queue_wait_ms(self._ui)
        self._first = True
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def _tick(self) -> None:
        now, waited = time.perf_counter(), run_queue_wait_ms(self._ui)
        late = (now - self._last) * 1000 - TICK_MS
        # The two clocks are read a moment apart: the wait can exceed the interval by as much.
        wait = min(waited - self._waited, max(late, 0.0))
        self._last, self._waited = now, waited
        if self._first:  # the first tick is late by however long start-up took
            self._first = False
            return
        if late > self.longest_ms:
            self.longest_ms, self.cpu_wait_ms = late, wait
        self.held_ms = max(self.held_ms, late - wait)
