"""Every check of ``kiosk doctor``, in the order a technician reads them.

The devices and the central system are looked at in parallel, each bounded by its own short
timeouts, so doctor finishes in a few seconds even with everything unplugged; the local checks
(database, disk, time) run meanwhile on the calling thread.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from drivers.config import PrinterConfig
from drivers.errors import DeviceError
from drivers.interfaces import LockBus, ReceiptPrinter, Scanner
from drivers.printer.transports import open_transport
from drivers.registry import Devices, build_lock_bus, build_printer, build_scanner
from kiosk.config_loader import LooseSecret
from kiosk.doctor.central import CENTRAL, CentralProbe, check_central
from kiosk.doctor.configuration import CONFIG, check_config, has_real_devices
from kiosk.doctor.devices import (
    LOCK_BUS,
    PRINTER,
    SCANNER,
    Published,
    check_locks,
    check_printer,
    check_scanner,
)
from kiosk.doctor.findings import Finding, fail
from kiosk.doctor.storage import (
    AUDIT,
    DATABASE,
    DEVICE_KEY,
    DISK,
    check_audit,
    check_database,
    check_device_key,
    check_disk,
    open_read_only,
    read_facts,
)
from kiosk.doctor.timekeeping import (
    CLOCK,
    NTP,
    TIME_ZONE,
    check_clock,
    check_ntp,
    check_time_zone,
    local_offset,
    read_ntp,
    zone_name,
)
from kiosk.paths import DATABASE_NAME
from kiosk.settings import Settings

BROKE = (
    "run `kiosk -v doctor` and send its output to the developers: a bug, or a failure doctor"
    " does not know yet"
)


log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Slots:
    """The devices to look at: a driver, or why doctor could not open the device itself."""

    locks: LockBus | DeviceError
    printer: ReceiptPrinter | DeviceError
    scanner: Scanner
    #: Opens and closes the printer's transport: the driver opens it lazily and would turn a
    #: busy port into a status text, where doctor needs to know "busy" to ask the kiosk instead.
    printer_probe: Callable[[], None] | None = None


def examine(
    settings: Settings,
    *,
    config_source: str = "built-in defaults",
    devices: Devices | None = None,
    secrets: Sequence[LooseSecret] = (),
) -> list[Finding]:
    """Run every check. ``devices``: already built (tests, with simulator faults switched on);
    by default doctor opens each device from the settings and closes it afterwards.
    ``secrets``: files holding the token that others can read (config_loader)."""
    data_dir = settings.data_path()
    db_path = data_dir / DATABASE_NAME
    conn = open_read_only(db_path)
    cfg = settings.devices
    with contextlib.ExitStack() as stack:
        if isinstance(conn, sqlite3.Connection):
            stack.callback(conn.close)
        facts = read_facts(conn, time.time())
        slots = _given(devices) if devices is not None else _open(settings, stack)
        layout = settings.locker.compartments
        published = facts.published
        # Before the device threads open their ports: a child forked meanwhile (timedatectl)
        # would hold a port's exclusive lock until it execs, and the printer's own open right
        # after the probe would read "in use by another program".
        ntp = read_ntp()
        with ThreadPoolExecutor(4, thread_name_prefix="doctor") as pool:
            on_devices = [
                pool.submit(
                    _checked,
                    LOCK_BUS,
                    lambda: check_locks(slots.locks, cfg.lock_bus, layout, published),
                ),
                pool.submit(_checked, PRINTER, lambda: _printer(slots, cfg.printer, published)),
                pool.submit(
                    _checked, SCANNER, lambda: check_scanner(slots.scanner, cfg.scanner, published)
                ),
            ]
            central = pool.submit(_central, settings, facts.staff_etag)
            config = _checked(CONFIG, lambda: check_config(settings, config_source, secrets))
            local = [
                _checked(
                    TIME_ZONE, lambda: check_time_zone(local_offset(time.time()), zone_name())
                ),
                _checked(NTP, lambda: check_ntp(ntp)),
                _checked(DISK, lambda: check_disk(data_dir)),
                _checked(DATABASE, lambda: check_database(db_path, conn)),
                _checked(AUDIT, lambda: check_audit(conn, data_dir)),
                _checked(
                    DEVICE_KEY,
                    lambda: check_device_key(data_dir, database_exists=conn is not None),
                ),
            ]
            probe = central.result()
        clock = _checked(
            CLOCK,
            lambda: check_clock(
                time.time(), facts.clock_floor, probe.clock_offset_s, no_server_time=probe.note
            ),
        )
        found = [*config]
        for future in on_devices:
            found += future.result()
        found += [probe.finding, *clock]
        for findings in local:
            found += findings
        return found


def _checked(name: str, check: Callable[[], Finding | list[Finding]]) -> list[Finding]:
    """A check that breaks is reported as that check's failure; the others still run."""
    try:
        result = check()
    except Exception as exc:
        return [_broke(name, exc)]
    return result if isinstance(result, list) else [result]


def _broke(name: str, exc: Exception) -> Finding:
    log.error("doctor: the %s check broke", name, exc_info=exc)
    return fail(name, f"doctor could not check this: {type(exc).__name__}: {exc}", BROKE)


def _central(settings: Settings, staff_etag: str | None) -> CentralProbe:
    try:
        return check_central(
            settings.central,
            settings.kiosk.id,
            staff_etag=staff_etag,
            production=has_real_devices(settings.devices),
        )
    except Exception as exc:
        return CentralProbe(_broke(CENTRAL, exc), None, "the central check broke")


def _printer(slots: _Slots, config: PrinterConfig, published: Published | None) -> Finding:
    if isinstance(slots.printer, DeviceError):
        return check_printer(slots.printer, config, published)
    if slots.printer_probe is not None:
        try:
            slots.printer_probe()
        except DeviceError as exc:
            return check_printer(exc, config, published)
    return check_printer(slots.printer, config, published)


def _given(devices: Devices) -> _Slots:
    return _Slots(devices.locks, devices.printer, devices.scanner)


def _open(settings: Settings, stack: contextlib.ExitStack) -> _Slots:
    """Each device on its own, so that one missing port does not hide the others."""
    cfg = settings.devices
    locks: LockBus | DeviceError
    try:
        bus, lock_sim = build_lock_bus(cfg.lock_bus, settings.locker.boards())
    except DeviceError as exc:
        locks = exc
    else:
        if lock_sim is not None:
            stack.callback(lock_sim.close)
        stack.callback(bus.close)
        locks = bus
    printer: ReceiptPrinter | DeviceError
    try:
        built, printer_sim = build_printer(cfg.printer)
    except DeviceError as exc:  # a setting the layout cannot use (width, fonts)
        printer, port = exc, cfg.printer.port
    else:
        if printer_sim is not None:
            stack.callback(printer_sim.close)
        stack.callback(built.close)
        printer = built
        port = printer_sim.port if printer_sim is not None else cfg.printer.port
    scanner, scanner_sim = build_scanner(cfg.scanner)
    if scanner_sim is not None:
        stack.callback(scanner_sim.close)
    stack.callback(scanner.close)

    def probe() -> None:
        open_transport(cfg.printer, port=port).close()

    return _Slots(locks, printer, scanner, probe)


__all__ = ["examine"]
