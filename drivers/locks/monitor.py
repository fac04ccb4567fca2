"""The door monitor: polls every board on its own thread and reports what changed."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from drivers.config import LockBusConfig
from drivers.errors import DeviceError
from drivers.interfaces import (
    BoardState,
    BoardStatus,
    DoorEvent,
    DoorEventKind,
    DoorListener,
    LockState,
)

if TYPE_CHECKING:
    from drivers.locks.bus import SerialLockBus

log = logging.getLogger(__name__)


@dataclass
class _OpenDoor:
    since: float
    alarmed: bool = False


class DoorMonitor:
    def __init__(
        self,
        bus: SerialLockBus,
        config: LockBusConfig,
        boards: Sequence[int],
        listener: DoorListener,
        baseline: Mapping[int, BoardStatus] | None = None,
    ) -> None:
        self._bus = bus
        self._config = config
        self._boards = tuple(boards)
        self._listener = listener
        self._command_window = config.command_window_ms / 1000
        # The caller's start-up readings: the first poll is a comparison, not a baseline, so a
        # door that closed since (an open intent waiting for it) still gets its "closed".
        self._last: dict[int, BoardStatus] = {
            b: status for b, status in (baseline or {}).items() if b in self._boards
        }
        self._reported: dict[int, BoardState] = {b: BoardState.UNKNOWN for b in self._boards}
        now = time.monotonic()
        self._open: dict[tuple[int, int], _OpenDoor] = {
            (b, lock.lock): _OpenDoor(now)
            for b, status in self._last.items()
            for lock in status.locks
            if not lock.closed
        }
        self._observing = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="door-monitor", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        interval = self._config.poll_interval_ms / 1000
        while True:
            for board in self._boards:
                self.poll(board)
            if self._stop.wait(interval):
                return

    def poll(self, board: int) -> None:
        try:
            self._bus.read_board(board)  # which calls observe()
        except DeviceError as exc:
            log.debug("door monitor: board %d: %s", board, exc)
            with self._observing:
                self._report_board_state(board)
        with self._observing:
            self._check_left_open(board)

    def observe(self, board: int, status: BoardStatus) -> None:
        """A fresh reading of ``board``, from a poll or from any other read of the bus."""
        if board not in self._reported:
            return
        with self._observing:
            self._report_board_state(board)  # "online again" comes before what it shows
            self._compare(board, status)

    def board_state_changed(self, board: int) -> None:
        """The bus saw ``board`` go offline or come back, in any thread's exchange."""
        if board not in self._reported:
            return
        with self._observing:
            self._report_board_state(board)

    def _emit(self, board: int, lock: int | None, kind: DoorEventKind, item: bool | None) -> None:
        event = DoorEvent(board, lock, kind, item, time.time())
        log.info("board %d lock %s: %s (item %s)", board, lock, kind.value, item)
        try:
            self._listener(event)
        except Exception:  # the listener's bug must not stop the monitor
            log.exception("door event listener failed on %s", event)

    def _report_board_state(self, board: int) -> None:
        state = self._bus.board_state(board)
        if state is self._reported[board]:
            return
        self._reported[board] = state
        if state is BoardState.OFFLINE:
            self._emit(board, None, DoorEventKind.BOARD_OFFLINE, None)
        elif state is BoardState.ONLINE:
            self._emit(board, None, DoorEventKind.BOARD_ONLINE, None)

    def _compare(self, board: int, status: BoardStatus) -> None:
        before = self._last.get(board)
        self._last[board] = status
        for now in status.locks:
            key = (board, now.lock)
            if before is None:  # first reading without the caller's: the baseline
                if not now.closed:
                    self._open[key] = _OpenDoor(time.monotonic())
                    # An unlock sent just before the first poll still gets its event; a door
                    # found open without one has an unknown history: no event.
                    if self._bus.take_command(board, now.lock, self._command_window):
                        self._emit(board, now.lock, DoorEventKind.OPENED, now.item)
                continue
            self._compare_lock(board, before.lock(now.lock), now)

    def _compare_lock(self, board: int, was: LockState, now: LockState) -> None:
        key = (board, now.lock)
        if was.closed and not now.closed:
            commanded = self._bus.take_command(board, now.lock, self._command_window)
            kind = DoorEventKind.OPENED if commanded else DoorEventKind.FORCED
            self._open[key] = _OpenDoor(time.monotonic())
            self._emit(board, now.lock, kind, now.item)
        elif not was.closed and now.closed:
            self._open.pop(key, None)
            self._emit(board, now.lock, DoorEventKind.CLOSED, now.item)
        elif was.item != now.item:
            self._emit(board, now.lock, DoorEventKind.ITEM_CHANGED, now.item)

    def _check_left_open(self, board: int) -> None:
        limit = self._config.left_open_alarm_ms / 1000
        status = self._last.get(board)
        for (door_board, lock), door in self._open.items():
            if door_board != board or door.alarmed or time.monotonic() - door.since < limit:
                continue
            door.alarmed = True
            item = status.lock(lock).item if status else None
            self._emit(board, lock, DoorEventKind.LEFT_OPEN, item)
