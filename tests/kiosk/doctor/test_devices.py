"""``kiosk doctor`` on the devices: lock boards, ports held by the running kiosk, the printer
and the scanner, each fault with the fix a technician reads."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import pty
import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import serial

from drivers.errors import DeviceError
from drivers.interfaces import PaperState
from drivers.registry import Devices, build_devices
from hub.sim import (
    CentralSimServer,
)
from kiosk.device_health import summarize
from kiosk.doctor import Status, examine, exit_code, render_text
from kiosk.runtime import KioskRuntime
from kiosk.settings import Settings
from kiosk.store import kv
from tests.kiosk.doctor.conftest import (
    line,
    make_settings,
    sims,
    write_kv,
)

# --- lock boards --------------------------------------------------------------------------------


@pytest.mark.logs(logging.WARNING)
def test_a_silent_board_and_then_a_silent_bus(settings: Settings, devices: Devices) -> None:
    sims(devices).locks.set_silent(1)
    findings = examine(settings, devices=devices)
    assert line(findings, "lock board 0").status is Status.OK
    board = line(findings, "lock board 1")
    assert (board.status, board.found) == (Status.FAIL, "no reply within 150 ms (2 tries)")
    assert board.fix is not None and "DIP switches (address 1)" in board.fix
    assert exit_code(findings) == 1
    text = render_text(findings)
    assert "FAIL  lock board 1  no reply within 150 ms (2 tries)" in text
    assert "fix: this board only: check its 12 V power light" in text

    sims(devices).locks.set_silent(0)
    findings = examine(settings, devices=devices)
    fix = line(findings, "lock board 0").fix
    assert fix is not None and fix.startswith("no board answers: check the boards' 12 V power")


@pytest.mark.logs(logging.WARNING)
def test_garbled_frames_point_at_the_line(settings: Settings, devices: Devices) -> None:
    sims(devices).locks.set_bad_checksum(0)
    board = line(examine(settings, devices=devices), "lock board 0")
    assert (board.status, board.found) == (Status.FAIL, "garbled replies (2 tries)")
    assert board.fix is not None and "19200 baud" in board.fix and "120 Ω" in board.fix


def test_open_doors_are_named_and_all_open_suggests_the_polarity(
    settings: Settings, devices: Devices
) -> None:
    sims(devices).locks.force_open(0, 3)
    findings = examine(settings, devices=devices)
    assert line(findings, "lock board 0").found == "answers: 12 doors, 1 open: A03"
    for lock in range(1, 17):
        sims(devices).locks.force_open(1, lock)
    board = line(examine(settings, devices=devices), "lock board 1")
    assert (board.status, board.found) == (Status.WARN, "answers: all 12 doors read open")
    assert board.fix is not None and "closed_bit = 0" in board.fix


def test_unplugged_devices_name_their_paths_and_udev_names(
    config_file: Path, data_dir: Path, central: CentralSimServer, tmp_path: Path
) -> None:
    gone = tmp_path / "dev"
    settings = make_settings(
        config_file,
        data_dir,
        central.url,
        {
            "devices.lock_bus": {"port": f"{gone}/ttyUSB0"},
            "devices.printer": {"port": f"{gone}/ttyUSB1"},
            "devices.scanner": {"port": f"{gone}/ttyACM0"},
        },
    )
    findings = examine(settings)
    for name, link in (
        ("lock bus", "/dev/kiosk-locks"),
        ("printer", "/dev/kiosk-printer"),
        ("scanner", "/dev/kiosk-scanner"),
    ):
        finding = line(findings, name)
        assert finding.status is Status.FAIL
        assert finding.found.endswith(" does not exist") and str(gone) in finding.found
        assert finding.fix is not None
        assert link in finding.fix and "/dev/serial/by-id/" in finding.fix
    assert not any(f.name.startswith("lock board") for f in findings)
    assert exit_code(findings) == 1


# --- ports held by the running kiosk ------------------------------------------------------------


@pytest.fixture
def hold() -> Iterator[Callable[[], str]]:
    """``hold()``: a serial port (a pty) that another process has opened exclusively, as the
    running kiosk does."""
    opened: list[tuple[serial.Serial, int, int]] = []

    def open_held() -> str:
        controller, device = pty.openpty()
        path = os.ttyname(device)
        opened.append((serial.Serial(path, exclusive=True), controller, device))
        return path

    yield open_held
    for holder, controller, device in opened:
        holder.close()
        os.close(controller)
        os.close(device)


@pytest.mark.logs(logging.WARNING)
def test_held_ports_are_judged_from_the_running_kiosks_report(
    settings: Settings,
    config_file: Path,
    data_dir: Path,
    central: CentralSimServer,
    hold: Callable[[], str],
) -> None:
    # What a kiosk publishes whose board 1 went silent and whose paper runs low: the real
    # drivers' health, summarized as the runtime does.
    with build_devices(settings.devices, settings.locker.boards()) as reporting:
        sims(reporting).locks.set_silent(1)
        for board in (0, 1):
            with contextlib.suppress(DeviceError):
                reporting.locks.read_board(board)
        sims(reporting).printer.paper = PaperState.NEAR_END
        reporting.printer.status()
        reporting.scanner.start(lambda event: None)
        report = json.dumps(summarize(reporting.health()))
    locks, printer, scanner = hold(), hold(), hold()
    held = make_settings(
        config_file,
        data_dir,
        central.url,
        {
            "devices.lock_bus": {"port": locks},
            "devices.printer": {"port": printer},
            "devices.scanner": {"port": scanner},
        },
    )
    published_at = repr(time.time() - 20)
    write_kv(data_dir, {kv.Key.DEVICE_HEALTH: report, kv.Key.DEVICE_HEALTH_AT: published_at})
    findings = examine(held)
    bus = line(findings, "lock bus")
    assert (bus.status, bus.found) == (
        Status.OK,
        f"{locks} in use by the running kiosk; its report is 20 s old",
    )
    assert line(findings, "lock board 0").found == "answers (running kiosk's report)"
    board = line(findings, "lock board 1")
    assert board.status is Status.FAIL
    assert board.found.startswith("offline (running kiosk's report)")
    assert board.fix is not None and "address 1" in board.fix
    paper = line(findings, "printer")
    assert (paper.status, paper.found) == (
        Status.WARN,
        "running kiosk's report (20 s old): ready, paper near end",
    )
    assert line(findings, "scanner").found == (
        f"{scanner} in use by the running kiosk, which reads from it (0 codes read; report 20 s"
        " old)"
    )

    write_kv(data_dir, {kv.Key.DEVICE_HEALTH_AT: repr(time.time() - 600)})
    bus = line(examine(held), "lock bus")
    assert bus.status is Status.WARN
    assert "last device report is 10 min old (it reports every 15 s)" in bus.found
    assert bus.fix is not None and "systemctl restart atm-ho-so-kiosk" in bus.fix


def test_a_port_held_by_another_program_with_no_kiosk_report_fails(
    config_file: Path, central: CentralSimServer, tmp_path: Path, hold: Callable[[], str]
) -> None:
    held_port = hold()
    fresh = tmp_path / "fresh"  # no database: nobody has published anything
    settings = make_settings(
        config_file, fresh, central.url, {"devices.scanner": {"port": held_port}}
    )
    findings = examine(settings)
    scanner = line(findings, "scanner")
    assert scanner.status is Status.FAIL
    assert scanner.found == (
        f"{held_port} is in use by another program, and the kiosk has published no device report"
    )
    assert scanner.fix is not None and f"sudo fuser -v {held_port}" in scanner.fix
    assert not (fresh / "kiosk.sqlite3").exists()


def test_a_running_kiosk_holds_the_lock_port_and_doctor_reads_its_fresh_report(
    config_file: Path, data_dir: Path, central: CentralSimServer
) -> None:
    from drivers.locks.sim import LockBoardSimulator

    boards = LockBoardSimulator("cu16", [0, 1]).start()
    try:
        settings = make_settings(
            config_file,
            data_dir,
            central.url,
            {"devices.lock_bus": {"port": boards.port, "protocol": "cu16"}},
        )
        runtime = KioskRuntime(settings, build_devices(settings.devices, [0, 1]))
        runtime.start(with_sync=False)
        try:
            deadline = time.monotonic() + 5
            while not _published(data_dir):
                assert time.monotonic() < deadline, "the kiosk published no device health"
                time.sleep(0.01)
            bus = line(examine(settings), "lock bus")
        finally:
            runtime.stop()
    finally:
        boards.close()
    assert bus.status is Status.OK
    assert bus.found.startswith(f"{boards.port} in use by the running kiosk; its report is ")


def _published(data_dir: Path) -> bool:
    conn = sqlite3.connect(data_dir / "kiosk.sqlite3")
    try:
        return kv.get(conn, kv.Key.DEVICE_HEALTH_AT) is not None
    finally:
        conn.close()


# --- printer and scanner ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fault", "status", "found", "fix"),
    [
        ("paper_out", Status.FAIL, "paper out", "load a new 80 mm thermal roll"),
        ("near_end", Status.WARN, "ready, paper near end", "load a new roll soon"),
        ("cover_open", Status.FAIL, "cover open", "close the printer's cover"),
        ("silent", Status.FAIL, "no answer (", "switch the printer on"),
    ],
)
@pytest.mark.logs(logging.WARNING)
def test_printer_faults(
    settings: Settings, devices: Devices, fault: str, status: Status, found: str, fix: str
) -> None:
    printer = sims(devices).printer
    if fault == "paper_out":
        printer.paper = PaperState.OUT
    elif fault == "near_end":
        printer.paper = PaperState.NEAR_END
    else:
        setattr(printer, fault, True)
    findings = examine(settings, devices=devices)
    finding = line(findings, "printer")
    assert finding.status is status and finding.found.startswith(found)
    assert finding.fix is not None and fix in finding.fix
    assert exit_code(findings) == (1 if status is Status.FAIL else 0)


def test_the_scanner_line_says_a_scanner_cannot_be_asked_more(
    settings: Settings, devices: Devices
) -> None:
    scanner = line(examine(settings, devices=devices), "scanner")
    assert scanner.status is Status.OK
    assert "opens (a scanner speaks only when it reads a code" in scanner.found
