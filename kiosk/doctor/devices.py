"""Doctor's device checks: the lock boards, the printer and the scanner, through their drivers.

While the kiosk runs it holds the serial ports exclusively (``drivers/serial_link.py``); doctor
then does not fight it for them but reads the device report the kiosk publishes in the store
every 15 s (``kv`` ``devices.health``, see ``kiosk/runtime.py``), and says how old it is.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from drivers.config import SIM_PREFIX, LockBusConfig, PrinterConfig, ScannerConfig
from drivers.errors import DeviceError, GarbledReplyError, NoReplyError, PortBusyError
from drivers.interfaces import (
    BoardStatus,
    LockBus,
    PaperState,
    PrinterStatus,
    ReceiptPrinter,
    ScanEvent,
    Scanner,
)
from drivers.locks.bus import default_baud
from drivers.scanner.detect import keyboard_scanners
from kiosk.doctor.findings import (
    AS_KIOSK_USER,
    KIOSK_SERVICE,
    KIOSK_USER,
    Finding,
    duration,
    fail,
    ok,
    warn,
)
from kiosk.settings import CompartmentConfig

#: The kiosk publishes every 15 s (runtime.HEALTH_INTERVAL_S); a report this old means it stopped.
HEALTH_STALE_S = 120.0
#: A board gets a second chance: one lost frame on a long RS-485 line is not a dead board.
READ_TRIES = 2

LOCK_BUS = "lock bus"
PRINTER = "printer"
SCANNER = "scanner"
SERIAL_BY_ID = "/dev/serial/by-id/"
INPUT_BY_ID = "/dev/input/by-id/"
#: The names the installer's udev rules give the devices (deploy/udev), its flag, the device.
UDEV_NAMES = {
    LOCK_BUS: ("/dev/kiosk-locks", "--locks", "lock boards' RS-485 USB adapter"),
    PRINTER: ("/dev/kiosk-printer", "--printer", "printer"),
    SCANNER: ("/dev/kiosk-scanner", "--scanner", "scanner"),
}


@dataclass(frozen=True)
class Published:
    """The device report the running kiosk last wrote to the store, and its age."""

    devices: Mapping[str, Any]
    #: Seconds since the kiosk wrote it; None when the store does not say when.
    age_s: float | None

    @property
    def fresh(self) -> bool:
        return self.age_s is not None and self.age_s <= HEALTH_STALE_S

    def age_text(self) -> str:
        return "of unknown age" if self.age_s is None else f"{duration(self.age_s)} old"


# --- ports ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Report:
    """One device's part of the running kiosk's fresh report."""

    data: Mapping[str, Any]
    age: str


def _held(name: str, port: str, device: str, published: Published | None) -> Finding | _Report:
    """The port is held by another process. The running kiosk's fresh report stands in for
    doctor's own look (returned for the caller to judge); otherwise this is the verdict."""
    report = published.devices.get(device) if published is not None else None
    if published is None or not isinstance(report, dict):
        return fail(
            name,
            f"{port} is in use by another program, and the kiosk has published no device report",
            f"find the program with `sudo fuser -v {port}` and stop it (ModemManager often takes"
            " USB serial adapters: `sudo systemctl disable --now ModemManager`)",
        )
    if not published.fresh:
        return warn(
            name,
            f"{port} is in use, but the running kiosk's last device report is"
            f" {published.age_text()} (it reports every 15 s)",
            f"the kiosk may be hung: `sudo systemctl restart {KIOSK_SERVICE}`; if the port stays in"
            f" use with the kiosk stopped, find the holder with `sudo fuser -v {port}`",
        )
    return _Report(report, published.age_text())


