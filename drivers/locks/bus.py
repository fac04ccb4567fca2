"""The lock bus driver: every board on one RS-485 line, for any protocol in ``protocols``.

One lock serialises exchanges between the door monitor's thread and callers (unlocks from the
application's worker). Board health (online/offline, error counts) changes in one method that
logs why; the monitor turns sensor changes into ``DoorEvent``s on its own thread.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from drivers.config import LockBusConfig
from drivers.errors import DeviceError, GarbledReplyError, NoReplyError, PortBusyError
from drivers.interfaces import (
    BoardState,
    BoardStatus,
    DoorListener,
    JsonDict,
    LockState,
    UnlockOutcome,
    UnlockResult,
)
from drivers.locks import protocols
from drivers.locks.framing import FrameSpec, scan_frames
from drivers.locks.monitor import DoorMonitor
from drivers.locks.sensors import SensorBits
from drivers.serial_link import SerialLink

log = logging.getLogger(__name__)

T = TypeVar("T")
#: How long an output is held on when the bus times the pulse and no pulse_ms is set.
DEFAULT_RELEASE_MS = 500


@dataclass
class BoardHealth:
    state: BoardState = BoardState.UNKNOWN
    consecutive_failures: int = 0
    frame_errors: int = 0
    timeouts: int = 0
    last_error: str | None = None

    def to_json(self, board: int) -> JsonDict:
        return {
            "board": board,
            "state": self.state.value,
            "frame_errors": self.frame_errors,
            "timeouts": self.timeouts,
            "last_error": self.last_error,
        }


class LockLink(Protocol):
    """The bus's byte pipe: a ``SerialLink``, or a test's fake that plays the boards."""

    name: str

    def write(self, data: bytes) -> None: ...

    def read_some(self, timeout: float) -> bytes: ...

    def discard_input(self) -> bytes: ...

    def close(self) -> None: ...


class _LentLink:
    """The bus's link while its port is lent (``SerialLockBus.lend_port``): nothing goes out."""

    def __init__(self, name: str) -> None:
        self.name = name

    def _refuse(self) -> PortBusyError:
        return PortBusyError(f"lock bus: port {self.name} is lent to commissioning")

    def write(self, data: bytes) -> None:
        raise self._refuse()

    def read_some(self, timeout: float) -> bytes:
        raise self._refuse()

    def discard_input(self) -> bytes:
        raise self._refuse()

    def close(self) -> None:
        pass


def default_baud(protocol: str) -> int:
    return protocols.get(protocol).default_baud


