"""Heartbeats, written in batches: a province's 55 a second become a few transactions a second.

A heartbeat is health, not history: the newest one per kiosk is what the dashboard shows. So
the request only leaves it here (``add``), and ``flush`` (every FLUSH_S, from the server, and
once more when it stops) writes every waiting one in one transaction. A process that dies loses
at most FLUSH_S of heartbeats, which the kiosks send again within the minute. The dashboard of
the same process reads ``pending`` so that a beat shows at once.
"""

from __future__ import annotations

import threading

from sqlalchemy import Engine, bindparam, update

from hub.schema import kiosks

FLUSH_S = 0.25
WRITE = (
    update(kiosks)
    .where(kiosks.c.kiosk_id == bindparam("kiosk"))
    .values(heartbeat=bindparam("beat"), heartbeat_ts=bindparam("ts"))
)


class HeartbeatBuffer:
    def __init__(self) -> None:
        self._pending: dict[str, tuple[str, float]] = {}
        self._lock = threading.Lock()

    def add(self, kiosk_id: str, beat_json: str, ts: float) -> None:
        with self._lock:
            self._pending[kiosk_id] = (beat_json, ts)

    def pending(self) -> dict[str, tuple[str, float]]:
        with self._lock:
            return dict(self._pending)

    def flush(self, engine: Engine) -> int:
        with self._lock:
            taken, self._pending = self._pending, {}
        if not taken:
            return 0
        # In kiosk order: two processes flushing the same kiosks lock their rows in one order
        # (PostgreSQL), so they wait for each other instead of deadlocking.
        rows = [{"kiosk": k, "beat": b, "ts": ts} for k, (b, ts) in sorted(taken.items())]
        try:
            with engine.begin() as conn:
                conn.execute(WRITE, rows)
        except Exception:
            # Not lost yet: back in the buffer unless a newer beat came meanwhile.
            with self._lock:
                for kiosk_id, beat in taken.items():
                    self._pending.setdefault(kiosk_id, beat)
            raise
        return len(rows)
