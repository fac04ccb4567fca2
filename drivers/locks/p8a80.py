"""Generic "8A/80" lock board protocol: every constant and frame of it, as pure functions.

Frames are ``CMD BOARD LOCK DATA XOR`` with XOR over the bytes before it. ``8A bb ll 11`` opens
a lock (lock 00 opens all; a board may answer ``8A bb ll 00``), ``80 bb ll 33`` reads one lock
and is answered ``80 bb ll SS``, and some boards send ``82 bb ll SS`` on their own when a door
changes (not all products: Guangzhou Shuoming protocol note 2024A1). ``SS`` is 00 or 11; which
one means closed depends on the wiring (0x11 = closed on the common one).

``80 bb 00 33`` reads every lock of a board in one reply, ``80 bb S1 … Sn 33 XOR``: n status
bytes, S1 = locks 1-8 (bit i, LSB first, is lock i+1), bit 1 = closed on the common wiring. The
number of status bytes is the board's, not its channel count (a verified 8-channel board sends
three; 50-channel boards seven), so the reply is recognised by its shape and checksum. Boards
have 2, 8, 12, 18, 24 or 50 channels and DIP addresses 1-32. These boards have no item sensors.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from operator import xor

from drivers.locks.framing import FrameSpec
from drivers.locks.sensors import SensorBits

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
#: Status bytes in a read-all reply: three for boards up to 24 channels, seven for 50.
STATUS_BYTES = range(3, 8)
#: The Shuoming note numbers boards 1-32; 0 is accepted for boards set to it.
MAX_BOARD = 32
MAX_CHANNELS = 50
CHANNEL_COUNTS = (2, 8, 12, 18, 24, 50)
DEFAULT_CHANNELS = 16


def checksum(data: bytes) -> int:
    return reduce(xor, data, 0)


def _check_board(board: int) -> int:
    if not 0 <= board <= MAX_BOARD:
        raise ValueError(f"8A/80 board address must be 1..{MAX_BOARD}, not {board}")
    return board


def _frame(cmd: int, board: int, lock: int, data: int) -> bytes:
    body = bytes([cmd, _check_board(board), lock, data])
    return body + bytes([checksum(body)])


def _check_lock(lock: int) -> int:
    if not 1 <= lock <= MAX_CHANNELS:
        raise ValueError(f"8A/80 lock must be 1..{MAX_CHANNELS}, not {lock}")
    return lock


def read_lock_request(board: int, lock: int) -> bytes:
    return _frame(CMD_READ, board, _check_lock(lock), DATA_READ)


def read_all_request(board: int) -> bytes:
    return _frame(CMD_READ, board, LOCK_ALL, DATA_READ)


def unlock_request(board: int, lock: int) -> bytes:
    return _frame(CMD_UNLOCK, board, _check_lock(lock), DATA_UNLOCK)


def unlock_all_request(board: int) -> bytes:
    return _frame(CMD_UNLOCK, board, LOCK_ALL, DATA_UNLOCK)


def lock_reply(board: int, lock: int, sensor: int, *, unsolicited: bool = False) -> bytes:
    """A board's report of one lock's sensor bit (simulator side)."""
    return _frame(CMD_CHANGED if unsolicited else CMD_READ, board, lock, SENSOR_BYTES[sensor])


def read_all_reply(board: int, bits: int, status_bytes: int) -> bytes:
    """A board's answer to ``read_all_request`` (simulator side)."""
    body = bytes([CMD_READ, _check_board(board)]) + bits.to_bytes(status_bytes, "little")
    body += bytes([DATA_READ])
    return body + bytes([checksum(body)])


def _valid(frame: bytes) -> bool:
    if frame[-1] != checksum(frame[:-1]):
        return False
    if len(frame) == FRAME_LENGTH:
        return frame[0] in (CMD_UNLOCK, CMD_READ, CMD_CHANGED)
    return frame[0] == CMD_READ and frame[-2] == DATA_READ


def _valid_read_all(frame: bytes) -> bool:
    if len(frame) == FRAME_LENGTH:  # an unlock answer or a change report passing by
        return frame[0] in (CMD_UNLOCK, CMD_CHANGED) and _valid(frame)
    return _valid(frame)


#: What the host receives to single-lock reads, unlocks and by itself (five bytes each).
FRAMES = FrameSpec(frozenset({CMD_UNLOCK, CMD_READ, CMD_CHANGED}), FRAME_LENGTH, _valid)
#: What the host receives to a read-all: a reply of 3-7 status bytes (starting with 80), or
#: an unlock answer or change report (8A, 82) on the way. A five-byte 80 frame cannot be
#: told from the start of a read-all reply, so here there is none.
READ_ALL_FRAMES = FrameSpec(
    frozenset({CMD_UNLOCK, CMD_READ, CMD_CHANGED}),
    FRAME_LENGTH,
    _valid_read_all,
    lengths={CMD_READ: tuple(4 + n for n in STATUS_BYTES)},
)
#: What a board receives (simulator side): five-byte requests only.
REQUEST_FRAMES = FRAMES


def parse_lock_reply(frame: bytes, board: int, lock: int) -> int | None:
    """The sensor bit in the answer to ``read_lock_request(board, lock)``, else None.

    ``frame`` was found valid by ``FRAMES``; unsolicited change reports, echoes and other
    boards' answers are not the answer and give None.
    """
    if len(frame) != FRAME_LENGTH or frame[0] != CMD_READ:
        return None
    if frame[1] != board or frame[2] != lock:
        return None
    return SENSOR_VALUES.get(frame[3])


def parse_read_all(frame: bytes, board: int) -> SensorBits | None:
    """The sensor bits in the answer to ``read_all_request(board)``, else None."""
    if len(frame) == FRAME_LENGTH or frame[0] != CMD_READ or frame[1] != board:
        return None
    return SensorBits(int.from_bytes(frame[2:-2], "little"), None)


@dataclass(frozen=True)
class Request:
    """A request as the board decodes it (simulator side). ``lock`` 0 means all locks."""

    command: int
    board: int
    lock: int
    data: int


def parse_request(frame: bytes) -> Request:
    return Request(command=frame[0], board=frame[1], lock=frame[2], data=frame[3])
