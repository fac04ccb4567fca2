"""The commissioning steps, each one blocking device I/O with its answer recorded in
``Findings``: the front ends (CLI, technician's screen) only ask and tell.

Run them off any UI thread. Boards are probed and walked through a port of their own: on a
running kiosk the lock bus lends its port for the time (``Listening.lend``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from enum import StrEnum

from drivers.config import LockBusConfig, PrinterConfig
from drivers.errors import DeviceError
from drivers.interfaces import ReceiptPrinter, UnlockResult
from drivers.locks import probe
from drivers.locks.bus import SerialLockBus
from drivers.printer import codepages
from drivers.printer.layout import code_page_sample
from drivers.serial_link import SerialLink
from kiosk.commission.findings import (
    SCAN_WAIT_S,
    CommissionError,
    Door,
    Fault,
    Findings,
    Problem,
    Stop,
    device_fault,
)

LABEL = re.compile(r"^[A-Z][0-9]{2}$")
AIM = re.compile(rb"^\][A-Za-z][0-9A-Za-z]")
#: A scan's bytes arrive within this of each other; after it the code is over.
SCAN_GAP_S = 0.3


# --- boards -----------------------------------------------------------------------------------


def find_boards(
    found: Findings, port: str, timeout: float, names: Sequence[str] = probe.AUTO
) -> None:
    """Probe the bus (every door closed: the polarity is read from them) for the protocols
    ``names`` and keep the boards of the first that answered; raises ``CommissionError`` when
    none did. A board that reads its doors the other way round from most gets its own
    polarity."""
    try:
        boards = probe.scan_bus(port, names, timeout=timeout)
    except DeviceError as exc:
        raise CommissionError(Stop.BUS_UNREACHABLE, str(exc), device_fault(exc)) from None
    if not boards:
        raise CommissionError(
            Stop.NO_BOARDS,
            f"no lock board answered on {port}: check the boards' power, A to A and B to B,"
            " the adapter, and each board's address switches",
        )
    protocol = boards[0].protocol
    others = [b for b in boards if b.protocol != protocol]
    if others:
        found.problems.append(Problem(Fault.OTHER_PROTOCOL, protocol=others[0].protocol))
    boards = [b for b in boards if b.protocol == protocol]
    bits = [b.closed_bit for b in boards]
    found.closed_bit = max(set(bits), key=bits.count)  # the bus's; the odd boards get their own
    found.problems.extend(
        Problem(Fault.POLARITY_DIFFERS, b.address)
        for b in boards
        if b.closed_bit != found.closed_bit
    )
    found.boards = boards


def door_bus(lock_bus: LockBusConfig, found: Findings, port: str) -> SerialLockBus:
    """The boards found, as a bus with the protocol, speed and polarity they answered with."""
    first = found.boards[0]
    config = lock_bus.model_copy(
        update={
            "port": port,
            "protocol": first.protocol,
            "baud": first.baud,
            "closed_bit": found.closed_bit,
            "boards": [
                lock_bus.board(b.address).model_copy(
                    update={"channels": b.channels, "closed_bit": found.own_closed_bit(b)}
                )
                for b in found.boards
            ],
        }
    )
    return SerialLockBus(config, [b.address for b in found.boards], port=port)


# --- doors ------------------------------------------------------------------------------------


def doors_to_walk(found: Findings) -> list[tuple[int, int]]:
    """Every (board, lock) of the boards found, in the order the walk takes them."""
    return [(b.address, lock) for b in found.boards for lock in range(1, b.channels + 1)]


def suggested_label(found: Findings, board: int, lock: int) -> str:
    """A label for a door nobody named yet: one column letter per board, the lock's number."""
    index = [b.address for b in found.boards].index(board)
    return f"{chr(ord('A') + index)}{lock:02d}"


class LabelFault(StrEnum):
    NOT_A_LABEL = "not_a_label"
    TAKEN = "taken"


def label_fault(found: Findings, label: str) -> LabelFault | None:
    if not LABEL.match(label):
        return LabelFault.NOT_A_LABEL
    if label in found.labels:
        return LabelFault.TAKEN
    return None


