"""Who has the door monitor's and the scanner's ports: the running kiosk, or commissioning.

The kiosk listens from start-up; the technician's wizard on a running kiosk borrows both ports
(kiosk/ui/tech/commission.py) to probe the bus at other line speeds and read a scan's raw bytes,
as ``kiosk commission`` on a stopped kiosk would. Listening always begins from every board read
afresh and the unfinished door intents settled from that, at start-up as after a loan.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass

from drivers.errors import DeviceError
from drivers.interfaces import BoardStatus, DoorEvent, ScanEvent
from drivers.registry import Devices
from kiosk.services import door_events
from kiosk.services.core import Services
from kiosk.services.doors import DoorReading

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Readings:
    boards: dict[int, BoardStatus]  # the boards that answered
    decisions: list[str]  # what reconciliation decided


class Listening:
    def __init__(
        self,
        devices: Devices,
        boards: list[int],
        call: Callable[[Callable[[Services], _Readings]], Future[_Readings]],
        on_door_event: Callable[[DoorEvent], None],
        on_scan: Callable[[ScanEvent], None],
        stopping: threading.Event,
    ) -> None:
        self.devices = devices
        self._boards = boards
        self._call = call  # the runtime's: runs on the services thread
        self._on_door_event = on_door_event
        self._on_scan = on_scan
        self._stopping = stopping  # the kiosk's: set before ``stop`` is called
        # Listening, lending, taking back and stopping, one at a time.
        self._lock = threading.Lock()

    def start(self) -> list[str]:
        """Reconcile, then listen; what reconciliation decided (for the log and the
        technician's screen)."""
        with self._lock:
            return self._listen()

    def lend(self) -> None:
        """For commissioning from the technician's screen: the door monitor and the scanner
        stop and let go of their ports, which the wizard opens itself. The printer stays the
        kiosk's own. Door changes meanwhile are not journaled: the doors walked are no
        compartments' yet. Blocks (threads joined): off the UI thread."""
        with self._lock:
            self.devices.locks.lend_port()
            self.devices.scanner.stop()
        log.warning("devices lent to commissioning: door monitor and scanner stopped")

    def take_back(self) -> list[str]:
        """After commissioning: listening again as at start-up; what was decided. Blocks (the
        services thread reads the boards): off the UI thread. Nothing is started again once
        the kiosk is stopping."""
        with self._lock:
            if self._stopping.is_set():
                return []
            self.devices.locks.take_port_back()
            decisions = self._listen()
        log.warning("devices taken back from commissioning: door monitor and scanner run")
        return decisions

    def stop(self) -> None:
        with self._lock:  # a take-back under way finishes first, then is undone
            self.devices.locks.stop_monitor()
            self.devices.scanner.stop()

    def _listen(self) -> list[str]:
        readings = self._call(self._reconcile).result()
        # The monitor compares its first poll with these readings: a door that closes
        # between them still settles its intent.
        self.devices.locks.start_monitor(self._on_door_event, readings.boards)
        self.devices.scanner.start(self._on_scan)
        return readings.decisions

    def _reconcile(self, services: Services) -> _Readings:
        """Read every board once, fresh, and settle every unfinished intent from that."""
        boards: dict[int, BoardStatus] = {}
        for board in self._boards:
            try:
                boards[board] = self.devices.locks.read_board(board)
            except DeviceError as exc:
                log.error("cannot read board %s after restart: %s", board, exc)
        readings: dict[str, DoorReading | None] = {}
        for intent in services.doors.unfinished():
            status = boards.get(intent["board"])
            lock = status.lock(intent["lock"]) if status is not None else None
            readings[intent["compartment"]] = (
                None if lock is None else DoorReading(open=not lock.closed, item=lock.item)
            )
        return _Readings(boards, door_events.reconcile(services, readings))
