"""Lock board simulator: the boards' side of the KR-CU16 or 8A/80 protocol on a pty.

Every board given models all 16 locks and item sensors; boards not given stay silent, as on a
real bus. Faults are switched per board (silent, bad checksum, deaf during its pulse, replies
lost after an unlock) or per lock (jammed, left open, a sensor that reads open), and people are
played by ``close_door`` (with or without the papers), ``force_open`` and ``set_item``.
"""

from __future__ import annotations

import functools
import logging
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass

from drivers.config import LockProtocolName
from drivers.interfaces import LOCKS_PER_BOARD
from drivers.locks import cu16, p8a80
from drivers.locks.framing import scan_frames
from drivers.locks.sensors import SensorBits
from drivers.pty_sim import PtyEndpoint

log = logging.getLogger(__name__)


@dataclass
class SimLock:
    closed: bool = True
    item: bool = False
    jammed: bool = False
    left_open: bool = False
    #: The door sensor reads open whatever the door does (broken cable, wrong polarity).
    sensor_open: bool = False


@dataclass
class SimBoard:
    locks: list[SimLock]
    silent: bool = False
    bad_checksum: bool = False
    #: After an unlock the board ignores the line for this long (its pulse), as some do.
    deaf_during_pulse_s: float = 0.0
    deaf_until: float = 0.0
    #: Replies lost (not sent) after the next unlock; armed by each unlock.
    lose_after_unlock: int = 0
    losing: int = 0
    #: The unlock pulse time last set with cu16 0x37 (None: the board's own).
    pulse_ms: int | None = None