def _port_problem(
    name: str, port: str, exc: DeviceError, *, setting: str, by_id: str = SERIAL_BY_ID
) -> Finding:
    """The port did not open (and nobody holds it): missing, no permission, or a bad name."""
    link, flag, thing = UDEV_NAMES[name]
    if port.startswith("/") and not os.path.exists(port):
        if port == link:
            fix = (
                f"plug in the {thing}; `ls -l {by_id}` must list it; {link} is the name the"
                " installer's udev rule gives it, so after a swap (the new one has a new by-id"
                f" name) run `deploy/install.sh {flag} {by_id}…` again"
            )
        else:
            fix = (
                f"plug in the {thing} and check `ls -l {by_id}`; set {setting} to {link}"
                f" (`deploy/install.sh {flag} …`) or to its by-id path"
            )
        return fail(name, f"{port} does not exist", fix)
    if port.startswith("/") and not os.access(port, os.R_OK | os.W_OK):
        return fail(
            name,
            f"no permission to open {port}",
            f"the kiosk's user needs group dialout (`sudo usermod -aG dialout {KIOSK_USER}`, then"
            f" restart the kiosk); {AS_KIOSK_USER}",
        )
    return fail(name, str(exc), f"check {setting}")


def _where(port: str) -> str:
    return f"{port} (simulator)" if port.startswith(SIM_PREFIX) else port


# --- lock boards ------------------------------------------------------------------------------


def check_locks(
    bus: LockBus | DeviceError,
    config: LockBusConfig,
    layout: Sequence[CompartmentConfig],
    published: Published | None,
) -> list[Finding]:
    """One line for the bus (the port), then one per board of the layout."""
    boards = sorted({c.board for c in layout})
    if isinstance(bus, PortBusyError):
        return _locks_in_use(config, boards, published)
    if isinstance(bus, DeviceError):
        return [_port_problem(LOCK_BUS, config.port, bus, setting="[devices.lock_bus] port")]
    baud = config.baud or default_baud(config.protocol)
    findings = [ok(LOCK_BUS, f"{_where(config.port)} opens ({config.protocol}, {baud} baud)")]
    readings = {board: _read(bus, board) for board in boards}
    none_answer = all(status is None for status, _ in readings.values())
    for board, (status, errors) in readings.items():
        doors = [c for c in layout if c.board == board]
        findings.append(_board(board, status, errors, doors, config, none_answer=none_answer))
    return findings


def _read(bus: LockBus, board: int) -> tuple[BoardStatus | None, list[DeviceError]]:
    errors: list[DeviceError] = []
    for _ in range(READ_TRIES):
        try:
            return bus.read_board(board), errors
        except DeviceError as exc:
            errors.append(exc)
    return None, errors


def _board(
    board: int,
    status: BoardStatus | None,
    errors: Sequence[DeviceError],
    doors: Sequence[CompartmentConfig],
    config: LockBusConfig,
    *,
    none_answer: bool,
) -> Finding:
    name = f"lock board {board}"
    if status is None:
        last = errors[-1]
        if isinstance(last, GarbledReplyError):
            return fail(name, f"garbled replies ({len(errors)} tries)", _garbled_fix(config))
        if isinstance(last, NoReplyError):
            found = f"no reply within {config.reply_timeout_ms} ms ({len(errors)} tries)"
            return fail(name, found, _silent_fix(board, config, all_boards=none_answer))
        return fail(name, str(last), "the adapter went away: check its USB cable, `dmesg | tail`")
    if errors:
        first = "garbled" if isinstance(errors[0], GarbledReplyError) else "no reply"
        return warn(
            name,
            f"answered on try {len(errors) + 1} (first: {first})",
            "a loose contact or noise on the bus: reseat the A/B wires at this board and the"
            " terminator at the far end of the chain",
        )
    open_doors = [c.label for c in doors if not status.lock(c.lock).closed]
    if len(doors) >= 2 and len(open_doors) == len(doors):
        return warn(
            name,
            f"answers: all {len(doors)} doors read open",
            "if these doors are really shut, the sensors read the other way round: set"
            f" closed_bit = {1 - config.closed_bit_of(board)} in [devices.lock_bus], or in its"
            f" [[devices.lock_bus.boards]] table (address = {board}) for this board alone"
            f" (check with `kiosk diag lock status --board {board}`)",
        )
    shown = f"{len(open_doors)} open: {', '.join(open_doors)}" if open_doors else "all closed"
    return ok(name, f"answers: {len(doors)} doors, {shown}")


