"""``kiosk run`` and ``kiosk sync`` as systemd runs them: a real process, a NOTIFY_SOCKET, and
the watchdog interval in the environment. What systemd would receive is what is asserted."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from hub.sim import CentralSimServer, start_central_sim
from kiosk.commands.sync import EXIT_DATABASE_DAMAGED
from kiosk.store import Store, kv
from tests.kiosk.commands.run.conftest import DatagramSink
from tests.sync.helpers import paths

KIOSK_ID = "kiosk-test-07"
TOKEN = "test-token-07"
START_S = 60  # a cold start on a loaded 2-core machine


@pytest.fixture
def central() -> Iterator[CentralSimServer]:
    server = start_central_sim(kiosk_id=KIOSK_ID, token=TOKEN, pin_iterations=1000)
    yield server
    server.stop()


def service_env(sink: DatagramSink, data_dir: Path, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "NOTIFY_SOCKET": str(sink.path),
        "WATCHDOG_USEC": "200000",  # a ping every 0.1 s: the tests wait for two
        "KIOSK_DATA_DIR": str(data_dir),
        "KIOSK_ID": KIOSK_ID,
        "KIOSK_TOKEN": TOKEN,
        **extra,
    }


def start(args: list[str], env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "kiosk", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def stop(process: subprocess.Popen[str], sink: DatagramSink) -> str:
    """SIGTERM, as ``systemctl stop`` sends; the service says it is stopping and exits 0."""
    process.send_signal(signal.SIGTERM)
    sink.wait_for(b"STOPPING=1", timeout=20)
    output, _ = process.communicate(timeout=30)
    assert process.returncode == 0, output
    return output


def damage(database: Path) -> None:
    """What a failing SD card does: pages of the file overwritten with garbage."""
    conn = sqlite3.connect(database)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    with database.open("r+b") as f:
        f.seek(4096)
        f.write(b"\xa5" * 8192)


def test_the_sync_service_is_ready_after_its_first_cycle_pings_and_syncs_when_asked(
    sink: DatagramSink, central: CentralSimServer, tmp_path: Path
) -> None:
    env = service_env(sink, tmp_path, KIOSK_CENTRAL_URL=central.url)
    process = start(["sync"], env)
    try:
        ready = sink.wait_for(b"READY=1", timeout=START_S)
        assert b"STATUS=in sync" in ready
        assert "releases" in paths(central) and "heartbeat" in paths(central)
        sink.wait_for(b"WATCHDOG=1", timeout=5)

        # "Sync now" from the kiosk process (an alarm, the technician's button) reaches the
        # agent's process through the store: a heartbeat goes out long before the next one due.
        beats = paths(central).count("heartbeat")
        store = Store(tmp_path / "kiosk.sqlite3")
        with store.transaction() as conn:
            kv.request_sync(conn)
        store.close()
        sink.wait_for(b"STATUS=in sync", timeout=10)
        assert paths(central).count("heartbeat") == beats + 1
    finally:
        output = stop(process, sink)
    log_file = tmp_path / "logs" / "sync.log"
    assert "ready: in sync" in log_file.read_text(encoding="utf-8"), output


def test_the_kiosk_service_is_ready_with_the_home_screen_and_pings_the_watchdog(
    sink: DatagramSink, tmp_path: Path
) -> None:
    process = start(["run", "--no-sync"], service_env(sink, tmp_path))
    try:
        ready = sink.wait_for(b"READY=1", timeout=START_S)
        assert ready == b"READY=1\nSTATUS=home screen up"
        sink.wait_for(b"WATCHDOG=1", timeout=5)
        sink.wait_for(b"WATCHDOG=1", timeout=5)
    finally:
        stop(process, sink)
    assert "ready: home screen up" in (tmp_path / "logs" / "kiosk.log").read_text("utf-8")


def test_with_a_damaged_database_the_kiosk_stays_out_of_service_and_sync_waits(
    sink: DatagramSink, central: CentralSimServer, tmp_path: Path
) -> None:
    Store(tmp_path / "kiosk.sqlite3").close()
    damage(tmp_path / "kiosk.sqlite3")

    sync = subprocess.run(
        [sys.executable, "-m", "kiosk", "sync"],
        env=service_env(sink, tmp_path, KIOSK_CENTRAL_URL=central.url),
        capture_output=True,
        text=True,
        timeout=START_S,
        check=False,
    )
    # 3: the unit does not restart it (RestartPreventExitStatus=3); a technician must act.
    assert sync.returncode == EXIT_DATABASE_DAMAGED
    assert "the database is damaged" in sync.stderr and "kiosk doctor" in sync.stderr

    # The screen stays up (no restart loop), saying out of service, and nothing opens.
    process = start(["run", "--no-sync"], service_env(sink, tmp_path))
    try:
        ready = sink.wait_for(b"READY=1", timeout=START_S)
        assert b"STATUS=OUT OF SERVICE" in ready and b"damaged" in ready
        sink.wait_for(b"WATCHDOG=1", timeout=5)
    finally:
        stop(process, sink)
