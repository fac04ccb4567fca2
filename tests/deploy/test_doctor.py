"""``kiosk doctor`` against the simulators: a healthy kiosk, then each fault and its fix text.

Devices are the real drivers on simulator ptys (built here, so faults can be switched on, or
opened by doctor itself from the settings); the central system is the bundled simulator on
127.0.0.1; the database is a real file made by the kiosk's own code, then damaged by hand.
Time zone and NTP come from the process: TZ is set to Vietnam's and a stand-in
``timedatectl`` on PATH answers as systemd's would, so the results do not depend on the machine.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import pty
import socket
import sqlite3
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import serial

from drivers.errors import DeviceError
from drivers.interfaces import PaperState
from drivers.registry import Devices, build_devices
from kiosk.cli import main
from kiosk.config_loader import load_settings
from kiosk.device_health import summarize
from kiosk.doctor import Finding, Status, examine, exit_code, render_text
from kiosk.doctor.central import check_central
from kiosk.doctor.configuration import check_config
from kiosk.doctor.storage import check_disk
from kiosk.doctor.timekeeping import check_clock, check_ntp, check_time_zone, read_ntp
from kiosk.runtime import KioskRuntime
from kiosk.services.core import open_services
from kiosk.settings import Settings
from kiosk.store import Store, audit, kv
from sync.central_sim import (
    CentralSimServer,
    CentralSimulator,
    Endpoint,
    Fault,
    FaultKind,
    start_central_sim,
)

KIOSK_ID = "hcm-bn-01"
TOKEN = "t0ken-of-hcm-bn-01"
# Short timeouts (as tests/drivers use: safe on a loaded 2-core machine): a silent board,
# printer or server costs a fraction of a second, not seconds.
FAST: dict[str, dict[str, Any]] = {
    "central": {"connect_timeout_s": 1.0, "read_timeout_s": 0.5},
    "devices.lock_bus": {"reply_timeout_ms": 150, "offline_after_failures": 1},
    "devices.printer": {"status_timeout_ms": 300},
}


# --- fixtures ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def central() -> Iterator[CentralSimServer]:
    server = start_central_sim(port=0, seed=False, kiosk_id=KIOSK_ID, token=TOKEN)
    server.sim.add_kiosk("hcm-bn-02", "t0ken-of-hcm-bn-02")
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def machine(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, central: CentralSimServer
) -> Iterator[Path]:
    """Vietnam's time zone and a ``timedatectl`` that says the clock is synchronized;
    the central simulator's faults cleared after each test. Yields the stand-in's folder."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake_timedatectl(bin_dir, "yes")
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("TZ", "Asia/Ho_Chi_Minh")
    time.tzset()
    yield bin_dir
    central.sim.clear_faults()
    monkeypatch.undo()
    time.tzset()


def fake_timedatectl(bin_dir: Path, synchronized: str) -> None:
    script = bin_dir / "timedatectl"
    script.write_text(f"#!/bin/sh\necho {synchronized}\n")
    script.chmod(0o755)


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    path = tmp_path / "kiosk.toml"
    path.write_text(toml(FAST))
    return path


def toml(tables: dict[str, dict[str, Any]]) -> str:
    """A configuration file of simple tables (JSON's strings and numbers are TOML's too)."""
    return "".join(
        f"[{name}]\n" + "".join(f"{k} = {json.dumps(v)}\n" for k, v in keys.items())
        for name, keys in tables.items()
    )


def make_settings(
    config_file: Path,
    data_dir: Path,
    url: str,
    devices: dict[str, dict[str, Any]] | None = None,
    **env: str,
) -> Settings:
    """Settings from a file (FAST, with ``devices`` tables merged in) and the environment."""
    tables = {name: FAST.get(name, {}) | keys for name, keys in (devices or {}).items()}
    config_file.write_text(toml(FAST | tables))
    base = {
        "KIOSK_CENTRAL_URL": url,
        "KIOSK_ID": KIOSK_ID,
        "KIOSK_TOKEN": TOKEN,
        "KIOSK_DATA_DIR": str(data_dir),
    }
    return load_settings(str(config_file), env=base | env)


