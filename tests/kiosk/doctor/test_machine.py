"""``kiosk doctor`` on the machine around the devices: a healthy run through the CLI, the central
system, the clock, the disk, the database and the configuration."""

from __future__ import annotations

import json
import logging
import socket
import sqlite3
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from hub.sim import (
    CentralSimServer,
    CentralSimulator,
    Endpoint,
    Fault,
    FaultKind,
)
from kiosk.cli import main
from kiosk.doctor import Finding, Status, examine, exit_code
from kiosk.doctor.central import check_central
from kiosk.doctor.configuration import check_config
from kiosk.doctor.storage import check_disk
from kiosk.doctor.timekeeping import check_clock, check_ntp, check_time_zone, read_ntp
from kiosk.settings import Settings
from kiosk.store import Store, audit, kv
from kiosk.store.schema import MIGRATIONS
from tests.kiosk.doctor.conftest import (
    KIOSK_ID,
    TOKEN,
    fake_timedatectl,
    line,
    make_settings,
    write_kv,
)

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
    current = len(MIGRATIONS.pending(Database(memory=True)))
    assert "integrity ok" in text and f"schema version {current} (current)" in text

    assert main(["--config", str(config_file), "doctor", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["status"] == "ok"
    assert [c["name"] for c in report["checks"]] == names
    assert all(set(c) == {"name", "status", "found", "fix"} for c in report["checks"])
    assert all(c["status"] == "ok" and c["fix"] is None for c in report["checks"])


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
@pytest.mark.logs(logging.WARNING)
def test_central_faults(
    settings: Settings, central: CentralSimServer, fault: Fault, found: str, fix: str
) -> None:
    central.sim.faults.add(fault)
    finding = probe(settings)
    assert finding.status is Status.FAIL and found in finding.found
    assert finding.fix is not None and fix in finding.fix


@pytest.mark.logs(logging.ERROR)
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
