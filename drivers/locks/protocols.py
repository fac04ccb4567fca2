"""One declarative record per lock board protocol: line settings, framing, address and channel
limits, capabilities, and the functions that build and read its frames.

The bus driver (``bus.py``) and the simulator look everything up here instead of branching on
the protocol's name; a new protocol is a module of pure frame functions and one record.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from drivers.locks import cu16, cu48, modbus, p8a80
from drivers.locks.framing import FrameSpec
from drivers.locks.sensors import SensorBits

if TYPE_CHECKING:
    from drivers.config import LockBusConfig


@dataclass(frozen=True)
class BoardProtocol:
    name: str
    title: str
    default_baud: int
    #: Board addresses the protocol can carry (DIP switches).
    addresses: range
    #: Most locks one board of this protocol can have, and the count assumed when not set.
    max_channels: int
    default_channels: int
    #: Channel counts boards of this family are sold with (documentation and commissioning).
    channel_counts: tuple[int, ...]
    item_sensors: bool
    #: Boards may send frames by themselves (8A/80 ``82`` change reports).
    unsolicited_reports: bool
    #: What the host receives, and what a board receives (simulator side).
    replies: FrameSpec
    requests: FrameSpec
    read_request: Callable[[int], bytes]
    #: The sensor bits in a reply frame to ``read_request(board)``; None if not that answer.
    parse_read: Callable[[bytes, int], SensorBits | None]
    unlock_request: Callable[[int, int], bytes]
    #: The frame that opens every lock of a board; None: one unlock per lock.
    unlock_all_request: Callable[[int], bytes] | None
    #: The frame that ends a lock's pulse, sent by the bus after the board's ``pulse_ms``
    #: (relay boards hold an output until told: Modbus); None: the board times the pulse.
    release_request: Callable[[int, int], bytes] | None = None
    #: The frame that sets a board's unlock pulse time in ms; None: the protocol has none.
    pulse_request: Callable[[int, int], bytes] | None = None

    def unlock_all_frames(self, board: int, channels: int) -> list[bytes]:
        if self.unlock_all_request is not None:
            return [self.unlock_all_request(board)]
        return [self.unlock_request(board, lock) for lock in range(1, channels + 1)]

    def check_board(self, board: int) -> None:
        if board not in self.addresses:
            raise ValueError(
                f"board {board} is not a {self.title} address "
                f"({self.addresses.start}..{self.addresses.stop - 1})"
            )


CU16 = BoardProtocol(
    name=cu16.NAME,
    title="Kerong KR-CU16",
    default_baud=cu16.DEFAULT_BAUD,
    addresses=range(cu16.MAX_BOARD + 1),
    max_channels=16,
    default_channels=16,
    channel_counts=(16,),
    item_sensors=cu16.HAS_ITEM_SENSORS,
    unsolicited_reports=False,
    replies=cu16.STATUS_FRAMES,
    requests=cu16.REQUEST_FRAMES,
    read_request=cu16.read_board_request,
    parse_read=cu16.parse_status_reply,
    unlock_request=cu16.unlock_request,
    unlock_all_request=cu16.unlock_all_request,
    pulse_request=cu16.set_pulse_request,
)

CU48 = BoardProtocol(
    name=cu48.NAME,
    title="Kerong KR-CU48 / CU12",
    default_baud=cu48.DEFAULT_BAUD,
    addresses=range(cu48.MAX_BOARD + 1),
    max_channels=cu48.MAX_CHANNELS,
    default_channels=cu48.DEFAULT_CHANNELS,
    channel_counts=(cu48.CU12_CHANNELS, cu48.MAX_CHANNELS),
    item_sensors=cu48.HAS_ITEM_SENSORS,
    unsolicited_reports=False,
    replies=cu48.STATUS_FRAMES,
    requests=cu48.REQUEST_FRAMES,
    read_request=cu48.read_board_request,
    parse_read=cu48.parse_status_reply,
    unlock_request=cu48.unlock_request,
    unlock_all_request=None,
)

P8A80 = BoardProtocol(
    name=p8a80.NAME,
    title="8A/80",
    default_baud=p8a80.DEFAULT_BAUD,
    addresses=range(p8a80.MAX_BOARD + 1),
    max_channels=p8a80.MAX_CHANNELS,
    default_channels=p8a80.DEFAULT_CHANNELS,
    channel_counts=p8a80.CHANNEL_COUNTS,
    item_sensors=p8a80.HAS_ITEM_SENSORS,
    unsolicited_reports=True,
    replies=p8a80.READ_ALL_FRAMES,
    requests=p8a80.REQUEST_FRAMES,
    read_request=p8a80.read_all_request,
    parse_read=p8a80.parse_read_all,
    unlock_request=p8a80.unlock_request,
    unlock_all_request=p8a80.unlock_all_request,
)


def _modbus(registers: modbus.RegisterMap, channels: Callable[[int], int]) -> BoardProtocol:
    def read(board: int) -> bytes:
        return modbus.read_request(board, registers, channels(board))

    def parse(frame: bytes, board: int) -> SensorBits | None:
        return modbus.parse_read(frame, board, registers, channels(board))

    def unlock(board: int, lock: int) -> bytes:
        return modbus.coil_request(board, lock, registers, on=True)

    def release(board: int, lock: int) -> bytes:
        return modbus.coil_request(board, lock, registers, on=False)

    return BoardProtocol(
        name=modbus.NAME,
        title="Modbus RTU",
        default_baud=modbus.DEFAULT_BAUD,
        addresses=range(modbus.MIN_BOARD, modbus.MAX_BOARD + 1),
        max_channels=modbus.MAX_CHANNELS,
        default_channels=modbus.DEFAULT_CHANNELS,
        channel_counts=modbus.CHANNEL_COUNTS,
        item_sensors=registers.item_input_base is not None,
        unsolicited_reports=False,
        replies=modbus.REPLY_FRAMES,
        requests=modbus.REQUEST_FRAMES,
        read_request=read,
        parse_read=parse,
        unlock_request=unlock,
        unlock_all_request=None,
        release_request=release,
    )


#: With the default register map (coils and door inputs from 0, no item sensors).
MODBUS = _modbus(modbus.RegisterMap(), lambda board: modbus.DEFAULT_CHANNELS)

PROTOCOLS = {p.name: p for p in (CU16, CU48, P8A80, MODBUS)}


def for_bus(config: LockBusConfig) -> BoardProtocol:
    """The record for a configured bus: Modbus's frames depend on its register map and on
    each board's channel count."""
    if config.protocol != modbus.NAME:
        return get(config.protocol)
    return _modbus(modbus_registers(config), config.channels)


def modbus_registers(config: LockBusConfig) -> modbus.RegisterMap:
    m = config.modbus
    return modbus.RegisterMap(m.coil_base, m.door_input_base, m.item_input_base)


def get(name: str) -> BoardProtocol:
    try:
        return PROTOCOLS[name]
    except KeyError:
        raise ValueError(
            f"unknown lock protocol {name!r}: use {', '.join(sorted(PROTOCOLS))}"
        ) from None