class SerialLockBus:
    """``LockBus`` over a serial port (device, pyserial URL or simulator pty)."""

    def __init__(
        self,
        config: LockBusConfig,
        boards: Sequence[int],
        *,
        port: str,
        wait_for_port: bool = False,
        link: LockLink | None = None,
    ) -> None:
        """``wait_for_port``: a missing port is not an error here; the boards count as failing
        (offline after a few polls) until it appears, and are then used (the kiosk at boot).
        ``link``: the byte pipe to use instead of opening ``port``.

        Raises ``ValueError`` for a board address the protocol cannot carry."""
        self._config = config
        self._protocol = protocols.for_bus(config)
        for board in boards:
            self._protocol.check_board(board)
        self._boards = tuple(boards)
        baud = config.baud or self._protocol.default_baud
        self._baud = baud
        self._link: LockLink = link or SerialLink(
            port, baud, device="lock bus", open_now=not wait_for_port
        )
        # Re-entrant: a reading holds it across its exchanges and the monitor's observation.
        self._bus = threading.RLock()
        self._health_lock = threading.Lock()
        self._health = {board: BoardHealth() for board in self._boards}
        self._commanded: dict[tuple[int, int], float] = {}
        # Boards whose pulse time was set since they last came online (cu16 0x37).
        self._pulse_set: set[int] = set()
        self._monitor: DoorMonitor | None = None

    # --- LockBus -------------------------------------------------------------------------------

    def read_board(self, board: int) -> BoardStatus:
        # The bus stays held until the monitor has seen the reading: two threads' readings of
        # one board reach it in the order they were read, never the other way round.
        with self._bus:
            bits = self._exchange(
                board,
                self._protocol.read_request(board),
                self._protocol.replies,
                lambda frame: self._protocol.parse_read(frame, board),
            )
            self._set_pulse_time(board)
            if not self._config.has_item_sensors(board):
                bits = SensorBits(bits.locks, None)  # not fitted or not trusted: unknown
            status = bits.to_status(
                board, self._config.closed_bit_of(board), self._config.channels(board)
            )
            monitor = self._monitor
            if monitor is not None:
                # Every reading feeds the monitor, the unlock's read-back included: a door
                # opened and shut again between two polls must still produce its "closed".
                monitor.observe(board, status)
        return status

    def unlock(self, board: int, lock: int) -> UnlockResult:
        """Unlock one lock and tell from the sensor what happened (see ``UnlockOutcome``).

        The lock is read before the pulse: only a closed→open change proves the door opened.
        Raises ``DeviceError`` when the board cannot be read before it: no pulse was sent, and
        ``ValueError`` for a lock the board does not have.
        """
        self._check_lock(board, lock)
        before = self._read_retrying(board).lock(lock)
        if not before.closed:
            log.warning(
                "board %d lock %d reads open before its unlock: sensor or polarity fault "
                "(closed_bit?); no pulse sent",
                board,
                lock,
            )
            return UnlockResult(board, lock, UnlockOutcome.OPEN_BEFORE, before.item)
        self._command(board, [lock], self._protocol.unlock_request(board, lock))
        self._release(board, [lock])
        return self._confirm(board, lock)

    def unlock_all(self, board: int) -> BoardStatus:
        channels = self._config.channels(board)
        for frame in self._protocol.unlock_all_frames(board, channels):
            self._command(board, range(1, channels + 1), frame)
        self._release(board, range(1, channels + 1))
        time.sleep(self._config.unlock_readback_delay_ms / 1000)
        return self.read_board(board)

    def raise_alert(self) -> bool:
        alert = self._config.alert_output
        if alert is None:
            return False
        frame = self._protocol.unlock_request(alert.board, alert.lock)
        with self._bus:
            self._link.discard_input()
            self._link.write(frame)
        log.warning(
            "board %d output %d: alert pulsed (%s)", alert.board, alert.lock, frame.hex(" ")
        )
        return True

    def start_monitor(
        self, listener: DoorListener, baseline: Mapping[int, BoardStatus] | None = None
    ) -> None:
        if self._monitor is not None:
            raise RuntimeError("the door monitor is already running")
        self._monitor = DoorMonitor(self, self._config, self._boards, listener, baseline)
        self._monitor.start()

    def stop_monitor(self) -> None:
        if self._monitor is not None:
            self._monitor.stop()
            self._monitor = None

    def lend_port(self) -> None:
        self.stop_monitor()
        with self._bus:
            self._link.close()
            self._link = _LentLink(self._link.name)
        log.info("lock bus: port %s lent, the door monitor stopped", self._link.name)

    def take_port_back(self) -> None:
        with self._bus:
            if isinstance(self._link, _LentLink):
                name = self._link.name
                self._link = SerialLink(name, self._baud, device="lock bus", open_now=False)
                log.info("lock bus: port %s taken back", name)

    @property
    def lent(self) -> bool:
        return isinstance(self._link, _LentLink)

    def health(self) -> JsonDict:
        with self._health_lock:
            boards = [self._health[b].to_json(b) for b in self._boards]
        return {
            "online": all(b["state"] == BoardState.ONLINE.value for b in boards),
            "port": self._config.port,
            "protocol": self._config.protocol,
            "monitoring": self._monitor is not None,
            "lent": self.lent,
            "boards": boards,
        }

    def close(self) -> None:
        self.stop_monitor()
        self._link.close()

    # --- used by the monitor -------------------------------------------------------------------

    def board_state(self, board: int) -> BoardState:
        with self._health_lock:
            return self._health[board].state

    def take_command(self, board: int, lock: int, window: float) -> bool:
        """Whether an unlock of this lock was sent within ``window`` seconds (consumes it)."""
        with self._health_lock:
            sent = self._commanded.pop((board, lock), None)
        return sent is not None and time.monotonic() - sent <= window

    # --- exchanges -----------------------------------------------------------------------------

    def _command(self, board: int, locks: Sequence[int], frame: bytes) -> None:
        now = time.monotonic()
        with self._health_lock:
            for lock in locks:
                self._commanded[(board, lock)] = now
        with self._bus:
            self._link.discard_input()
            self._link.write(frame)
        log.info("board %d: unlock %s sent (%s)", board, list(locks), frame.hex(" "))

    def _release(self, board: int, locks: Sequence[int]) -> None:
        """End the pulse, for boards that hold an output until told (Modbus coils)."""
        release = self._protocol.release_request
        if release is None:
            return
        time.sleep((self._config.board(board).pulse_ms or DEFAULT_RELEASE_MS) / 1000)
        for lock in locks:
            frame = release(board, lock)
            with self._bus:
                self._link.discard_input()
                self._link.write(frame)
            log.info("board %d: lock %d released (%s)", board, lock, frame.hex(" "))

    def _set_pulse_time(self, board: int) -> None:
        """The configured pulse time, sent once each time a board answers after start-up or
        after being offline (it may have lost power, and its setting with it)."""
        pulse_ms = self._config.board(board).pulse_ms
        pulse_request = self._protocol.pulse_request
        if pulse_ms is None or pulse_request is None:
            return  # only cu16 boards have a pulse time command (the validation says so)
        with self._health_lock:
            if board in self._pulse_set:
                return
            self._pulse_set.add(board)
        frame = pulse_request(board, pulse_ms)
        self._link.discard_input()
        self._link.write(frame)
        log.info("board %d: pulse time %d ms set (%s)", board, pulse_ms, frame.hex(" "))

    def _read_retrying(self, board: int) -> BoardStatus:
        """A reading, retried up to ``offline_after_failures`` times; the last error if none."""
        for attempt in range(1, self._config.offline_after_failures + 1):
            try:
                return self.read_board(board)
            except DeviceError:
                if attempt == self._config.offline_after_failures:
                    raise
                log.info("board %d: reading before an unlock failed, retrying", board)
        raise AssertionError("unreachable")

    def _confirm(self, board: int, lock: int) -> UnlockResult:
        """Read the board again until the lock shows open or ``unlock_confirm_ms`` runs out.

        A lost or garbled reply is retried with a growing pause (boards may ignore the line
        during their pulse). Jammed needs the board's answer at the end of the window; without
        it nobody knows what the door did.
        """
        deadline = time.monotonic() + self._config.unlock_confirm_ms / 1000
        pause = self._config.unlock_readback_delay_ms / 1000
        longest = max(pause, self._config.poll_interval_ms / 1000)
        last: LockState | None = None
        while True:
            time.sleep(pause)
            try:
                last = self.read_board(board).lock(lock)
            except DeviceError as exc:
                last = None
                log.info("board %d lock %d: read-back after unlock failed (%s)", board, lock, exc)
            else:
                if not last.closed:
                    return UnlockResult(board, lock, UnlockOutcome.OPENED, last.item)
            if time.monotonic() >= deadline:
                break
            pause = min(max(pause * 2, 0.01), longest)
        if last is None:
            log.warning("board %d lock %d: unlocked, no trustworthy read-back", board, lock)
            return UnlockResult(board, lock, UnlockOutcome.UNKNOWN, None)
        log.warning("board %d lock %d: unlocked, door still closed (jammed?)", board, lock)
        return UnlockResult(board, lock, UnlockOutcome.JAMMED, last.item)

    def _check_lock(self, board: int, lock: int) -> None:
        channels = self._config.channels(board)
        if not 1 <= lock <= channels:
            raise ValueError(
                f"board {board} has locks 1..{channels}, not {lock} (set channels in "
                "[[devices.lock_bus.boards]] if the board has more)"
            )

    def _exchange(
        self, board: int, request: bytes, spec: FrameSpec, parse: Callable[[bytes], T | None]
    ) -> T:
        """Send ``request`` and return the first frame ``parse`` accepts, or raise."""
        junk = 0
        buffer = b""
        with self._bus:
            if isinstance(self._link, _LentLink):
                raise self._link._refuse()  # not the board's failure: its health stays
            try:
                self._link.discard_input()  # late replies and unsolicited frames are not answers
                self._link.write(request)
                deadline = time.monotonic() + self._config.reply_timeout_ms / 1000
                while (left := deadline - time.monotonic()) > 0:
                    buffer += self._link.read_some(left)
                    scan = scan_frames(buffer, spec)
                    buffer, junk = scan.rest, junk + scan.junk
                    for frame in scan.frames:
                        answer = parse(frame)
                        if answer is not None:
                            self._record(board, None, frame_error=junk > 0)
                            return answer
            except DeviceError as lost:  # the port itself (adapter unplugged): board unreachable
                self._record(board, lost, frame_error=False)
                raise
        error: DeviceError
        if junk or buffer:
            error = GarbledReplyError(
                f"lock board {board} on {self._link.name}: garbled reply to {request.hex(' ')} "
                f"({junk + len(buffer)} bad bytes: check RS-485 wiring, termination, baud)"
            )
        else:
            error = NoReplyError(
                f"lock board {board} on {self._link.name}: no reply to {request.hex(' ')} within "
                f"{self._config.reply_timeout_ms} ms (power, address DIP switches, A/B wires, "
                f"protocol {self._config.protocol})"
            )
        self._record(board, error, frame_error=isinstance(error, GarbledReplyError))
        raise error

    def _record(self, board: int, error: DeviceError | None, *, frame_error: bool) -> None:
        with self._health_lock:
            health = self._health.setdefault(board, BoardHealth())
            health.frame_errors += frame_error
            if error is None:
                health.consecutive_failures = 0
                new = BoardState.ONLINE
                why = "answered"
            else:
                health.timeouts += isinstance(error, NoReplyError)
                health.consecutive_failures += 1
                health.last_error = str(error)
                failures = health.consecutive_failures
                if failures < self._config.offline_after_failures:
                    return
                new = BoardState.OFFLINE
                self._pulse_set.discard(board)
                why = f"{failures} failed exchanges, last: {type(error).__name__}"
            changed = self._set_state(board, health, new, why)
        monitor = self._monitor
        if changed and monitor is not None:
            # Told at once, whoever's exchange it was: a board lost during an unlock and back
            # by the monitor's next poll must still produce its "offline" and "online".
            monitor.board_state_changed(board)

    @staticmethod
    def _set_state(board: int, health: BoardHealth, new: BoardState, why: str) -> bool:
        if health.state is new:
            return False
        level = logging.WARNING if new is BoardState.OFFLINE else logging.INFO
        log.log(level, "lock board %d: %s → %s (%s)", board, health.state.value, new.value, why)
        health.state = new
        return True
