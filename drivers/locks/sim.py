"""Lock board simulator: the boards' side of the KR-CU16, KR-CU48/CU12 or 8A/80 protocol on a
pty.

Every board given models its locks (``channels``: the protocol's default count, or a count per
board) and item sensors; boards not given stay silent, as on a real bus. An 8A/80 board
answers the read-all command with three status bytes (seven above 24 channels) and ignores
single-lock reads beyond its channels, as a 12-channel board does for 13-16.

Faults are switched per board (silent, slow to reply, bad checksum, deaf during its pulse,
replies lost after an unlock) or per lock (jammed, left open, a sensor that reads open), and
people are played by ``close_door`` (with or without the papers), ``force_open`` and
``set_item``.
"""

from __future__ import annotations

import functools
import logging
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from drivers.config import LockProtocolName
from drivers.locks import cu16, cu48, modbus, p8a80, protocols
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
    #: Every reply sent this long after the request (a slow board).
    reply_delay_s: float = 0.0


class LockBoardSimulator:
    def __init__(
        self,
        protocol: LockProtocolName,
        boards: Sequence[int],
        *,
        closed_bit: int | Mapping[int, int] = 1,
        reply_to_unlock: bool = False,
        report_changes: bool = False,
        channels: int | Mapping[int, int] | None = None,
        registers: modbus.RegisterMap | None = None,
    ) -> None:
        """``closed_bit``: the sensor value of a closed door, one for all or per address;
        ``channels``: locks per board, one count for all or per address (default: the
        protocol's); ``registers``: a Modbus board's register map."""
        self._registers = registers or modbus.RegisterMap()
        self.protocol = protocol
        self._record = protocols.get(protocol)
        self._closed_bits = (
            {b: closed_bit.get(b, 1) for b in boards}
            if isinstance(closed_bit, Mapping)
            else dict.fromkeys(boards, closed_bit)
        )
        #: cu16: answer an unlock with a status frame, as some boards do.
        self.reply_to_unlock = reply_to_unlock
        #: 8a80: send ``82`` frames by itself when a door changes, as some boards do.
        self.report_changes = report_changes
        #: People close an opened door after this many seconds; None = only close_door().
        self.auto_close_after: float | None = None

        def count(board: int) -> int:
            if isinstance(channels, Mapping):
                return channels.get(board, self._record.default_channels)
            return channels or self._record.default_channels

        self._boards = {b: SimBoard([SimLock() for _ in range(count(b))]) for b in sorted(boards)}
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

    def set_reply_delay(self, board: int, seconds: float) -> None:
        """The board answers ``seconds`` after each request (a slow board)."""
        with self._state:
            self._boards[board].reply_delay_s = seconds

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

    def has_item(self, board: int, lock: int) -> bool:
        """What the item sensor reads: papers inside."""
        with self._state:
            return self._lock(board, lock).item

    # --- the protocol --------------------------------------------------------------------------

    def _lock(self, board: int, lock: int) -> SimLock:
        return self._boards[board].locks[lock - 1]

    def _set_closed(self, board: int, lock: int, closed: bool) -> None:
        with self._state:
            sim_lock = self._lock(board, lock)
            changed = sim_lock.closed != closed
            sim_lock.closed = closed
        if changed and self._record.unsolicited_reports and self.report_changes:
            report = p8a80.lock_reply(board, lock, self._sensor(board, closed), unsolicited=True)
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

    def _sensor(self, board: int, closed: bool) -> int:
        closed_bit = self._closed_bits[board]
        return closed_bit if closed else 1 - closed_bit

    def _sensor_bits(self, board: int) -> SensorBits:
        locks = items = 0
        for i, sim_lock in enumerate(self._boards[board].locks):
            locks |= self._sensor(board, sim_lock.closed and not sim_lock.sensor_open) << i
            items |= int(sim_lock.item) << i
        return SensorBits(locks, items)

    def _reply(self, board: int, frame: bytes) -> None:
        sim_board = self._boards[board]
        if sim_board.losing > 0:
            sim_board.losing -= 1
            return
        if sim_board.bad_checksum:
            frame = frame[:-1] + bytes([frame[-1] ^ 0x5A])
        if sim_board.reply_delay_s > 0:
            self._endpoint.schedule(
                sim_board.reply_delay_s, functools.partial(self._endpoint.send, frame)
            )
        else:
            self._endpoint.send(frame)

    def _on_bytes(self, data: bytes) -> None:
        scan = scan_frames(self._pending + data, self._record.requests)
        self._pending = scan.rest
        handle = {
            "cu16": self._on_cu16,
            "cu48": self._on_cu48,
            "8a80": self._on_8a80,
            "modbus": self._on_modbus,
        }
        for frame in scan.frames:
            self.received.append(frame)
            with self._state:
                handle[self.protocol](frame)

    def _channels(self, board: int) -> range:
        return range(1, len(self._boards[board].locks) + 1)

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

    def _on_cu16(self, frame: bytes) -> None:
        request = cu16.parse_request(frame)
        if not self._answering(request.board):
            return
        if request.command == cu16.CMD_UNLOCK:
            self._pulse_started(request.board)
            self._open_by_relay(request.board, [request.lock])
            if not self.reply_to_unlock:
                return
        elif request.command == cu16.CMD_UNLOCK_ALL:
            self._pulse_started(request.board)
            self._open_by_relay(request.board, self._channels(request.board))
            return
        elif request.command == cu16.CMD_SET_PULSE and request.data is not None:
            self._boards[request.board].pulse_ms = request.data * cu16.PULSE_UNIT_MS
            return
        elif request.command != cu16.CMD_READ_BOARD:
            log.info("cu16 simulator: command %#04x not simulated", request.command)
            return
        board = request.board
        self._reply(board, cu16.status_reply(board, self._sensor_bits(board)))

    def _on_cu48(self, frame: bytes) -> None:
        request = cu48.parse_request(frame)
        board = request.board
        if not self._answering(board):
            return
        if request.command == cu48.CMD_UNLOCK:
            if request.lock in self._channels(board):
                self._pulse_started(board)
                self._open_by_relay(board, [request.lock])
        elif request.command == cu48.CMD_STATUS:
            self._reply(board, cu48.status_reply(board, self._sensor_bits(board)))
        else:
            log.info("cu48 simulator: command %#04x not simulated", request.command)

    def _on_modbus(self, frame: bytes) -> None:
        request = modbus.parse_request(frame)
        board = request.board
        if not self._answering(board):
            return
        registers = self._registers
        if request.function == modbus.FC_WRITE_COIL:
            lock = request.address - registers.coil_base + 1
            if lock in self._channels(board) and request.value == 0xFF00:
                self._pulse_started(board)
                self._open_by_relay(board, [lock])
            self._reply(board, modbus.coil_reply(board, request.address, request.value != 0))
        elif request.function == modbus.FC_READ_INPUTS:
            sensors = self._sensor_bits(board)
            channels = len(self._channels(board))
            bits = [
                self._input(sensors, request.address + i, channels) for i in range(request.value)
            ]
            self._reply(board, modbus.inputs_reply(board, bits))

    def _input(self, sensors: SensorBits, address: int, channels: int) -> bool:
        """A discrete input of a Modbus board: a door or item sensor, else off."""
        registers = self._registers
        for base, word in (
            (registers.door_input_base, sensors.locks),
            (registers.item_input_base, sensors.items or 0),
        ):
            if base is not None and 0 <= address - base < channels:
                return bool(word >> (address - base) & 1)
        return False

    def _on_8a80(self, frame: bytes) -> None:
        request = p8a80.parse_request(frame)
        if not self._answering(request.board):
            return
        board, lock = request.board, request.lock
        channels = self._channels(board)
        if request.command == p8a80.CMD_UNLOCK and request.data == p8a80.DATA_UNLOCK:
            if lock == p8a80.LOCK_ALL or lock in channels:
                self._pulse_started(board)
                self._open_by_relay(board, channels if lock == p8a80.LOCK_ALL else [lock])
        elif request.command == p8a80.CMD_READ and request.data == p8a80.DATA_READ:
            if lock == p8a80.LOCK_ALL:
                status_bytes = 3 if len(channels) <= 24 else 7
                bits = self._sensor_bits(board).locks
                self._reply(board, p8a80.read_all_reply(board, bits, status_bytes))
            elif lock in channels:  # a lock the board does not have: no answer
                sim_lock = self._lock(board, lock)
                closed = sim_lock.closed and not sim_lock.sensor_open
                self._reply(board, p8a80.lock_reply(board, lock, self._sensor(board, closed)))
