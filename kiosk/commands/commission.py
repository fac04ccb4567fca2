"""``kiosk commission``: bringing up a cabinet, for the technician who installs it.

``kiosk commission [--output FILE]`` runs the interactive wizard (``commission_wizard``): the
boards with every door closed, a walk through every door, the item sensors, a code-page sample,
the scanner's suffix, then the configuration as a diff, saved to FILE (default: the file of
``--config`` / ``KIOSK_CONFIG``) when the technician says yes, with a commissioning report.

``kiosk commission scan --port P [--protocol auto|cu16|cu48|8a80|modbus] [--json]`` probes the
bus for lock boards (protocols, line speeds, addresses) and prints, per board that answered,
its protocol, baud, address, polarity (``closed_bit``, read with every door closed: close them
first), channel count and whether the protocol has item sensors. With ``--json`` one object:
``{"boards": [{"protocol": "cu16", "baud": 19200, "address": 0, "closed_bit": 1,
"channels": 16, "item_sensors": true}, …]}``. Exit 0 when at least one board answered, 1 when
none did (or the port cannot be opened), 2 for a usage mistake.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from drivers.locks.probe import FoundBoard

PROTOCOL_CHOICES = ["auto", "cu16", "cu48", "8a80", "modbus"]


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    commission = subparsers.add_parser(
        "commission", help="bring up a cabinet: find the boards, then check every device"
    )
    commission.add_argument(
        "--output",
        metavar="FILE",
        help="configuration file the wizard writes (default: --config / KIOSK_CONFIG)",
    )
    commission.set_defaults(func=_wizard)
    steps = commission.add_subparsers(dest="step", metavar="STEP")
    scan = steps.add_parser(
        "scan", help="find the lock boards on the bus (protocol, baud, address, polarity)"
    )
    scan.add_argument(
        "--port", help="serial port of the RS-485 adapter, or sim:… (default: config)"
    )
    scan.add_argument(
        "--protocol", choices=PROTOCOL_CHOICES, default="auto", help="board protocol to try"
    )
    scan.add_argument(
        "--reply-timeout-ms",
        type=int,
        default=100,
        metavar="MS",
        help="how long each address is given to answer (default 100)",
    )
    scan.add_argument("--json", action="store_true", help="one JSON object")
    scan.set_defaults(func=_scan)


def _scan(args: argparse.Namespace) -> int:
    from drivers.errors import DeviceError
    from drivers.locks import probe
    from kiosk.commands.common import settings_from
    from kiosk.errors import UsageError

    if args.reply_timeout_ms < 1:
        raise UsageError("commission scan: --reply-timeout-ms must be at least 1")
    settings = settings_from(args)
    port = args.port or settings.devices.lock_bus.port
    names = probe.AUTO if args.protocol == "auto" else (args.protocol,)
    sim = None
    if port.startswith("sim:"):
        sim, port = _simulated(port, settings.locker.boards())
    try:
        boards = probe.scan_bus(port, names, timeout=args.reply_timeout_ms / 1000)
    except DeviceError as exc:
        return _fail(str(exc))
    finally:
        if sim is not None:
            sim.close()
    if args.json:
        print(json.dumps({"boards": [b.to_json() for b in boards]}))
    else:
        _print_table(boards)
    if not boards:
        tried = ", ".join(f"{n} at {'/'.join(map(str, probe.BAUDS[n]))} baud" for n in names)
        return _fail(
            f"no board answered on {args.port or port} ({tried}): check the boards' power, "
            "A to A and B to B, the adapter, and each board's address switches"
        )
    return 0


def _wizard(args: argparse.Namespace) -> int:
    import os
    from pathlib import Path

    from kiosk.commands import commission_wizard as wizard
    from kiosk.commands.common import settings_from
    from kiosk.config_loader import CONFIG_ENV, load_settings
    from kiosk.errors import UsageError

    output = args.output or getattr(args, "config", None) or os.environ.get(CONFIG_ENV)
    if not output:
        raise UsageError(
            "commission: say which configuration file to write: --output FILE (or --config)"
        )
    configured = getattr(args, "config", None) or os.environ.get(CONFIG_ENV)
    if configured is None and Path(output).exists():
        configured = output  # the file being commissioned holds its ports
    devices = load_settings(configured).devices if configured else settings_from(args).devices
    if devices.lock_bus.port.startswith("sim:"):
        raise UsageError(
            "commission: the wizard talks to the real devices: set [devices.lock_bus] port (and"
            " the printer's and scanner's) in the configuration; `kiosk commission scan --port"
            " sim:cu16` shows a simulated bus"
        )
    steps = wizard.Wizard(
        lock_bus=devices.lock_bus,
        printer=devices.printer,
        scanner=devices.scanner,
        ask=input,
        say=print,
    )
    try:
        found = steps.run()
        wizard.review_and_save(Path(output), found, ask=input, say=print)
    except wizard.CommissionError as exc:
        return _fail(str(exc))
    except (EOFError, KeyboardInterrupt):
        return _fail("stopped before the end: nothing saved")
    return 0


def _simulated(port: str, layout_boards: list[int]) -> tuple[Any, str]:
    from drivers.config import LOCK_SIMULATORS
    from drivers.locks.sim import LockBoardSimulator
    from kiosk.errors import UsageError

    if port not in LOCK_SIMULATORS:
        raise UsageError(f"commission scan: unknown simulator {port}: {', '.join(LOCK_SIMULATORS)}")
    protocol = port.removeprefix("sim:")
    sim = LockBoardSimulator(protocol, layout_boards or [0 if protocol != "8a80" else 1])  # type: ignore[arg-type]
    sim.start()
    return sim, sim.port


def _print_table(boards: list[FoundBoard]) -> None:
    print("protocol  baud    address  closed_bit  channels  item_sensors")
    for b in boards:
        print(
            f"{b.protocol:<9} {b.baud:<7} {b.address:<8} {b.closed_bit:<11} {b.channels:<9} "
            f"{'yes' if b.item_sensors else 'no'}"
        )
    if boards:
        print("closed_bit is read from the doors as they are now: every door must be closed")


def _fail(message: str) -> int:
    print(f"kiosk commission: {message}", file=sys.stderr)
    return 1
