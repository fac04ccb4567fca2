"""Modbus RTU relay/input boards as lock boards, through pymodbus's framer and PDUs.

Each board is a Modbus slave (address 1-247). Lock ``n`` is coil ``coil_base + n - 1``: an
unlock writes it on (function 05, ``FF 00``), and the bus writes it off again after the pulse
(``pulse_ms``, default 500 ms), since a relay board holds a coil until told. Door sensors are
discrete inputs ``door_input_base + n - 1`` and, where fitted, item sensors
``item_input_base + n - 1``; one "read discrete inputs" (function 02) covering both reads a
board. Input on (1) means closed with ``closed_bit = 1``, as with the other protocols. The
register map is in ``[devices.lock_bus.modbus]``: boards differ.
"""

from __future__ import annotations

from dataclasses import dataclass

from pymodbus.framer import FramerRTU
from pymodbus.pdu import DecodePDU
from pymodbus.pdu.bit_message import (
    ReadDiscreteInputsRequest,
    ReadDiscreteInputsResponse,
    WriteSingleCoilRequest,
    WriteSingleCoilResponse,
)

from drivers.locks.framing import FrameSpec
from drivers.locks.sensors import SensorBits

NAME = "modbus"
DEFAULT_BAUD = 9600
MIN_BOARD, MAX_BOARD = 1, 247
MAX_CHANNELS = 64
DEFAULT_CHANNELS = 8
CHANNEL_COUNTS = (1, 2, 4, 8, 16, 32)
DEFAULT_PULSE_MS = 500

FC_READ_INPUTS = 0x02
FC_WRITE_COIL = 0x05
EXCEPTION = 0x80
REQUEST_LENGTH = 8  # address, function, 2 x 2 bytes, CRC

_CLIENT = FramerRTU(DecodePDU(is_server=False))
_SERVER = FramerRTU(DecodePDU(is_server=True))


@dataclass(frozen=True)
class RegisterMap:
    coil_base: int = 0
    door_input_base: int = 0
    item_input_base: int | None = None

    def span(self, channels: int) -> tuple[int, int]:
        """The first discrete input and how many to read for doors (and items)."""
        bases = [self.door_input_base]
        if self.item_input_base is not None:
            bases.append(self.item_input_base)
        first = min(bases)
        return first, max(bases) + channels - first


def _check_board(board: int) -> int:
    if not MIN_BOARD <= board <= MAX_BOARD:
        raise ValueError(f"Modbus slave address must be {MIN_BOARD}..{MAX_BOARD}, not {board}")
    return board


def read_request(board: int, registers: RegisterMap, channels: int) -> bytes:
    first, count = registers.span(channels)
    pdu = ReadDiscreteInputsRequest(address=first, count=count, dev_id=_check_board(board))
    frame: bytes = _CLIENT.buildFrame(pdu)
    return frame


def coil_request(board: int, lock: int, registers: RegisterMap, *, on: bool) -> bytes:
    if not 1 <= lock <= MAX_CHANNELS:
        raise ValueError(f"Modbus lock must be 1..{MAX_CHANNELS}, not {lock}")
    address = registers.coil_base + lock - 1
    pdu = WriteSingleCoilRequest(address=address, bits=[on], dev_id=_check_board(board))
    frame: bytes = _CLIENT.buildFrame(pdu)
    return frame


def _crc_ok(frame: bytes) -> bool:
    return bool(FramerRTU.check_CRC(frame[:-2], (frame[-2] << 8) | frame[-1]))


def _reply_length(header: bytes) -> int:
    function = header[1]
    if function == FC_READ_INPUTS:
        return 5 + header[2]  # address, function, byte count, data, CRC
    if function & EXCEPTION:
        return 5
    return REQUEST_LENGTH  # a write's echo


REPLY_FRAMES = FrameSpec(
    frozenset(range(MIN_BOARD, MAX_BOARD + 1)), REQUEST_LENGTH, _crc_ok, _reply_length
)
REQUEST_FRAMES = FrameSpec(frozenset(range(MIN_BOARD, MAX_BOARD + 1)), REQUEST_LENGTH, _crc_ok)


def parse_read(
    frame: bytes, board: int, registers: RegisterMap, channels: int
) -> SensorBits | None:
    """The sensor bits in a valid reply to ``read_request``; None if it is not that."""
    if frame[0] != board or frame[1] != FC_READ_INPUTS:
        return None
    pdu = DecodePDU(is_server=False).decode(frame[1:-2])
    if not isinstance(pdu, ReadDiscreteInputsResponse):
        return None
    first, count = registers.span(channels)
    bits = list(pdu.bits)[:count]
    if len(bits) < count:
        return None

    def word(base: int) -> int:
        return sum(
            int(bit) << i for i, bit in enumerate(bits[base - first : base - first + channels])
        )

    items = None if registers.item_input_base is None else word(registers.item_input_base)
    return SensorBits(word(registers.door_input_base), items)


# --- the board's side (simulator) ----------------------------------------------------------


@dataclass(frozen=True)
class Request:
    board: int
    function: int
    address: int
    value: int  # the count for a read, 1/0 for a coil write


def parse_request(frame: bytes) -> Request:
    return Request(
        board=frame[0],
        function=frame[1],
        address=int.from_bytes(frame[2:4], "big"),
        value=int.from_bytes(frame[4:6], "big"),
    )


def inputs_reply(board: int, bits: list[bool]) -> bytes:
    frame: bytes = _SERVER.buildFrame(ReadDiscreteInputsResponse(bits=bits, dev_id=board))
    return frame


def coil_reply(board: int, address: int, on: bool) -> bytes:
    pdu = WriteSingleCoilResponse(address=address, bits=[on], dev_id=board)
    frame: bytes = _SERVER.buildFrame(pdu)
    return frame