class LockBoardSimulator:
    def __init__(
        self,
        protocol: LockProtocolName,
        boards: Sequence[int],
        *,
        closed_bit: int = 1,
        reply_to_unlock: bool = False,
        report_changes: bool = False,
    ) -> None:
        self.protocol = protocol
        self._closed_bit = closed_bit
        #: cu16: answer an unlock with a status frame, as some boards do.
        self.reply_to_unlock = reply_to_unlock
        #: 8a80: send ``82`` frames by itself when a door changes, as some boards do.
        self.report_changes = report_changes
        #: People close an opened door after this many seconds; None = only close_door().
        self.auto_close_after: float | None = None
        self._boards = {
            b: SimBoard([SimLock() for _ in range(LOCKS_PER_BOARD)]) for b in sorted(boards)
        }
        self._state = threading.RLock()
        self._pending = b""
        self.received: list[bytes] = []
        self._endpoint = PtyEndpoint(f"locks-{protocol}", self._on_bytes)
        self.port = self._endpoint.port

    def start(self) -> LockBoardSimulator:
        self._endpoint.start()
        return self

    def close(self) -> None:
        self._endpoint.close()

    # --- people and faults -------------------------------------------------------------------

    def close_door(self, board: int, lock: int, *, item: bool | None = None) -> None:
        """Someone shuts the door; ``item`` says whether the papers are inside now (None: as
        before). ``item=True`` after a pickup plays papers left behind."""
        with self._state:
            if item is not None:
                self._lock(board, lock).item = item
            self._set_closed(board, lock, True)

    def force_open(self, board: int, lock: int) -> None:
        """Someone pulls the door open without an unlock (or the latch failed)."""
        self._set_closed(board, lock, False)

    def set_item(self, board: int, lock: int, present: bool) -> None:
        with self._state:
            self._lock(board, lock).item = present

    def set_jammed(self, board: int, lock: int, jammed: bool = True) -> None:
        with self._state:
            self._lock(board, lock).jammed = jammed

    def set_left_open(self, board: int, lock: int, left_open: bool = True) -> None:
        """Nobody closes this door again, even with ``auto_close_after`` set."""
        with self._state:
            self._lock(board, lock).left_open = left_open

    def set_sensor_open(self, board: int, lock: int, reads_open: bool = True) -> None:
        """The lock's door sensor reads open whatever the door does."""
        with self._state:
            self._lock(board, lock).sensor_open = reads_open

    def set_deaf_during_pulse(self, board: int, seconds: float) -> None:
        """After each unlock the board answers nothing for ``seconds`` (its whole pulse)."""
        with self._state:
            self._boards[board].deaf_during_pulse_s = seconds

    def hear_again(self, board: int) -> None:
        """The board listens again at once (its pulse is over, however long it was set)."""
        with self._state:
            self._boards[board].deaf_until = 0.0

    def lose_replies_after_unlock(self, board: int, count: int) -> None:
        """The first ``count`` replies after each unlock are lost on the line."""
        with self._state:
            self._boards[board].lose_after_unlock = count

    def set_silent(self, board: int, silent: bool = True) -> None:
        """The board stops answering (power or cable lost)."""
        with self._state:
            self._boards[board].silent = silent

    def set_bad_checksum(self, board: int, bad: bool = True) -> None:
        with self._state:
            self._boards[board].bad_checksum = bad

    def inject_noise(self, data: bytes) -> None:
        """Bytes on the line that no board sent (RS-485 noise)."""
        self._endpoint.send(data)

    def pulse_ms(self, board: int) -> int | None:
        with self._state:
            return self._boards[board].pulse_ms

    def is_closed(self, board: int, lock: int) -> bool:
        with self._state:
            return self._lock(board, lock).closed

    # --- the protocol --------------------------------------------------------------------------

    def _lock(self, board: int, lock: int) -> SimLock:
        return self._boards[board].locks[lock - 1]

    def _set_closed(self, board: int, lock: int, closed: bool) -> None:
        with self._state:
            sim_lock = self._lock(board, lock)
            changed = sim_lock.closed != closed
            sim_lock.closed = closed
        if changed and self.protocol == "8a80" and self.report_changes:
            report = p8a80.lock_reply(board, lock, self._sensor(closed), unsolicited=True)
            self._reply(board, report)

    def _open_by_relay(self, board: int, locks: Sequence[int]) -> None:
        with self._state:
            for lock in locks:
                sim_lock = self._lock(board, lock)
                if sim_lock.jammed or not sim_lock.closed:
                    continue
                self._set_closed(board, lock, False)
                if self.auto_close_after is not None and not sim_lock.left_open:
                    close = functools.partial(self._auto_close, board, lock)
                    self._endpoint.schedule(self.auto_close_after, close)

    def _auto_close(self, board: int, lock: int) -> None:
        if not self._lock(board, lock).left_open:
            self.close_door(board, lock)

    def _sensor(self, closed: bool) -> int:
        return self._closed_bit if closed else 1 - self._closed_bit

    def _sensor_bits(self, board: int) -> SensorBits:
        locks = items = 0
        for i, sim_lock in enumerate(self._boards[board].locks):
            locks |= self._sensor(sim_lock.closed and not sim_lock.sensor_open) << i
            items |= int(sim_lock.item) << i
        return SensorBits(locks, items)

    def _reply(self, board: int, frame: bytes) -> None:
        sim_board = self._boards[board]
        if sim_board.losing > 0:
            sim_board.losing -= 1
            return
        if sim_board.bad_checksum:
            frame = frame[:-1] + bytes([frame[-1] ^ 0x5A])
        self._endpoint.send(frame)

    def _on_bytes(self, data: bytes) -> None:
        spec = cu16.REQUEST_FRAMES if self.protocol == "cu16" else p8a80.FRAMES
        scan = scan_frames(self._pending + data, spec)
        self._pending = scan.rest
        for frame in scan.frames:
            self.received.append(frame)
            with self._state:
                if self.protocol == "cu16":
                    self._on_cu16(cu16.parse_request(frame))
                else:
                    self._on_8a80(p8a80.parse_request(frame))

    def _answering(self, board: int) -> bool:
        sim_board = self._boards.get(board)
        return (
            sim_board is not None
            and not sim_board.silent
            and time.monotonic() >= sim_board.deaf_until
        )

    def _pulse_started(self, board: int) -> None:
        sim_board = self._boards[board]
        sim_board.deaf_until = time.monotonic() + sim_board.deaf_during_pulse_s
        sim_board.losing = sim_board.lose_after_unlock

    def _on_cu16(self, request: cu16.Request) -> None:
        if not self._answering(request.board):
            return
        if request.command == cu16.CMD_UNLOCK:
            self._pulse_started(request.board)
            self._open_by_relay(request.board, [request.lock])
            if not self.reply_to_unlock:
                return
        elif request.command == cu16.CMD_UNLOCK_ALL:
            self._pulse_started(request.board)
            self._open_by_relay(request.board, range(1, LOCKS_PER_BOARD + 1))
            return
        elif request.command == cu16.CMD_SET_PULSE and request.data is not None:
            self._boards[request.board].pulse_ms = request.data * cu16.PULSE_UNIT_MS
            return
        elif request.command != cu16.CMD_READ_BOARD:
            log.info("cu16 simulator: command %#04x not simulated", request.command)
            return
        board = request.board
        self._reply(board, cu16.status_reply(board, self._sensor_bits(board)))

    def _on_8a80(self, request: p8a80.Request) -> None:
        if not self._answering(request.board):
            return
        board, lock = request.board, request.lock
        if request.command == p8a80.CMD_UNLOCK and request.data == p8a80.DATA_UNLOCK:
            self._pulse_started(board)
            every = range(1, LOCKS_PER_BOARD + 1)
            self._open_by_relay(board, every if lock == p8a80.LOCK_ALL else [lock])
        elif (
            request.command == p8a80.CMD_READ
            and request.data == p8a80.DATA_READ
            and 1 <= lock <= LOCKS_PER_BOARD
        ):
            sim_lock = self._lock(board, lock)
            closed = sim_lock.closed and not sim_lock.sensor_open
            self._reply(board, p8a80.lock_reply(board, lock, self._sensor(closed)))
