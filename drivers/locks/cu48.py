"""Kerong KR-CU48 and the newer CU12: every constant and frame of their 6-byte protocol.

Requests are ``02 ADDR LOCK CMD 03 SUM`` (SUM: low byte of the sum of the bytes before it):
unlock ``02 00 LL 61 03 SUM`` with ``LL = lock - 1``, status ``02 00 00 60 03 65``. The status
reply is ``02 ADDR 00 75 L1 … L6 I1 … I6 03 SUM``: 48 lock bits (bit i of the six lock bytes,
LSB first, is lock i+1; 1 = locked, the door closed) and six bytes more in the place where the
KR-CU16 has its infrared item sensors. Source: AshurkovAV/KerongConsole, "Коды для контролера
запрос ответ.txt" (status of cells 1-5 and 14 closed; unlock of cells 1-5). The meaning of the
last six bytes is not documented there, so item sensors are off unless a board's
``item_sensors = true`` says they are fitted. A CU12 is the same protocol with 12 locks.
"""

from __future__ import annotations

from dataclasses import dataclass

from drivers.locks.framing import FrameSpec
from drivers.locks.sensors import SensorBits

NAME = "cu48"
DEFAULT_BAUD = 19200
HAS_ITEM_SENSORS = False

STX = 0x02
ETX = 0x03
CMD_STATUS = 0x60
CMD_UNLOCK = 0x61
REPLY_STATUS = 0x75

REQUEST_LENGTH = 6
LOCK_BYTES = 6
STATUS_REPLY_LENGTH = 4 + 2 * LOCK_BYTES + 2
MAX_BOARD = 15
MAX_CHANNELS = 48
DEFAULT_CHANNELS = 48
#: The CU12's lock count, for boards configured with ``channels = 12``.
CU12_CHANNELS = 12


def checksum(data: bytes) -> int:
    return sum(data) & 0xFF


def _frame(body: bytes) -> bytes:
    return body + bytes([checksum(body)])


def _address(board: int) -> int:
    if not 0 <= board <= MAX_BOARD:
        raise ValueError(f"KR-CU48 board address must be 0..{MAX_BOARD}, not {board}")
    return board


def read_board_request(board: int) -> bytes:
    return _frame(bytes([STX, _address(board), 0x00, CMD_STATUS, ETX]))


def unlock_request(board: int, lock: int) -> bytes:
    if not 1 <= lock <= MAX_CHANNELS:
        raise ValueError(f"KR-CU48 lock must be 1..{MAX_CHANNELS}, not {lock}")
    return _frame(bytes([STX, _address(board), lock - 1, CMD_UNLOCK, ETX]))


def status_reply(board: int, sensors: SensorBits) -> bytes:
    """The board's answer to a status read (simulator side)."""
    locks = sensors.locks.to_bytes(LOCK_BYTES, "little")
    items = (sensors.items or 0).to_bytes(LOCK_BYTES, "little")
    return _frame(bytes([STX, _address(board), 0x00, REPLY_STATUS]) + locks + items + bytes([ETX]))


def _valid_request(frame: bytes) -> bool:
    return frame[4] == ETX and frame[5] == checksum(frame[:5])


def _valid_status_reply(frame: bytes) -> bool:
    return frame[3] == REPLY_STATUS and frame[-2] == ETX and frame[-1] == checksum(frame[:-1])


REQUEST_FRAMES = FrameSpec(frozenset({STX}), REQUEST_LENGTH, _valid_request)
STATUS_FRAMES = FrameSpec(frozenset({STX}), STATUS_REPLY_LENGTH, _valid_status_reply)


def parse_status_reply(frame: bytes, board: int) -> SensorBits | None:
    """Sensor bits from a frame found valid by ``STATUS_FRAMES``; None if another board's."""
    if frame[1] != board:
        return None
    body = frame[4:-2]
    return SensorBits(
        locks=int.from_bytes(body[:LOCK_BYTES], "little"),
        items=int.from_bytes(body[LOCK_BYTES:], "little"),
    )


@dataclass(frozen=True)
class Request:
    """A request as the board decodes it (simulator side)."""

    board: int
    command: int
    lock: int  # 1..48; meaningful for CMD_UNLOCK only


def parse_request(frame: bytes) -> Request:
    return Request(board=frame[1], command=frame[3], lock=frame[2] + 1)
