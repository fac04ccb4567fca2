"""``kiosk diag``: talk to one device directly, for technicians over SSH or the service menu.

Defaults come from the configuration's ``[devices.*]`` tables; ``--port`` and friends override
them, and ``--port sim:cu16`` (``sim:cu48``, ``sim:8a80``, ``sim:escpos``, ``sim:scanner``)
runs against the simulator. Exit 0 only when the device did what was asked; otherwise one line
on stderr and 1.
"""

from __future__ import annotations

import argparse
import functools
import json
import logging
import sys
import time
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from drivers.config import DevicesConfig

SIM_SAMPLE_CODE = "HS-DIAG-0001"
USBLP_PREFIX = "/dev/usb/lp"
T = TypeVar("T")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    diag = subparsers.add_parser("diag", help="talk to one device directly (technicians)")
    devices = diag.add_subparsers(dest="device", metavar="DEVICE", required=True)

    lock = devices.add_parser("lock", help="a lock control board").add_subparsers(
        dest="action", metavar="ACTION", required=True
    )
    status = lock.add_parser("status", help="read one board's lock and item sensors")
    _lock_flags(status)
    status.set_defaults(func=_reporting(_lock_status))
    open_ = lock.add_parser("open", help="unlock one lock and read the door sensor back")
    _lock_flags(open_)
    open_.add_argument(
        "--lock", type=int, required=True, help="lock 1..channels, as printed on the board"
    )
    open_.set_defaults(func=_reporting(_lock_open))

    printer = devices.add_parser("printer", help="the receipt printer").add_subparsers(
        dest="action", metavar="ACTION", required=True
    )
    pstatus = printer.add_parser("status", help="ask the printer for its status (DLE EOT)")
    _printer_flags(pstatus)
    pstatus.add_argument("--json", action="store_true", help="one JSON object")
    pstatus.set_defaults(func=_reporting(_printer_status))
    test = printer.add_parser("test", help="print a Vietnamese test receipt with a QR code")
    _printer_flags(test)
    test.set_defaults(func=_reporting(_printer_test))
    pages = printer.add_parser(
        "codepages", help="print a sample line in TCVN-3 at each candidate code page pair"
    )
    _printer_flags(pages)
    pages.set_defaults(func=_reporting(_printer_codepages))

    scanner = devices.add_parser("scanner", help="the QR / barcode scanner").add_subparsers(
        dest="action", metavar="ACTION", required=True
    )
    read = scanner.add_parser("read", help="print the first code read")
    _port_flags(read)
    read.add_argument("--timeout", type=float, default=30.0, metavar="S", help="seconds to wait")
    read.set_defaults(func=_reporting(_scanner_read))

    from kiosk.commands import diag_report  # the store's diagnostics (kiosk/services)

    diag_report.register(devices)


def _port_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", help="device path, pyserial URL or sim:… (default: config)")
    parser.add_argument("--baud", type=int, help="line speed (default: config)")


def _printer_flags(parser: argparse.ArgumentParser) -> None:
    _port_flags(parser)
    parser.add_argument(
        "--transport",
        choices=["serial", "usb", "usblp", "network"],
        help="how the printer is connected (default: config; --port /dev/usb/lp* means usblp)",
    )
    parser.add_argument(
        "--usb",
        type=_usb_id,
        metavar="VID:PID",
        help="a USB printer by its ids as `lsusb` shows them, e.g. 0416:5011 (means --transport"
        " usb; with --port sim:escpos a simulated one)",
    )


def _usb_id(text: str) -> tuple[int, int]:
    vendor, sep, product = text.partition(":")
    try:
        if not sep:
            raise ValueError(text)
        return int(vendor, 16), int(product, 16)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not VID:PID in hex, e.g. 0416:5011"
        ) from None


def _lock_flags(parser: argparse.ArgumentParser) -> None:
    _port_flags(parser)
    parser.add_argument(
        "--protocol", choices=["cu16", "cu48", "8a80", "modbus"], help="board protocol"
    )
    parser.add_argument("--board", type=int, required=True, help="board address (DIP switches)")
    parser.add_argument(
        "--channels", type=int, help="locks on the board (default: config, else the protocol's)"
    )
    parser.add_argument("--json", action="store_true", help="one JSON object")


# --- commands ----------------------------------------------------------------------------------