def _silent_fix(board: int, config: LockBusConfig, *, all_boards: bool) -> str:
    if all_boards:
        return (
            "no board answers: check the boards' 12 V power supply, the A/B wires at the adapter"
            f" (swapped A/B gives silence), that {config.port} is the RS-485 adapter, and"
            f" protocol = {config.protocol} with the boards' baud"
        )
    return (
        f"this board only: check its 12 V power light, its DIP switches (address {board}) and"
        " the A/B wires where the chain reaches it"
    )


def _garbled_fix(config: LockBusConfig) -> str:
    baud = config.baud or default_baud(config.protocol)
    return (
        f"noise or a speed mismatch: the boards must run at {baud} baud; fit the 120 Ω"
        " terminator at the far end of the chain, connect the ground wire, keep the A/B pair away"
        " from mains cables"
    )


def _locks_in_use(
    config: LockBusConfig, boards: Sequence[int], published: Published | None
) -> list[Finding]:
    port = config.port
    held = _held(LOCK_BUS, port, "locks", published)
    if isinstance(held, Finding):
        return [held]
    findings = [ok(LOCK_BUS, f"{port} in use by the running kiosk; its report is {held.age}")]
    boards_reported = held.data.get("boards", [])
    reported = {b.get("board"): b for b in boards_reported if isinstance(b, dict)}
    all_down = all(reported.get(b, {}).get("state") == "offline" for b in boards)
    for board in boards:
        entry = reported.get(board, {})
        state = entry.get("state")
        name = f"lock board {board}"
        if state == "online":
            findings.append(ok(name, "answers (running kiosk's report)"))
        elif state == "offline":
            why = str(entry.get("last_error") or "offline")
            fix = (
                _garbled_fix(config)
                if "garbled" in why
                else _silent_fix(board, config, all_boards=all_down)
            )
            findings.append(fail(name, f"offline (running kiosk's report): {why}", fix))
        else:
            findings.append(
                warn(
                    name,
                    "the running kiosk has not read this board yet",
                    "run `kiosk doctor` again in a minute",
                )
            )
    return findings


# --- printer ------------------------------------------------------------------------------------


def check_printer(
    printer: ReceiptPrinter | DeviceError, config: PrinterConfig, published: Published | None
) -> Finding:
    where = printer_location(config)
    if isinstance(printer, PortBusyError):
        held = _held(PRINTER, where, "printer", published)
        if isinstance(held, Finding):
            return held
        status = _status_from_json(held.data.get("status") or {})
        return _printer_verdict(status, config, f"running kiosk's report ({held.age}): ")
    if isinstance(printer, DeviceError):
        if config.transport != "serial":  # a USB id or a network address, not a port path
            return fail(PRINTER, str(printer), _silent_printer_fix(config))
        return _port_problem(PRINTER, where, printer, setting="[devices.printer] port")
    return _printer_verdict(printer.status(), config, "")


def printer_location(config: PrinterConfig) -> str:
    if config.transport == "network":
        return f"{config.host}:{config.tcp_port}"
    if config.transport == "usb":
        return f"usb {config.usb_vendor_id or 0:04x}:{config.usb_product_id or 0:04x}"
    return config.port


def _printer_verdict(status: PrinterStatus, config: PrinterConfig, said: str) -> Finding:
    if config.transport == "usblp":
        return warn(
            PRINTER,
            f"{said}{config.port} opens; {status.detail}",
            "receipts print but are never confirmed and paper-out goes unnoticed: use"
            " transport = usb with usb_vendor_id / usb_product_id from `lsusb`",
        )
    if not status.responding:
        return fail(PRINTER, f"{said}no answer ({status.detail})", _silent_printer_fix(config))
    if status.paper is PaperState.OUT:
        return fail(
            PRINTER,
            f"{said}paper out",
            "load a new 80 mm thermal roll (shiny side towards the print head), close the cover",
        )
    if status.cover_open:
        return fail(PRINTER, f"{said}cover open", "close the printer's cover until it clicks")
    if status.cutter_error:
        return fail(
            PRINTER,
            f"{said}cutter error",
            "open the cover, take out paper stuck in the cutter, close it, switch the printer off"
            " and on",
        )
    if not status.ready:
        return fail(
            PRINTER,
            f"{said}not ready: {status.detail}",
            "look at the printer's error light, switch it off and on; if that does not clear it,"
            " print its self-test page (hold FEED while switching it on)",
        )
    if status.paper is PaperState.NEAR_END:
        return warn(
            PRINTER,
            f"{said}ready, paper near end",
            "load a new roll soon, or the next receipts may be cut short",
        )
    return ok(PRINTER, f"{said or _where(printer_location(config)) + ': '}ready, paper ok")


