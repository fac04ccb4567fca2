"""The kiosk's sense of time: never backwards, never below what the central system said.

Holds, delays and expiries must not be undone by turning the wall clock back, so ``now()`` is
driven by the monotonic clock while the process runs and is never less than a floor that only
moves forward: the newest time the kiosk has seen happen (a server ``Date``, its own newest
audit record, the moment it refused an expired code), kept in the store's ``kv`` in the same
transaction as what raised it (``kiosk.store.kv.clock_floor``; docs/store.md, "Time").
"""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo


class Clock:
    def __init__(
        self,
        floor: float = 0.0,
        *,
        wall: Callable[[], float] = time.time,
        monotonic: Callable[[], float] = time.monotonic,
        tz: tzinfo | None = None,
    ) -> None:
        self._wall = wall
        self._mono = monotonic
        self._lock = threading.Lock()
        self._base = max(wall(), floor)
        self._mono0 = monotonic()
        self._floor = floor
        # Local time with its offset, as the contract's RFC 3339 times want.
        self.tz = tz or datetime.now().astimezone().tzinfo or UTC

    def timestamp(self) -> float:
        """Seconds since the epoch, never decreasing."""
        with self._lock:
            running = self._base + (self._mono() - self._mono0)
            return max(self._wall(), running, self._floor)

    def monotonic(self) -> float:
        return self._mono()

    def now(self) -> datetime:
        return datetime.fromtimestamp(self.timestamp(), self.tz)

    def iso(self, ts: float | None = None) -> str:
        """RFC 3339 with offset, seconds precision: ``2026-11-23T21:05:00+07:00``."""
        moment = self.timestamp() if ts is None else ts
        return datetime.fromtimestamp(moment, self.tz).isoformat(timespec="seconds")

    def raise_floor(self, ts: float) -> bool:
        """Never go below ``ts`` again (a server ``Date``); True if it moved the floor."""
        with self._lock:
            if ts <= self._floor:
                return False
            self._floor = ts
            return True

    @property
    def floor(self) -> float:
        return self._floor


@dataclass(order=True)
class _Due:
    at: float
    order: int  # calls due at the same time go in the order they were asked for
    callback: Callable[[], None] = field(compare=False)


class FakeClock(Clock):
    """A clock that moves only when told to: for tests, benchmarks and the crash harness."""

    def __init__(self, start: float = 1_795_000_000.0, tz: tzinfo | None = None) -> None:
        self.wall_now = start
        self.mono_now = 1000.0
        self._due: list[_Due] = []
        self._order = itertools.count()
        super().__init__(
            wall=lambda: self.wall_now,
            monotonic=lambda: self.mono_now,
            tz=tz or datetime.now().astimezone().tzinfo,
        )

    def call_at(self, due: float, callback: Callable[[], None]) -> Callable[[], None]:
        """Call ``callback`` when ``advance`` takes the monotonic time to ``due`` (the UI's
        timers on this clock: kiosk/ui/timers.py); returns what cancels the call."""
        entry = _Due(due, next(self._order), callback)
        self._due.append(entry)
        return lambda: self._due.remove(entry) if entry in self._due else None

    def advance(self, seconds: float) -> None:
        """Move both clocks on; what was due on the way is called in order of its time, each
        with the clock at that time (a call may start another that is due before the end)."""
        end = self.mono_now + seconds
        while due := [d for d in self._due if d.at <= end]:
            first = min(due)
            self._due.remove(first)
            self._move(max(first.at - self.mono_now, 0.0))
            first.callback()
        self._move(end - self.mono_now)

    def _move(self, seconds: float) -> None:
        self.wall_now += seconds
        self.mono_now += seconds

    def set_wall(self, ts: float) -> None:
        """Turn the wall clock (only): what a person with the settings menu could do."""
        self.wall_now = ts


def parse_rfc3339(text: str) -> datetime:
    """Parse an RFC 3339 time with offset; a time without offset is rejected."""
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"time without offset: {text!r}")
    return moment


def minutes_left(seconds: float) -> int:
    """Whole minutes to tell a person, rounded up (0 s → 0, 1 s → 1)."""
    return int(-(-max(seconds, 0) // 60))


__all__ = ["Clock", "FakeClock", "minutes_left", "parse_rfc3339"]