@pytest.fixture
def data_dir(tmp_path: Path, config_file: Path, central: CentralSimServer) -> Path:
    """A data directory as a kiosk leaves it after its first start: database, key, layout."""
    path = tmp_path / "data"
    open_services(make_settings(config_file, path, central.url)).close()
    return path


@pytest.fixture
def settings(config_file: Path, data_dir: Path, central: CentralSimServer) -> Settings:
    return make_settings(config_file, data_dir, central.url)


@pytest.fixture
def devices(settings: Settings) -> Iterator[Devices]:
    built = build_devices(settings.devices, settings.locker.boards())
    yield built
    built.close()


def sims(devices: Devices) -> Any:
    assert devices.simulators is not None
    return devices.simulators


def line(findings: list[Finding], name: str) -> Finding:
    return next(f for f in findings if f.name == name)


def write_kv(data_dir: Path, values: dict[kv.Key, str]) -> None:
    store = Store(data_dir / "kiosk.sqlite3")
    with store.transaction() as conn:
        for key, value in values.items():
            kv.put(conn, key, value)
    store.close()


# --- a healthy kiosk --------------------------------------------------------------------------


@pytest.fixture
def root_logging(capsys: pytest.CaptureFixture[str]) -> Iterator[None]:
    """The CLI points the root logger at this test's captured stderr: put it back after, and
    before that stream closes (this fixture depends on capsys, so it is torn down first)."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


@pytest.mark.usefixtures("root_logging")
def test_a_healthy_kiosk_is_ok_on_every_line_and_exits_0(
    monkeypatch: pytest.MonkeyPatch,
    config_file: Path,
    data_dir: Path,
    central: CentralSimServer,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("KIOSK_CENTRAL_URL", central.url)
    monkeypatch.setenv("KIOSK_ID", KIOSK_ID)
    monkeypatch.setenv("KIOSK_TOKEN", TOKEN)
    monkeypatch.setenv("KIOSK_DATA_DIR", str(data_dir))
    assert main(["--config", str(config_file), "doctor"]) == 0
    out = capsys.readouterr().out.splitlines()
    names = [
        "config",
        "lock bus",
        "lock board 0",
        "lock board 1",
        "printer",
        "scanner",
        "central",
        "clock",
        "time zone",
        "ntp",
        "disk",
        "database",
        "audit log",
        "device key",
    ]
    assert [row.split("  ")[0] for row in out] == ["ok"] * len(names)
    for row, name in zip(out, names, strict=True):
        assert row[6:].startswith(name), row
    text = "\n".join(out)
    assert "answers: 12 doors, all closed" in text
    assert "ready, paper ok" in text
    assert "reachable, token accepted" in text
    assert "UTC+07:00 (Asia/Ho_Chi_Minh)" in text
    assert "integrity ok" in text and "schema version 1 (current)" in text

    assert main(["--config", str(config_file), "doctor", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["status"] == "ok"
    assert [c["name"] for c in report["checks"]] == names
    assert all(set(c) == {"name", "status", "found", "fix"} for c in report["checks"])
    assert all(c["status"] == "ok" and c["fix"] is None for c in report["checks"])


# --- lock boards --------------------------------------------------------------------------------


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


# --- central system -----------------------------------------------------------------------------


def probe(settings: Settings, **changes: Any) -> Finding:
    central = settings.central.model_copy(update=changes)
    return check_central(central, KIOSK_ID, staff_etag=None, production=True).finding


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.parametrize(
    ("fault", "found", "fix"),
    [
        (Fault(FaultKind.SERVER_ERROR, Endpoint.STAFF), "failed on its side", "help desk"),
        (Fault(FaultKind.MALFORMED_JSON, Endpoint.STAFF), "broke the contract", "central.url"),
        (Fault(FaultKind.SLOW, Endpoint.STAFF, delay_s=1.0), "no reply within 0.5 s", "slow"),
    ],
    ids=["5xx", "bad-json", "timeout"],
)
def test_central_faults(
    settings: Settings, central: CentralSimServer, fault: Fault, found: str, fix: str
) -> None:
    central.sim.add_fault(fault)
    finding = probe(settings)
    assert finding.status is Status.FAIL and found in finding.found
    assert finding.fix is not None and fix in finding.fix


def test_central_reachability_and_tokens(settings: Settings, central: CentralSimServer) -> None:
    assert probe(settings).status is Status.OK
    refused = probe(settings, url=f"http://127.0.0.1:{free_port()}")
    assert refused.status is Status.FAIL and refused.found.endswith("refused the connection")
    assert refused.fix is not None and "check the port in central.url" in refused.fix
    tls = probe(settings, url=central.url.replace("http://", "https://"))
    assert tls.status is Status.FAIL and tls.found.startswith("TLS/certificate problem")
    assert tls.fix is not None and "clock" in tls.fix
    wrong = probe(settings, token="stale")
    assert wrong.found == "the central system refused the kiosk's token (HTTP 401)"
    assert wrong.fix is not None and "central.token (KIOSK_TOKEN)" in wrong.fix
    other = probe(settings, token="t0ken-of-hcm-bn-02")
    assert "not for kiosk 'hcm-bn-01' (HTTP 403)" in other.found
    simulated = probe(settings, url="sim:")
    assert simulated.status is Status.FAIL and "bundled simulator" in simulated.found
    assert [r.path.rsplit("/", 1)[-1] for r in central.sim.request_log()][-1] == "staff"
    assert {r.method for r in central.sim.request_log()} == {"GET"}


# --- time ---------------------------------------------------------------------------------------


def test_a_clock_behind_what_the_kiosk_has_seen_fails(settings: Settings, data_dir: Path) -> None:
    write_kv(data_dir, {kv.Key.CLOCK_FLOOR: repr(time.time() + 3 * 3600)})
    findings = examine(settings)
    clock = line(findings, "clock")
    assert clock.status is Status.FAIL
    assert "the system clock is 3 h behind the newest time this kiosk has seen" in clock.found
    assert clock.fix is not None and "Raspberry Pi has no battery clock" in clock.fix
    assert exit_code(findings) == 1


def test_a_clock_away_from_the_central_systems_fails(
    config_file: Path, data_dir: Path, tmp_path: Path
) -> None:
    late = CentralSimulator(seed=False, now=lambda: time.time() - 600)
    late.add_kiosk(KIOSK_ID, TOKEN)
    server = CentralSimServer(late, "127.0.0.1", 0).start()
    try:
        clock = line(examine(make_settings(config_file, data_dir, server.url)), "clock")
    finally:
        server.stop()
    assert clock.status is Status.FAIL
    assert "the system clock is 10 min ahead of the central system's" in clock.found
    assert clock.fix is not None and "timedatectl set-ntp true" in clock.fix
    assert check_clock(time.time(), 0.0, 5.0, no_server_time="").status is Status.OK


def test_time_zone_and_ntp(machine: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    zone = check_time_zone(timedelta(0), "Etc/UTC")
    assert (zone.status, zone.found) == (
        Status.WARN,
        "UTC+00:00 (Etc/UTC): receipts and events would carry +00:00, not +07:00",
    )
    assert zone.fix == "`sudo timedatectl set-timezone Asia/Ho_Chi_Minh`, then restart the kiosk"
    fake_timedatectl(machine, "no")
    ntp = check_ntp(read_ntp())
    assert ntp.status is Status.WARN and ntp.fix is not None and "set-ntp true" in ntp.fix
    monkeypatch.setenv("PATH", str(machine / "empty"))
    assert check_ntp(read_ntp()).found == "not checked: timedatectl is not installed"


# --- disk and database --------------------------------------------------------------------------


def test_disk_below_the_thresholds(data_dir: Path) -> None:
    huge = 10**12  # MB: more than any disk has free
    full = check_disk(data_dir, fail_below_mb=huge, warn_below_mb=huge)
    assert full.status is Status.FAIL and "the kiosk may soon save nothing" in full.found
    assert full.fix is not None and "journalctl --vacuum-size" in full.fix
    low = check_disk(data_dir, fail_below_mb=0, warn_below_mb=huge)
    assert low.status is Status.WARN
    assert check_disk(data_dir).status is Status.OK


def test_a_damaged_database_fails_with_what_sqlite_found(
    settings: Settings, data_dir: Path
) -> None:
    path = data_dir / "kiosk.sqlite3"
    conn = sqlite3.connect(path)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'audit'").fetchone()[0]
    conn.close()
    with path.open("r+b") as f:  # a worn SD card returns garbage for one page
        f.seek((root - 1) * page_size)
        f.write(b"\xde\xad\xbe\xef" * (page_size // 4))
    findings = examine(settings)
    database = line(findings, "database")
    assert database.status is Status.FAIL
    assert database.found == f"{path} is damaged: database disk image is malformed"
    assert database.fix is not None and "'A damaged database'" in database.fix
    assert line(findings, "audit log").status is Status.FAIL


def test_a_broken_audit_chain_names_the_row(settings: Settings, data_dir: Path) -> None:
    store = Store(data_dir / "kiosk.sqlite3")
    with store.transaction() as conn:
        for label in ("A01", "A02"):
            audit.append(conn, at="t", actor="staff:cb-0142", action="result.loaded", subject=label)
    store.close()
    conn = sqlite3.connect(data_dir / "kiosk.sqlite3", isolation_level=None)
    # Someone with the file and sqlite3 drops the trigger and edits row 2.
    conn.execute("DROP TRIGGER audit_no_update")
    conn.execute("UPDATE audit SET actor = 'staff:x' WHERE seq = 2")
    conn.close()
    finding = line(examine(settings), "audit log")
    assert (finding.status, finding.found) == (
        Status.FAIL,
        "hash chain broken at row 2: row 2 was altered",
    )
    assert finding.fix is not None and "kiosk diag export DIR" in finding.fix


def test_schema_versions_pending_and_from_the_future(settings: Settings, data_dir: Path) -> None:
    conn = sqlite3.connect(data_dir / "kiosk.sqlite3", isolation_level=None)
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm001_core'")
    database = line(examine(settings), "database")
    assert database.status is Status.WARN and "1 migration(s) pending (m001_core)" in database.found
    assert database.fix is not None and "`kiosk migrate`" in database.fix
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
        " VALUES ('atm-ho-so', 'm999_future', '2030-01-01')"
    )
    conn.close()
    database = line(examine(settings), "database")
    assert database.status is Status.FAIL and "m999_future" in database.found


def test_a_device_key_readable_by_others_fails(settings: Settings, data_dir: Path) -> None:
    key = data_dir / "device.key"
    key.chmod(0o644)
    finding = line(examine(settings), "device key")
    assert (finding.status, finding.found) == (
        Status.FAIL,
        f"{key} has mode 0644: other users can read the key",
    )
    assert finding.fix is not None and f"chmod 600 {key}" in finding.fix
    assert key.stat().st_mode & 0o777 == 0o644  # doctor reports, it does not change things


def test_no_database_yet_is_a_warning_and_doctor_creates_none(
    config_file: Path, central: CentralSimServer, tmp_path: Path
) -> None:
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    findings = examine(make_settings(config_file, fresh, central.url))
    database = line(findings, "database")
    assert database.status is Status.WARN and database.found.endswith("not created yet")
    assert database.fix == "start the kiosk once: it creates the database and the device key"
    assert line(findings, "device key").status is Status.WARN
    assert exit_code(findings) == 0
    assert list(fresh.iterdir()) == []


# --- configuration ------------------------------------------------------------------------------


def test_demo_values_on_a_kiosk_with_real_devices(
    config_file: Path, data_dir: Path, central: CentralSimServer
) -> None:
    real = {"devices.lock_bus": {"port": "/dev/kiosk-locks"}}
    demo = make_settings(
        config_file, data_dir, central.url, real, KIOSK_ID="demo-kiosk-01", KIOSK_TOKEN="demo-token"
    )
    finding = check_config(demo, "/etc/atm-ho-so/kiosk.toml")
    assert finding.status is Status.FAIL
    assert "kiosk.id is still the demo's 'demo-kiosk-01'" in finding.found
    assert "central.token is still the demo's token" in finding.found
    assert "demo-token" not in finding.found  # a token is never printed
    assert finding.fix is not None and "KIOSK_ID and KIOSK_TOKEN" in finding.fix
    ours = make_settings(config_file, data_dir, central.url, real)
    finding = check_config(ours, "/etc/atm-ho-so/kiosk.toml")
    assert finding.status is Status.WARN
    assert "kiosk.ward is still the demo's" in finding.found
    assert "simulated on a kiosk with real devices: printer, scanner" in finding.found