def pulse(found: Findings, bus: SerialLockBus, board: int, lock: int) -> UnlockResult | None:
    """Unlock one lock; the sensor's verdict, or None (recorded) when the board failed."""
    try:
        return bus.unlock(board, lock)
    except DeviceError as exc:
        found.problems.append(Problem.of_device(Fault.UNLOCK_FAILED, exc, board, lock))
        return None


def name_door(found: Findings, board: int, lock: int, seen: bool, label: str | None) -> None:
    """The technician's answer after a pulse: the label of the door that opened, or None."""
    if label is None:
        if seen:
            found.problems.append(Problem(Fault.NOT_NAMED, board, lock))
        return
    if not seen:
        found.problems.append(Problem(Fault.UNSEEN, board, lock, label))
    found.doors.append(Door(label, board, lock, seen))


def reads_closed(bus: SerialLockBus, door: Door) -> bool:
    """Whether the door's sensor reads closed now; raises ``DeviceError``."""
    return bus.read_board(door.board).lock(door.lock).closed


def never_closed(found: Findings, door: Door) -> None:
    found.problems.append(Problem(Fault.NEVER_CLOSED, door.board, door.lock, door.label))


# --- item sensors -----------------------------------------------------------------------------


def item_door(found: Findings) -> Door | None:
    """The door to check the item sensors with, or None when there is nothing to check (the
    protocol has none, or no door was named): then ``item_sensors`` is settled here."""
    first = found.boards[0]
    if not first.item_sensors or not found.doors:
        found.item_sensors = first.item_sensors
        return None
    return found.doors[0]


def read_item(found: Findings, bus: SerialLockBus, door: Door) -> bool:
    """With a sheet of paper in ``door``: whether its item sensor sees it (then they are on)."""
    try:
        item = bus.read_board(door.board).lock(door.lock).item
    except DeviceError as exc:
        found.problems.append(Problem.of_device(Fault.ITEM_READ_FAILED, exc, door.board))
        item = None
    found.item_sensors = bool(item)
    return found.item_sensors


# --- printer ----------------------------------------------------------------------------------


def print_sample(
    found: Findings, printer: ReceiptPrinter, config: PrinterConfig
) -> list[tuple[int, int]] | None:
    """Print the numbered code-page sample; its page pairs, line 1 first, or None (recorded)."""
    candidates = codepages.sample_candidates(config.profile)
    try:
        printer.print_bytes(code_page_sample(config, candidates))
    except DeviceError as exc:
        found.problems.append(Problem.of_device(Fault.SAMPLE_NOT_PRINTED, exc))
        return None
    return candidates


def choose_line(found: Findings, candidates: list[tuple[int, int]], line: int) -> None:
    """The line that reads right, from 1; 0 for none: Vietnamese is then printed as images."""
    if line == 0:
        found.text_mode, found.tcvn3_pages = "raster", None
    else:
        found.text_mode, found.tcvn3_pages = "auto", candidates[line - 1]


def no_line_chosen(found: Findings) -> None:
    found.problems.append(Problem(Fault.NO_LINE_CHOSEN))


# --- scanner ----------------------------------------------------------------------------------


def learn_scanner(
    found: Findings, port: str, baud: int, wait_s: float = SCAN_WAIT_S
) -> Problem | None:
    """Read one scan of the test QR and learn the scanner's suffix and AIM prefix from its
    bytes; the problem (also recorded) when nothing usable came."""
    link: SerialLink | None = None
    try:
        link = SerialLink(port, baud, device="scanner")
        raw = link.read_some(wait_s)
        while raw and (more := link.read_some(SCAN_GAP_S)):
            raw += more
    except DeviceError as exc:
        problem = Problem.of_device(Fault.SCANNER_FAILED, exc)
    else:
        if raw:
            found.suffix = _suffix_of(raw)
            found.strip_aim = bool(AIM.match(raw))
            return None
        problem = Problem(Fault.NOTHING_SCANNED)
    finally:
        if link is not None:
            link.close()
    found.problems.append(problem)
    return problem


def _suffix_of(raw: bytes) -> str:
    if raw.endswith(b"\r\n"):
        return "CRLF"
    if raw.endswith(b"\r"):
        return "CR"
    if raw.endswith(b"\n"):
        return "LF"
    return "gap"
