"""Finding the lock boards on a bus: which protocol, line speed and addresses answer, and each
board's polarity and channel count read from its state with every door closed.

Used by ``kiosk commission scan``. A board is probed with its protocol's ordinary read
request; one that answers is read for:

- ``closed_bit``: the value of the bits of its first channels (the technician has confirmed
  every door is closed, and the lowest channels are always wired): most drivers and boards say
  1, some are wired or built the other way round.
- ``channels``: the protocol's count (cu16 16), or for boards sold in several sizes (cu48 /
  CU12, 8A/80 2-50) the highest channel that reads closed on a ``closed_bit = 1`` board,
  rounded up to a size sold; an inverted board cannot tell unwired inputs from closed doors,
  so it gets the most its reply carries.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from drivers.errors import DeviceError
from drivers.interfaces import JsonDict
from drivers.locks import protocols
from drivers.locks.bus import LockLink
from drivers.locks.framing import scan_frames
from drivers.locks.protocols import BoardProtocol
from drivers.locks.sensors import SensorBits
from drivers.serial_link import SerialLink

PROBE_TIMEOUT_S = 0.1
#: Line speeds tried for each protocol, its default first (the common factory settings).
BAUDS = {
    "cu16": (19200, 9600),
    "cu48": (19200, 9600),
    "8a80": (9600, 19200),
    "modbus": (9600, 19200),
}
#: ``auto`` leaves Modbus out: 247 slave addresses take half a minute per line speed.
AUTO = ("cu16", "cu48", "8a80")


@dataclass(frozen=True)
class FoundBoard:
    protocol: str
    baud: int
    address: int
    closed_bit: int
    channels: int
    item_sensors: bool

    def to_json(self) -> JsonDict:
        return {
            "protocol": self.protocol,
            "baud": self.baud,
            "address": self.address,
            "closed_bit": self.closed_bit,
            "channels": self.channels,
            "item_sensors": self.item_sensors,
        }


def sweep(
    link: LockLink, protocol: BoardProtocol, timeout: float
) -> dict[int, tuple[SensorBits, bytes]]:
    """Each of the protocol's addresses asked in turn with its read request and given
    ``timeout`` to answer; the sensor bits and reply frame of each board that answered.

    A reply that comes after its wait, while the next addresses are asked, still counts for
    the board its frame names: a slow board is not missed for a short wait. An address whose
    write or read failed is taken as silent."""
    answers: dict[int, tuple[SensorBits, bytes]] = {}
    asked: list[int] = []
    buffer = b""
    for address in protocol.addresses:
        asked.append(address)
        try:
            buffer = _hear(link, protocol, buffer, asked, answers, 0.0)  # late replies
            link.write(protocol.read_request(address))
            deadline = time.monotonic() + timeout
            while address not in answers and (left := deadline - time.monotonic()) > 0:
                buffer = _hear(link, protocol, buffer, asked, answers, left)
        except DeviceError:
            buffer = b""
    return answers


def _hear(
    link: LockLink,
    protocol: BoardProtocol,
    buffer: bytes,
    asked: Sequence[int],
    answers: dict[int, tuple[SensorBits, bytes]],
    wait: float,
) -> bytes:
    """What arrives within ``wait``: each read reply recorded for the asked board it names;
    the bytes of a frame not complete yet returned."""
    scan = scan_frames(buffer + link.read_some(wait), protocol.replies)
    for frame in scan.frames:
        for address in asked:
            bits = protocol.parse_read(frame, address) if address not in answers else None
            if bits is not None:
                answers[address] = (bits, frame)
                break
    return scan.rest


def judge(protocol: BoardProtocol, bits: SensorBits, frame: bytes) -> tuple[int, int]:
    """``(closed_bit, channels)`` of a board whose doors are all closed."""
    carried = min(protocol.max_channels, _bits_in(protocol, frame))
    first = min(protocol.channel_counts)
    ones = bin(bits.locks & ((1 << first) - 1)).count("1")
    closed_bit = 1 if 2 * ones >= first else 0
    if len(protocol.channel_counts) == 1:
        return closed_bit, protocol.channel_counts[0]
    if closed_bit == 0:
        return closed_bit, carried
    highest = (bits.locks & ((1 << carried) - 1)).bit_length()
    sold = [n for n in protocol.channel_counts if n >= highest and n <= carried]
    return closed_bit, min(sold, default=carried)


def _bits_in(protocol: BoardProtocol, frame: bytes) -> int:
    if protocol.name == "8a80":
        return 8 * (len(frame) - 4)  # the status bytes between board and 33
    return protocol.max_channels


def scan_bus(
    port: str,
    names: Sequence[str] = AUTO,
    *,
    timeout: float = PROBE_TIMEOUT_S,
    open_link: Callable[[str, int], LockLink] | None = None,
) -> list[FoundBoard]:
    """Every board answering on ``port``, for each protocol at the first line speed at which
    any answers. Raises ``DeviceError`` when the port itself cannot be opened."""
    opener = open_link or _serial
    found: list[FoundBoard] = []
    for name in names:
        protocol = protocols.get(name)
        for baud in BAUDS[name]:
            link = opener(port, baud)
            try:
                answers = sweep(link, protocol, timeout)
            finally:
                link.close()
            boards = [_found(protocol, baud, a, answers[a]) for a in sorted(answers)]
            if boards:
                found.extend(boards)
                break
    return found


def _found(
    protocol: BoardProtocol, baud: int, address: int, raw: tuple[SensorBits, bytes]
) -> FoundBoard:
    closed_bit, channels = judge(protocol, *raw)
    return FoundBoard(protocol.name, baud, address, closed_bit, channels, protocol.item_sensors)


def _serial(port: str, baud: int) -> LockLink:
    return SerialLink(port, baud, device="lock bus")
