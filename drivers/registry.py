"""The one place that builds drivers from configuration (and simulators for ``sim:`` ports).

Built in the application's ``main()`` and passed in; nothing here runs at import.

``build_devices`` (the kiosk's devices) starts with what is there: a lock port, printer or
scanner missing at boot is not an error but a device that is offline until it appears (the
lock bus and the printer open their ports on first use and again after a failure; the scanner
is tried again every ``devices.check_interval_ms``). The single-device builders used by
``kiosk doctor`` and ``kiosk diag`` keep failing at once, with the message that says what to
plug in.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from types import TracebackType

from drivers.config import SIM_PREFIX, DevicesConfig, LockBusConfig, PrinterConfig, ScannerConfig
from drivers.errors import DeviceError
from drivers.interfaces import JsonDict, LockBus, ReceiptPrinter, ScanListener, Scanner
from drivers.locks import protocols
from drivers.locks.bus import SerialLockBus
from drivers.locks.sim import LockBoardSimulator
from drivers.printer.driver import EscposPrinter
from drivers.printer.sim import PrinterSimulator
from drivers.scanner.evdev_scanner import EvdevScanner
from drivers.scanner.serial_scanner import SerialScanner
from drivers.scanner.sim import ScannerSimulator

log = logging.getLogger(__name__)

PRINTER_SIM = "sim:escpos"
SCANNER_SIM = "sim:scanner"


@dataclass
class Simulators:
    """Handles on the simulated devices, for the demo window and the tests."""

    locks: LockBoardSimulator | None = None
    printer: PrinterSimulator | None = None
    scanner: ScannerSimulator | None = None

    def close(self) -> None:
        for sim in (self.locks, self.printer, self.scanner):
            if sim is not None:
                sim.close()


class NoScanner:
    """``Scanner`` for a kiosk without one (kind = "none")."""

    def start(self, listener: ScanListener) -> None:
        pass

    def stop(self) -> None:
        pass

    def close(self) -> None:
        pass

    def health(self) -> JsonDict:
        return {"online": None, "kind": "none"}


class WaitingScanner:
    """``Scanner`` whose ``start`` never fails: a scanner missing at boot is reported offline
    (with the driver's reason) and started as soon as its port opens."""

    def __init__(self, inner: Scanner, retry_s: float) -> None:
        self._inner = inner
        self._retry_s = retry_s
        self._started = False
        self._problem: str | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, listener: ScanListener) -> None:
        self._stop.clear()  # started again after a stop (commissioning lent its port)
        self._started = False
        if self._attempt(listener):
            return
        self._thread = threading.Thread(
            target=self._retry, args=(listener,), name="scanner-wait", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        self._inner.stop()

    def close(self) -> None:
        self.stop()
        self._inner.close()

    def health(self) -> JsonDict:
        health = self._inner.health()
        if self._started:
            return health
        return {**health, "online": False, "last_error": self._problem or "not started"}

    def _attempt(self, listener: ScanListener) -> bool:
        try:
            self._inner.start(listener)
        except DeviceError as exc:
            if self._problem is None:  # once when it starts failing, not every retry
                log.warning("scanner offline: %s (trying every %g s)", exc, self._retry_s)
            self._problem = str(exc)
            return False
        if self._problem is not None:
            log.info("scanner online: its port opened")
        self._started, self._problem = True, None
        return True

    def _retry(self, listener: ScanListener) -> None:
        while not self._stop.wait(self._retry_s):
            if self._attempt(listener):
                return


@dataclass(frozen=True)
class Ports:
    """The ports the devices were opened on: the configured ones, or the simulators' ptys."""

    lock_bus: str
    scanner: str


class Devices:
    def __init__(
        self,
        locks: LockBus,
        printer: ReceiptPrinter,
        scanner: Scanner,
        simulators: Simulators | None,
        ports: Ports,
    ) -> None:
        self.locks = locks
        self.printer = printer
        self.scanner = scanner
        self.simulators = simulators
        self.ports = ports

    def health(self) -> JsonDict:
        """JSON-able summary, without I/O (the printer part is its last status check)."""
        return {
            "locks": self.locks.health(),
            "printer": self.printer.health(),
            "scanner": self.scanner.health(),
            "simulated": self.simulators is not None,
        }

    def close(self) -> None:
        for device in (self.scanner, self.locks, self.printer):
            device.close()
        if self.simulators is not None:
            self.simulators.close()

    def __enter__(self) -> Devices:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def build_devices(config: DevicesConfig, boards: Sequence[int]) -> Devices:
    """Every device, started simulators included. ``boards``: the addresses the layout uses.

    Missing ports do not fail here (see the module's text); bad settings still do.
    """
    with contextlib.ExitStack() as undo:
        locks, lock_sim = build_lock_bus(config.lock_bus, boards, wait_for_port=True)
        undo.callback(_close, locks, lock_sim)
        printer, printer_sim = build_printer(config.printer)
        undo.callback(_close, printer, printer_sim)
        scanner, scanner_sim = build_scanner(config.scanner)
        undo.pop_all()
    sims = Simulators(lock_sim, printer_sim, scanner_sim)
    simulated = any(s is not None for s in (lock_sim, printer_sim, scanner_sim))
    retry_s = config.check_interval_ms / 1000
    waiting = scanner if isinstance(scanner, NoScanner) else WaitingScanner(scanner, retry_s)
    ports = Ports(
        lock_sim.port if lock_sim is not None else config.lock_bus.port,
        scanner_sim.port if scanner_sim is not None else config.scanner.port,
    )
    return Devices(locks, printer, waiting, sims if simulated else None, ports)


def build_lock_bus(
    config: LockBusConfig, boards: Sequence[int], *, wait_for_port: bool = False
) -> tuple[SerialLockBus, LockBoardSimulator | None]:
    sim = None
    port = config.port
    if port.startswith(SIM_PREFIX):
        channels = {board: config.channels(board) for board in boards}
        sim = LockBoardSimulator(
            config.protocol,
            boards,
            closed_bit={board: config.closed_bit_of(board) for board in boards},
            channels=channels,
            registers=protocols.modbus_registers(config),
        ).start()
        port = sim.port
    try:
        return SerialLockBus(config, boards, port=port, wait_for_port=wait_for_port), sim
    except BaseException:
        _close(None, sim)
        raise


def build_printer(config: PrinterConfig) -> tuple[EscposPrinter, PrinterSimulator | None]:
    sim = None
    port = config.port
    backend = None
    if config.transport == "serial" and port == PRINTER_SIM:
        presenter = None if config.presenter == "none" else config.presenter
        sim = PrinterSimulator(config.profile, presenter=presenter).start()
        port = sim.port
    elif config.transport == "usb" and port == PRINTER_SIM:  # a pyusb backend plays it
        from drivers.printer.usb_sim import UsbPrinterBackend, model_for

        backend = UsbPrinterBackend(
            model_for(config.usb_vendor_id, config.usb_product_id), config.profile
        )
        sim = backend.printer
    try:
        return EscposPrinter(config, port=port, usb_backend=backend), sim
    except BaseException:
        _close(None, sim)
        raise


def build_scanner(config: ScannerConfig) -> tuple[Scanner, ScannerSimulator | None]:
    if config.kind == "none":
        return NoScanner(), None
    if config.kind == "evdev":
        return EvdevScanner(config), None
    sim = None
    port = config.port
    if port == SCANNER_SIM:
        sim = ScannerSimulator(config.suffix).start()
        port = sim.port
    return SerialScanner(config, port=port), sim


def _close(
    driver: LockBus | ReceiptPrinter | None,
    sim: LockBoardSimulator | PrinterSimulator | ScannerSimulator | None,
) -> None:
    if driver is not None:
        driver.close()
    if sim is not None:
        sim.close()