def _reporting(command: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """Device failures become one line on stderr and exit 1 (drivers cannot raise our errors)."""

    @functools.wraps(command)
    def run(args: argparse.Namespace) -> int:
        from drivers.errors import DeviceError

        # One line on failure: the drivers' own log lines only with -v.
        drivers_log = logging.getLogger("drivers")
        level = drivers_log.level
        if not getattr(args, "verbose", False):
            drivers_log.setLevel(logging.CRITICAL)
        try:
            return command(args)
        except DeviceError as exc:
            return _fail(str(exc))
        finally:
            drivers_log.setLevel(level)

    return run


def _lock_status(args: argparse.Namespace) -> int:
    config = _devices(args)
    bus, sim = _lock_bus(_lock_config(config, args), args.board)
    status = _read_and_close(bus, sim, lambda: bus.read_board(args.board))
    if args.json:
        _print_json(status.to_json())
    else:
        print(f"board {status.board}")
        print("lock  door    item")
        for s in status.locks:
            item = "-" if s.item is None else ("yes" if s.item else "no")
            print(f"{s.lock:>4}  {'closed' if s.closed else 'OPEN':<6}  {item}")
    return 0


def _lock_open(args: argparse.Namespace) -> int:
    from drivers.errors import DeviceError
    from drivers.interfaces import UnlockResult
    from kiosk.services.doors import DoorBusy

    lock_bus = _lock_config(_devices(args), args)
    channels = lock_bus.channels(args.board)
    if not 1 <= args.lock <= channels:
        return _fail(
            f"board {args.board} has locks 1..{channels}, not {args.lock} (--channels N, or "
            "channels in [[devices.lock_bus.boards]], if the board has more)"
        )
    # A simulator's doors are nobody's: only a real board's opening is journaled.
    services = None if lock_bus.port.startswith("sim:") else _kiosk_services(args)
    try:
        try:
            grant = _technician_grant(services, args) if services is not None else None
        except DoorBusy as exc:
            return _fail(f"{exc}: not opened")
        bus, sim = _lock_bus(lock_bus, args.board)
        outcome: UnlockResult | DeviceError
        try:
            outcome = bus.unlock(args.board, args.lock)
        except DeviceError as exc:
            outcome = exc
        finally:
            _close(bus, sim)
        if services is not None and grant is not None:
            from kiosk.services import door_events

            door_events.after_unlock(services, grant, outcome)
    finally:
        if services is not None:
            services.close()
    if isinstance(outcome, DeviceError):
        raise outcome
    result = outcome
    if args.json:
        _print_json(result.to_json())
    elif result.opened:
        print(f"board {result.board} lock {result.lock}: opened")
    if not result.opened:
        return _fail(
            f"board {args.board} lock {args.lock}: unlock sent but the sensor still reads closed "
            "(jammed, door pressed shut, or lock not wired to this output)"
        )
    return 0


def _lock_bus(config: Any, board: int) -> tuple[Any, Any]:
    """The bus for one board; an address its protocol cannot carry is the person's mistake."""
    from drivers.locks import protocols
    from drivers.registry import build_lock_bus
    from kiosk.errors import UsageError

    try:
        protocols.get(config.protocol).check_board(board)
    except ValueError as exc:
        raise UsageError(f"diag: {exc}") from None
    return build_lock_bus(config, [board])


def _printer_status(args: argparse.Namespace) -> int:
    from drivers.registry import build_printer

    printer, sim = build_printer(_printer_config(_devices(args), args))
    status = _read_and_close(printer, sim, printer.status)
    if args.json:
        _print_json(status.to_json())
    else:
        print(f"online        {status.online}")
        print(f"paper         {status.paper.value}")
        print(f"cover open    {_maybe(status.cover_open)}")
        print(f"cutter error  {_maybe(status.cutter_error)}")
        print(f"error         {_maybe(status.error)}")
        print(f"summary       {status.detail}")
    if not status.responding:
        if status.detail.startswith("status unknown:"):
            return 0  # nothing failed: a write-only pipe carries no status, the summary says so
        return _fail(status.detail)
    return 0


def _printer_test(args: argparse.Namespace) -> int:
    from drivers.interfaces import Receipt
    from drivers.registry import build_printer

    receipt = Receipt(
        kiosk_name="ATM hồ sơ 24/7",
        ward="Trung tâm Phục vụ hành chính công phường",
        title="PHIẾU IN THỬ",
        dossier_code="KIỂM-TRA-0001",
        procedure="Kiểm tra máy in: tiếng Việt có dấu đầy đủ",
        compartment="A01",
        time=datetime.now(),
        qr_data="ATM-HO-SO-PRINTER-TEST",
        message="Nếu đọc được dòng này và quét được mã QR, máy in hoạt động tốt.",
        extra_lines=("ĂÂĐÊÔƠƯ ăâđêôơư àảãáạ ỳỷỹýỵ",),
    )
    printer, sim = build_printer(_printer_config(_devices(args), args))
    try:
        printer.print_receipt(receipt)
        mode = printer.health()
    finally:
        _close(printer, sim)
    print(_test_outcome(mode))
    return 0


def _printer_codepages(args: argparse.Namespace) -> int:
    from drivers.printer import codepages
    from drivers.printer.layout import code_page_sample
    from drivers.registry import build_printer

    config = _printer_config(_devices(args), args)
    candidates = codepages.sample_candidates(config.profile)
    printer, sim = build_printer(config)
    try:
        printer.print_bytes(code_page_sample(config, candidates))
    finally:
        _close(printer, sim)
    print("code-page sample printed; the line that reads right gives tcvn3_pages:")
    for number, (lower, upper) in enumerate(candidates, 1):
        print(f"  {number}: tcvn3_pages = [{lower}, {upper}]")
    print('  0 (none reads right): text_mode = "raster"')
    return 0


def _test_outcome(mode: dict[str, Any]) -> str:
    """What the technician may believe about the test receipt: "printed" only when the printer
    confirmed its end and its Vietnamese is known to read right."""
    how = f"text {mode['text_mode']}, QR {mode['qr']}"
    if mode["transport"] == "usblp":
        return (
            f"test receipt sent to {mode['port']} (write-only: the printer cannot confirm it; "
            f"{how})"
        )
    if not mode["last_receipt_confirmed"]:
        return (
            f"test receipt sent, not confirmed: the printer does not answer GS r 1 "
            f"(confirm_printed = false); check the paper ({how})"
        )
    if not mode["text_verified"]:
        return (
            f"test receipt sent and cut, Vietnamese NOT verified: {mode['code_page']}. Check the "
            'accented line on the paper: if it reads wrong set text_mode = "raster"; if it '
            f"reads right set tcvn3_pages ({how})"
        )
    return f"test receipt printed and cut ({how})"


def _scanner_read(args: argparse.Namespace) -> int:
    import threading

    from drivers.interfaces import ScanEvent
    from drivers.registry import build_scanner

    scanner, sim = build_scanner(_scanner_config(_devices(args), args))
    first: list[ScanEvent] = []
    got = threading.Event()

    def on_scan(event: ScanEvent) -> None:
        first.append(event)
        got.set()

    try:
        scanner.start(on_scan)
        if sim is not None:  # training: the simulator scans a sample code
            time.sleep(0.2)
            sim.scan(SIM_SAMPLE_CODE, aim="]Q1")
        got.wait(args.timeout)
    finally:
        scanner.close()
        if sim is not None:
            sim.close()
    if not first:
        return _fail(f"scanner: no code read within {args.timeout:g} s")
    print(first[0].text)
    return 0


def _kiosk_services(args: argparse.Namespace) -> Any:
    """The kiosk's services when this machine has a kiosk database (a technician's opening is
    journaled there); None on a bench without one."""
    from kiosk.commands.common import settings_from
    from kiosk.paths import DATABASE_NAME
    from kiosk.services.core import open_services

    settings = settings_from(args)
    if not (settings.data_path() / DATABASE_NAME).exists():
        return None
    return open_services(settings)


def _technician_grant(services: Any, args: argparse.Namespace) -> Any:
    """The intent and audit record of this opening (``technician:<login>``)."""
    import getpass

    from kiosk.domain import staff_actor
    from kiosk.services import door_events

    actor = staff_actor(getpass.getuser(), "technician")
    return door_events.technician_grant(services, args.board, args.lock, actor)


# --- configuration -----------------------------------------------------------------------------


def _devices(args: argparse.Namespace) -> DevicesConfig:
    from kiosk.commands.common import settings_from

    return settings_from(args).devices


def _override(section: Any, changes: dict[str, Any]) -> Any:
    from pydantic import ValidationError

    from kiosk.errors import UsageError

    values = {**section.model_dump(), **{k: v for k, v in changes.items() if v is not None}}
    if str(values.get("port", "")).startswith("sim:") and changes.get("protocol") is None:
        values.pop("protocol", None)  # sim:8a80 alone says the protocol
    try:
        return type(section).model_validate(values)
    except ValidationError as exc:
        problems = "; ".join(e["msg"] for e in exc.errors())
        raise UsageError(f"diag: {problems}") from None


def _lock_config(config: DevicesConfig, args: argparse.Namespace) -> Any:
    changes: dict[str, Any] = {"port": args.port, "protocol": args.protocol, "baud": args.baud}
    if args.channels is not None:
        others = [b.model_dump() for b in config.lock_bus.boards if b.address != args.board]
        changes["boards"] = [*others, {"address": args.board, "channels": args.channels}]
    return _override(config.lock_bus, changes)


def _printer_config(config: DevicesConfig, args: argparse.Namespace) -> Any:
    transport = args.transport or ("usb" if args.usb else None)
    if transport is None and args.port:
        transport = "usblp" if args.port.startswith(USBLP_PREFIX) else "serial"
    changes = {"port": args.port, "baud": args.baud, "transport": transport}
    if args.usb:
        changes["usb_vendor_id"], changes["usb_product_id"] = args.usb
    return _override(config.printer, changes)


def _scanner_config(config: DevicesConfig, args: argparse.Namespace) -> Any:
    serial = {"kind": "serial"} if args.port else {}
    return _override(config.scanner, {"port": args.port, "baud": args.baud, **serial})


# --- output ------------------------------------------------------------------------------------


def _read_and_close(driver: Any, sim: Any, read: Callable[[], T]) -> T:
    """One reading from a driver opened for this command, then the driver and its simulator
    closed whatever the reading did."""
    try:
        return read()
    finally:
        _close(driver, sim)


def _close(driver: Any, sim: Any) -> None:
    driver.close()
    if sim is not None:
        sim.close()


def _maybe(value: bool | None) -> str:
    return "unknown" if value is None else str(value)


def _print_json(value: dict[str, Any]) -> None:
    print(json.dumps(value, ensure_ascii=False))


def _fail(message: str) -> int:
    print(f"kiosk diag: {message}", file=sys.stderr)
    return 1
