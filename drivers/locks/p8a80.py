"""Generic "8A/80" lock board protocol: every constant and frame of it, as pure functions.

Frames are five bytes, ``CMD BOARD LOCK DATA XOR`` with XOR over the first four. ``8A`` opens a
lock (lock 00 opens all), ``80 .. .. 33`` reads one lock and is answered ``80 bb ll SS``, and some
boards send ``82 bb ll SS`` on their own when a door changes. ``SS`` is 00 or 11; which one means
closed depends on the wiring. These boards have no item sensors.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from operator import xor

from drivers.locks.framing import FrameSpec

NAME = "8a80"
DEFAULT_BAUD = 9600
HAS_ITEM_SENSORS = False

CMD_UNLOCK = 0x8A
CMD_READ = 0x80
CMD_CHANGED = 0x82  # sent by the board itself
DATA_UNLOCK = 0x11
DATA_READ = 0x33
LOCK_ALL = 0x00
SENSOR_VALUES = {0x00: 0, 0x11: 1}
SENSOR_BYTES = {bit: byte for byte, bit in SENSOR_VALUES.items()}

FRAME_LENGTH = 5
MAX_BOARD = 0xFF


def checksum(data: bytes) -> int:
    return reduce(xor, data, 0)


def _frame(cmd: int, board: int, lock: int, data: int) -> bytes:
    if not 0 <= board <= MAX_BOARD:
        raise ValueError(f"8A/80 board address must be 0..{MAX_BOARD}, not {board}")
    body = bytes([cmd, board, lock, data])
    return body + bytes([checksum(body)])


def _check_lock(lock: int) -> int:
    if not 1 <= lock <= 16:
        raise ValueError(f"lock must be 1..16, not {lock}")
    return lock


def read_lock_request(board: int, lock: int) -> bytes:
    return _frame(CMD_READ, board, _check_lock(lock), DATA_READ)


def unlock_request(board: int, lock: int) -> bytes:
    return _frame(CMD_UNLOCK, board, _check_lock(lock), DATA_UNLOCK)


def unlock_all_request(board: int) -> bytes:
    return _frame(CMD_UNLOCK, board, LOCK_ALL, DATA_UNLOCK)


def lock_reply(board: int, lock: int, sensor: int, *, unsolicited: bool = False) -> bytes:
    """A board's report of one lock's sensor bit (simulator side)."""
    return _frame(CMD_CHANGED if unsolicited else CMD_READ, board, lock, SENSOR_BYTES[sensor])


def _valid(frame: bytes) -> bool:
    return frame[0] in (CMD_UNLOCK, CMD_READ, CMD_CHANGED) and frame[4] == checksum(frame[:4])


FRAMES = FrameSpec(frozenset({CMD_UNLOCK, CMD_READ, CMD_CHANGED}), FRAME_LENGTH, _valid)


def parse_lock_reply(frame: bytes, board: int, lock: int) -> int | None:
    """The sensor bit in the answer to ``read_lock_request(board, lock)``, else None.

    ``frame`` was found valid by ``FRAMES``; unsolicited change reports, echoes and other
    boards' answers are not the answer and give None.
    """
    if frame[0] != CMD_READ or frame[1] != board or frame[2] != lock:
        return None
    return SENSOR_VALUES.get(frame[3])


@dataclass(frozen=True)
class Request:
    """A request as the board decodes it (simulator side). ``lock`` 0 means all locks."""

    command: int
    board: int
    lock: int
    data: int


def parse_request(frame: bytes) -> Request:
    return Request(command=frame[0], board=frame[1], lock=frame[2], data=frame[3])
