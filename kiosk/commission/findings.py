"""What commissioning found and what went wrong, as facts.

Problems and stops carry codes and numbers, not sentences: the CLI and the commissioning report
say them in English (``Problem.text``), the technician's screen in Vietnamese first
(kiosk/ui/tech/commission_words.py). ``detail`` keeps the driver's own message for the report.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from drivers.errors import (
    DeviceError,
    GarbledReplyError,
    NoReplyError,
    PaperOutError,
    PortBusyError,
    PortMissingError,
    PrinterNotReadyError,
)
from drivers.locks.probe import FoundBoard
from kiosk.errors import KioskError

#: How long the scanner step waits for the test QR.
SCAN_WAIT_S = 30.0


class DeviceFault(StrEnum):
    """Which way a device failed, from the driver's exception class."""

    PORT_MISSING = "port_missing"
    PORT_BUSY = "port_busy"
    NO_REPLY = "no_reply"
    GARBLED = "garbled"
    PAPER_OUT = "paper_out"
    PRINTER_NOT_READY = "printer_not_ready"
    OTHER = "other"


def device_fault(error: DeviceError) -> DeviceFault:
    # Most specific first: PaperOutError is a PrinterNotReadyError.
    kinds: list[tuple[type[DeviceError], DeviceFault]] = [
        (PortMissingError, DeviceFault.PORT_MISSING),
        (PortBusyError, DeviceFault.PORT_BUSY),
        (NoReplyError, DeviceFault.NO_REPLY),
        (GarbledReplyError, DeviceFault.GARBLED),
        (PaperOutError, DeviceFault.PAPER_OUT),
        (PrinterNotReadyError, DeviceFault.PRINTER_NOT_READY),
    ]
    return next((fault for cls, fault in kinds if isinstance(error, cls)), DeviceFault.OTHER)


class Fault(StrEnum):
    OTHER_PROTOCOL = "other_protocol"
    POLARITY_DIFFERS = "polarity_differs"
    UNLOCK_FAILED = "unlock_failed"
    NOT_NAMED = "not_named"
    UNSEEN = "unseen"
    NEVER_CLOSED = "never_closed"
    ITEM_READ_FAILED = "item_read_failed"
    SAMPLE_NOT_PRINTED = "sample_not_printed"
    NO_LINE_CHOSEN = "no_line_chosen"
    SCANNER_FAILED = "scanner_failed"
    NOTHING_SCANNED = "nothing_scanned"


@dataclass(frozen=True)
class Problem:
    """Something the technician should look at; the commissioning goes on."""

    fault: Fault
    board: int | None = None
    lock: int | None = None
    label: str = ""
    protocol: str = ""
    device: DeviceFault | None = None
    detail: str = ""

    @classmethod
    def of_device(
        cls, fault: Fault, error: DeviceError, board: int | None = None, lock: int | None = None
    ) -> Problem:
        return cls(fault, board, lock, device=device_fault(error), detail=str(error))

    def text(self) -> str:
        """In English, for the CLI and the report."""
        b, k, label = self.board, self.lock, self.label
        return {
            Fault.OTHER_PROTOCOL: f"boards of another protocol ({self.protocol}) on the same bus"
            " are left out",
            Fault.POLARITY_DIFFERS: f"board {b} reads its doors the other way round from the"
            " others: its own closed_bit is written (the door walk checks it; if a door of it"
            " was open during the scan, close it and scan again)",
            Fault.UNLOCK_FAILED: f"board {b} lock {k}: {self.detail}",
            Fault.NOT_NAMED: f"board {b} lock {k}: the sensor saw a door open that was not named",
            Fault.UNSEEN: f"{label} (board {b} lock {k}): opened but its sensor did not see it"
            " (sensor wiring, or polarity)",
            Fault.NEVER_CLOSED: f"{label}: its sensor never read closed again",
            Fault.ITEM_READ_FAILED: f"item sensors: {self.detail}",
            Fault.SAMPLE_NOT_PRINTED: f"printer: code-page sample not printed: {self.detail}",
            Fault.NO_LINE_CHOSEN: "printer: no code-page line chosen; left as it was",
            Fault.SCANNER_FAILED: f"scanner: {self.detail}",
            Fault.NOTHING_SCANNED: f"scanner: nothing read within {SCAN_WAIT_S:g} s",
        }[self.fault]


class Stop(StrEnum):
    """Why commissioning cannot go on."""

    BUS_UNREACHABLE = "bus_unreachable"  # the port itself
    NO_BOARDS = "no_boards"
    INVALID_CONFIG = "invalid_config"
    NOT_WRITTEN = "not_written"  # the file or its draft could not be written


class CommissionError(KioskError):
    """Commissioning cannot go on; ``stop`` says why, the message (English) what to check."""

    def __init__(self, stop: Stop, message: str, device: DeviceFault | None = None) -> None:
        super().__init__(message)
        self.stop = stop
        self.device = device


@dataclass
class Door:
    label: str
    board: int
    lock: int
    sensor_saw_it: bool


@dataclass
class Findings:
    boards: list[FoundBoard] = field(default_factory=list)
    closed_bit: int = 1
    doors: list[Door] = field(default_factory=list)
    item_sensors: bool | None = None
    tcvn3_pages: tuple[int, int] | None = None
    text_mode: str | None = None
    suffix: str | None = None
    strip_aim: bool | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def labels(self) -> set[str]:
        return {d.label for d in self.doors}

    def own_closed_bit(self, board: FoundBoard) -> int | None:
        """The board's polarity where it is not the bus's (``closed_bit``), else None."""
        return board.closed_bit if board.closed_bit != self.closed_bit else None

    def report(self) -> dict[str, Any]:
        return {
            "at": datetime.now().isoformat(timespec="seconds"),
            "boards": [b.to_json() for b in self.boards],
            "closed_bit": self.closed_bit,
            "doors": [asdict(d) for d in self.doors],
            "item_sensors": self.item_sensors,
            "printer": {"tcvn3_pages": self.tcvn3_pages, "text_mode": self.text_mode},
            "scanner": {"suffix": self.suffix, "strip_aim": self.strip_aim},
            "problems": [p.text() for p in self.problems],
        }
