"""``kiosk run`` started as systemd starts it with a device unplugged: it comes up, serves what
it can, reports the device offline, and takes the device up when it is plugged in (a udev name
that appears; here a symlink to a simulator's pty, which is what a udev rule makes).

What is asserted is what systemd and a technician see: READY=1 with the home screen, no
traceback, the device verdicts the kiosk publishes (``kiosk status``), the alarms in SQLite.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from drivers.locks.sim import LockBoardSimulator
from drivers.printer.sim import PrinterSimulator
from drivers.scanner.sim import ScannerSimulator
from kiosk.store import Store, kv
from tests.kiosk.commands.run.conftest import DatagramSink
from tests.kiosk.commands.run.test_services import START_S, service_env, start, stop

DEVICES = ("locks", "printer", "scanner")
APPEAR_S = 30


def published(data_dir: Path) -> dict[str, Any]:
    """Device verdicts and open alarms as ``kiosk status --json`` shows them."""
    store = Store(data_dir / "kiosk.sqlite3")
    try:
        health = kv.get(store.conn, kv.Key.DEVICE_HEALTH)
        alarms = store.conn.execute(
            "SELECT kind, subject FROM alarms WHERE cleared_at IS NULL ORDER BY subject"
        ).fetchall()
    finally:
        store.close()
    devices = json.loads(health) if health else {}
    return {
        "states": {name: d["state"] for name, d in devices.items()},
        "reasons": {name: d.get("reason") for name, d in devices.items()},
        "alarms": [tuple(a) for a in alarms],
    }


def wait_until(
    data_dir: Path, ok: Callable[[dict[str, Any]], bool], timeout: float
) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    seen: dict[str, Any] = {}
    while time.monotonic() < deadline:
        seen = published(data_dir)
        if ok(seen):
            return seen
        time.sleep(0.05)
    raise AssertionError(f"not reached within {timeout} s; last published: {seen}")


def config_with(tmp_path: Path, missing: tuple[str, ...]) -> Path:
    """A configuration whose ``missing`` devices point at udev names nothing has made yet."""
    ports = {"locks": "sim:cu16", "printer": "sim:escpos", "scanner": "sim:scanner"}
    for name in missing:
        ports[name] = str(tmp_path / f"kiosk-{name}")
    path = tmp_path / "kiosk.toml"
    path.write_text(
        # The kiosk looks at its devices every 0.2 s (default 2 s): a port that appears is
        # taken up within the test's wait, not a retry later.
        "[devices]\ncheck_interval_ms = 200\n"
        f'[devices.lock_bus]\nport = "{ports["locks"]}"\nprotocol = "cu16"\n'
        f'[devices.printer]\nport = "{ports["printer"]}"\n'
        f'[devices.scanner]\nport = "{ports["scanner"]}"\n',
        encoding="utf-8",
    )
    return path


@pytest.fixture
def simulators() -> Iterator[dict[str, Any]]:
    """The devices to plug in later, started in the test process."""
    sims: dict[str, Any] = {
        "locks": LockBoardSimulator("cu16", [0, 1]).start(),
        "printer": PrinterSimulator().start(),
        "scanner": ScannerSimulator("CR").start(),
    }
    yield sims
    for sim in sims.values():
        sim.close()


@pytest.mark.slow
@pytest.mark.parametrize("missing", [("scanner",), ("printer",), ("locks",), DEVICES], ids="+".join)
def test_the_kiosk_starts_without_a_device_reports_it_and_takes_it_up_when_plugged_in(
    missing: tuple[str, ...],
    sink: DatagramSink,
    simulators: dict[str, Any],
    tmp_path: Path,
) -> None:
    config = config_with(tmp_path, missing)
    process = start(["run", "--no-sync"], service_env(sink, tmp_path, KIOSK_CONFIG=str(config)))
    try:
        ready = sink.wait_for(b"READY=1", timeout=START_S)
        assert ready == b"READY=1\nSTATUS=home screen up"
        # Each missing device offline (with the driver's reason), the others working.
        seen = wait_until(
            tmp_path,
            lambda p: (
                p["states"] == {d: "offline" if d in missing else "ok" for d in DEVICES}
                and (("board_offline", "board:0") in p["alarms"]) == ("locks" in missing)
            ),
            timeout=APPEAR_S,
        )
        for name in missing:
            assert f"kiosk-{name}" in seen["reasons"][name]
        if "locks" in missing:
            # No door answers: the citizen services are out of service (alarm per board).
            assert seen["alarms"] == [("board_offline", "board:0"), ("board_offline", "board:1")]
        sink.wait_for(b"WATCHDOG=1", timeout=5)  # alive, not in a restart loop

        for name in missing:  # plugged in: udev makes the name
            (tmp_path / f"kiosk-{name}").symlink_to(simulators[name].port)
        wait_until(
            tmp_path,
            lambda p: p["states"] == dict.fromkeys(DEVICES, "ok") and not p["alarms"],
            timeout=APPEAR_S,
        )
    finally:
        output = stop(process, sink)
    assert "Traceback" not in output, output
    log = (tmp_path / "logs" / "kiosk.log").read_text("utf-8")
    for name in missing:
        assert f"device {name}: offline" in log and f"device {name}: ok" in log