def _silent_printer_fix(config: PrinterConfig) -> str:
    if config.transport == "network":
        return f"switch the printer on; check its network cable and `ping {config.host}`"
    if config.transport == "usb":
        return (
            "switch the printer on and check its USB cable (`lsusb` should list it with"
            " usb_vendor_id:usb_product_id); the kiosk user needs access to it (the installer's"
            " udev rule)"
        )
    return (
        f"switch the printer on and check its cable; the printer's baud must be {config.baud}"
        " ([devices.printer] baud; its self-test page shows it: hold FEED while switching it on)"
    )


def _status_from_json(d: Mapping[str, Any]) -> PrinterStatus:
    try:
        paper = PaperState(str(d.get("paper")))
    except ValueError:
        paper = PaperState.UNKNOWN
    return PrinterStatus(
        online=bool(d.get("online")),
        responding=bool(d.get("responding")),
        paper=paper,
        cover_open=d.get("cover_open"),
        cutter_error=d.get("cutter_error"),
        error=d.get("error"),
        detail=str(d.get("detail") or "not reported"),
    )


# --- scanner ------------------------------------------------------------------------------------


def check_scanner(scanner: Scanner, config: ScannerConfig, published: Published | None) -> Finding:
    """Opens the port (or grabs the input device). A scanner speaks only when it reads a code,
    so "it opens" is all that can be checked without someone scanning."""
    if config.kind == "none":
        return ok(SCANNER, "none fitted ([devices.scanner] kind = none)")
    evdev = config.kind == "evdev"
    where = config.evdev_device if evdev else config.port
    setting = "[devices.scanner] " + ("evdev_device" if evdev else "port")
    by_id = INPUT_BY_ID if evdev else SERIAL_BY_ID
    try:
        scanner.start(_ignore)
    except PortBusyError:
        return _scanner_in_use(where, setting, by_id, published)
    except DeviceError as exc:
        wedges = [] if evdev else keyboard_scanners()
        if wedges:
            return _keyboard_mode_scanner(where, wedges[0])
        return _port_problem(SCANNER, where, exc, setting=setting, by_id=by_id)
    finally:
        scanner.stop()
    return ok(
        SCANNER,
        f"{_where(where)} opens (a scanner speaks only when it reads a code, so that is all"
        " doctor can ask: scan one with `kiosk diag scanner read`)",
    )


def _ignore(event: ScanEvent) -> None:
    pass


def _keyboard_mode_scanner(port: str, device: str) -> Finding:
    return fail(
        SCANNER,
        f"{port} does not open, and {device} is a scanner in USB keyboard (HID) mode while"
        ' [devices.scanner] kind = "serial"',
        "scan the 'USB serial / USB CDC (virtual COM)' configuration barcode in the scanner's"
        " manual (citizen ID card QR codes carry UTF-8, which only serial mode delivers intact)"
        f' and set port to its {SERIAL_BY_ID} name; or keep keyboard mode with kind = "evdev",'
        f' evdev_device = "{device}"',
    )


def _scanner_in_use(where: str, setting: str, by_id: str, published: Published | None) -> Finding:
    held = _held(SCANNER, where, "scanner", published)
    if isinstance(held, Finding):
        return held
    if held.data.get("state") == "offline":
        return fail(
            SCANNER,
            f"running kiosk's report ({held.age}): {held.data.get('reason')}",
            f"check the scanner's USB cable and `ls -l {by_id}`; {setting}",
        )
    return ok(
        SCANNER,
        f"{where} in use by the running kiosk, which reads from it"
        f" ({held.data.get('reads', 0)} codes read; report {held.age})",
    )
