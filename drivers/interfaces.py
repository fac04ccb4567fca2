"""What the application sees of the hardware: interfaces, value objects and enums.

No serial port and no byte crosses this line. Listener callbacks run on the driver's own thread;
the UI marshals them to its thread.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol

LOCKS_PER_BOARD = 16

JsonDict = dict[str, Any]


# --- Lock boards ---------------------------------------------------------------------------


@dataclass(frozen=True)
class LockState:
    """One lock as its sensors report it. ``lock`` is numbered 1..16 as printed on the board."""

    lock: int
    closed: bool
    #: The compartment's infrared "item present" sensor; None when the board has none (8A/80).
    item: bool | None


@dataclass(frozen=True)
class BoardStatus:
    """The 16 locks of one board, read in one exchange."""

    board: int
    locks: tuple[LockState, ...]

    def lock(self, number: int) -> LockState:
        return self.locks[number - 1]

    def to_json(self) -> JsonDict:
        return {
            "board": self.board,
            "locks": [{"lock": s.lock, "closed": s.closed, "item": s.item} for s in self.locks],
        }


class UnlockOutcome(StrEnum):
    """What the sensors said about an unlock, comparing the reading before with those after."""

    OPENED = "opened"  # read closed before the pulse, then open: the door opened
    JAMMED = "jammed"  # the board answered throughout and the lock stayed closed
    #: No trustworthy answer after the pulse (replies lost or garbled): nobody knows yet.
    UNKNOWN = "unknown"
    #: The lock read open before the pulse: a sensor or polarity fault (no pulse is sent).
    OPEN_BEFORE = "open_before"


@dataclass(frozen=True)
class UnlockResult:
    """The outcome of an unlock: what the sensors say afterwards, not what the relay did."""

    board: int
    lock: int
    outcome: UnlockOutcome
    #: The item sensor at the last trustworthy reading; None without one (or without a reading).
    item: bool | None

    @property
    def opened(self) -> bool:
        return self.outcome is UnlockOutcome.OPENED

    def to_json(self) -> JsonDict:
        return {"board": self.board, "lock": self.lock, "opened": self.opened}


class DoorEventKind(StrEnum):
    OPENED = "opened"  # after an unlock we commanded
    FORCED = "forced"  # opened without a command
    CLOSED = "closed"
    LEFT_OPEN = "left_open"  # still open after the configured alarm time (reported once)
    ITEM_CHANGED = "item_changed"  # the item sensor changed while the door state did not
    BOARD_OFFLINE = "board_offline"
    BOARD_ONLINE = "board_online"


@dataclass(frozen=True)
class DoorEvent:
    """A change seen by the door monitor. ``lock`` is None for board events."""

    board: int
    lock: int | None
    kind: DoorEventKind
    item: bool | None
    #: Wall-clock time (time.time()) when the change was seen.
    at: float


class BoardState(StrEnum):
    UNKNOWN = "unknown"  # not talked to yet
    ONLINE = "online"
    OFFLINE = "offline"


DoorListener = Callable[[DoorEvent], None]


class LockBus(Protocol):
    """All lock boards on one RS-485 bus. Methods block for at most a few reply timeouts."""

    def read_board(self, board: int) -> BoardStatus: ...

    def unlock(self, board: int, lock: int) -> UnlockResult: ...

    def unlock_all(self, board: int) -> BoardStatus: ...

    def start_monitor(
        self, listener: DoorListener, baseline: Mapping[int, BoardStatus] | None = None
    ) -> None:
        """Poll every board on the monitor's thread. ``baseline``: readings the caller took
        (at start-up) that the first poll is compared with, so that a door that changed in
        between is reported; a board not in it takes its first poll as the baseline."""
        ...

    def stop_monitor(self) -> None: ...

    def lend_port(self) -> None:
        """Stop the monitor and let go of the port, for a program that probes it at other
        line speeds (commissioning); until ``take_port_back`` every exchange raises
        ``PortBusyError``."""
        ...

    def take_port_back(self) -> None:
        """Use the port again (opened on the next exchange); the caller starts the monitor."""
        ...

    def raise_alert(self) -> bool:
        """Pulse the configured alert output (siren, strobe); False when none is configured."""
        ...

    def health(self) -> JsonDict: ...

    def close(self) -> None: ...


# --- Receipt printer -----------------------------------------------------------------------


class PaperState(StrEnum):
    OK = "ok"
    NEAR_END = "near_end"
    OUT = "out"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class PrinterStatus:
    """What the printer said to ``DLE EOT``. Silence gives online=False and unknowns."""

    #: The printer says it is online (ready to print); False when silent or offline.
    online: bool
    #: The printer answered at all: False means off, unplugged, wrong port or baud.
    responding: bool
    paper: PaperState
    cover_open: bool | None
    cutter_error: bool | None
    #: Any error the printer reports (unrecoverable or auto-recoverable), None when unknown.
    error: bool | None
    #: One line for a technician: why not ready, or "ready".
    detail: str

    @property
    def ready(self) -> bool:
        return (
            self.online
            and self.paper in (PaperState.OK, PaperState.NEAR_END)
            and self.cover_open is False
            and self.cutter_error is False
            and self.error is False
        )

    def to_json(self) -> JsonDict:
        return {
            "online": self.online,
            "responding": self.responding,
            "paper": self.paper.value,
            "cover_open": self.cover_open,
            "cutter_error": self.cutter_error,
            "error": self.error,
            "ready": self.ready,
            "detail": self.detail,
        }


@dataclass(frozen=True)
class ReceiptLabels:
    """The words before a receipt's fields, in the receipt's language (Vietnamese unless the
    citizen chose another)."""

    dossier: str = "Mã hồ sơ"
    procedure: str = "Thủ tục"
    compartment: str = "Ô tủ"
    time: str = "Thời gian"


@dataclass(frozen=True)
class Receipt:
    """A receipt as data; the printer driver lays it out. Text is Unicode (Vietnamese, or the
    citizen's language)."""

    kiosk_name: str
    ward: str
    title: str
    dossier_code: str
    procedure: str
    compartment: str
    time: datetime
    qr_data: str
    message: str
    extra_lines: tuple[str, ...] = field(default=())
    labels: ReceiptLabels = field(default=ReceiptLabels())


class ReceiptPrinter(Protocol):
    def status(self) -> PrinterStatus:
        """Never blocks longer than the configured status timeout; never raises."""
        ...

    def print_receipt(self, receipt: Receipt) -> None:
        """Raises a ``DeviceError`` when the receipt was not (completely) printed."""
        ...

    def print_bytes(self, job: bytes) -> None:
        """Ready-made ESC/POS bytes (a code-page sample), printed as a receipt is."""
        ...

    def health(self) -> JsonDict: ...

    def close(self) -> None: ...


# --- Scanner -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScanEvent:
    """One code read, suffix and AIM prefix removed; ``at`` is time.time()."""

    text: str
    at: float


ScanListener = Callable[[ScanEvent], None]


class Scanner(Protocol):
    def start(self, listener: ScanListener) -> None:
        """Start delivering codes to ``listener`` from the scanner's own thread."""
        ...

    def stop(self) -> None: ...

    def health(self) -> JsonDict: ...

    def close(self) -> None: ...
