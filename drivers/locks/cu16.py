"""Kerong KR-CU16 protocol: every constant and frame of it, as pure functions.

Request ``02 ADDR CMD 03 SUM`` with ``ADDR = board << 4 | (lock - 1)``; status reply
``02 ADDR 35 L1-8 L9-16 IR1-8 IR9-16 03 SUM``; SUM is the low byte of the sum of the bytes
before it. "Set pulse time" (0x37) carries one data byte before ``03``, in 10 ms units (a TS
CU12/CU16 module is reported to take two bytes: not supported). The boards also know "read all
boards" (0x32), which the kiosk does not use.
"""

from __future__ import annotations

from dataclasses import dataclass

from drivers.locks.framing import FrameSpec
from drivers.locks.sensors import SensorBits

NAME = "cu16"
DEFAULT_BAUD = 19200
HAS_ITEM_SENSORS = True

STX = 0x02
ETX = 0x03
CMD_READ_BOARD = 0x30
CMD_UNLOCK = 0x31
CMD_UNLOCK_ALL = 0x33
CMD_SET_PULSE = 0x37
PULSE_UNIT_MS = 10
REPLY_STATUS = 0x35

REQUEST_LENGTH = 5
SET_PULSE_LENGTH = 6
STATUS_REPLY_LENGTH = 9
MAX_BOARD = 15


def checksum(data: bytes) -> int:
    return sum(data) & 0xFF


def _frame(body: bytes) -> bytes:
    return body + bytes([checksum(body)])


def _board_address(board: int) -> int:
    if not 0 <= board <= MAX_BOARD:
        raise ValueError(f"KR-CU16 board address must be 0..{MAX_BOARD}, not {board}")
    return board << 4


def read_board_request(board: int) -> bytes:
    return _frame(bytes([STX, _board_address(board), CMD_READ_BOARD, ETX]))


def unlock_request(board: int, lock: int) -> bytes:
    if not 1 <= lock <= 16:
        raise ValueError(f"lock must be 1..16, not {lock}")
    return _frame(bytes([STX, _board_address(board) | (lock - 1), CMD_UNLOCK, ETX]))


def unlock_all_request(board: int) -> bytes:
    return _frame(bytes([STX, _board_address(board), CMD_UNLOCK_ALL, ETX]))


def set_pulse_request(board: int, pulse_ms: int) -> bytes:
    """Set the unlock pulse time of every lock of ``board`` (10 ms units, 10-2550 ms)."""
    units = round(pulse_ms / PULSE_UNIT_MS)
    if not 1 <= units <= 0xFF:
        raise ValueError(f"pulse time must be 10..2550 ms, not {pulse_ms}")
    return _frame(bytes([STX, _board_address(board), CMD_SET_PULSE, units, ETX]))


def status_reply(board: int, sensors: SensorBits) -> bytes:
    """The board's answer to a status read (used by the simulator)."""
    items = sensors.items or 0
    body = bytes(
        [
            STX,
            _board_address(board),
            REPLY_STATUS,
            sensors.locks & 0xFF,
            sensors.locks >> 8,
            items & 0xFF,
            items >> 8,
            ETX,
        ]
    )
    return _frame(body)


def _valid_request(frame: bytes) -> bool:
    return frame[-2] == ETX and frame[-1] == checksum(frame[:-1])


def _valid_status_reply(frame: bytes) -> bool:
    return frame[2] == REPLY_STATUS and frame[7] == ETX and frame[8] == checksum(frame[:8])


def _request_length(header: bytes) -> int:
    """Requests are 5 bytes; "set pulse time" 6 (its data byte): the command byte says."""
    return SET_PULSE_LENGTH if header[2] == CMD_SET_PULSE else REQUEST_LENGTH


REQUEST_FRAMES = FrameSpec(
    frozenset({STX}), REQUEST_LENGTH, _valid_request, length_of=_request_length
)
STATUS_FRAMES = FrameSpec(frozenset({STX}), STATUS_REPLY_LENGTH, _valid_status_reply)


def parse_status_reply(frame: bytes, board: int) -> SensorBits | None:
    """Sensor bits from a frame found valid by ``STATUS_FRAMES``; None if another board's."""
    if frame[1] != _board_address(board):
        return None
    return SensorBits(locks=frame[3] | frame[4] << 8, items=frame[5] | frame[6] << 8)


@dataclass(frozen=True)
class Request:
    """A request as the board decodes it (simulator side)."""

    board: int
    command: int
    lock: int  # 1..16; meaningful for CMD_UNLOCK only
    data: int | None = None  # CMD_SET_PULSE's data byte


def parse_request(frame: bytes) -> Request:
    data = frame[3] if len(frame) == SET_PULSE_LENGTH else None
    return Request(board=frame[1] >> 4, command=frame[2], lock=(frame[1] & 0x0F) + 1, data=data)
