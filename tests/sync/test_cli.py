"""``kiosk sync --once`` and ``kiosk central-sim`` as a technician runs them."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from hub.sim import CentralSimServer
from kiosk.cli import main

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, server: CentralSimServer, tmp_path: Path) -> Path:
    """Configured with no file: the environment variables a deployment sets."""
    monkeypatch.setenv("KIOSK_CENTRAL_URL", server.url)
    monkeypatch.setenv("KIOSK_ID", "demo-kiosk-01")
    monkeypatch.setenv("KIOSK_TOKEN", "demo-token")
    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("KIOSK_CONFIG", raising=False)
    return tmp_path / "data"


def test_sync_once_runs_every_step_and_exits_0(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sync", "--once"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert [line.split()[:2] for line in out] == [
        ["releases", "ok"],
        ["outbox", "ok"],
        ["staff", "ok"],
        ["heartbeat", "ok"],
    ]
    assert (env / "kiosk.sqlite3").exists() and (env / "device.key").exists()


@pytest.mark.logs(logging.ERROR)
def test_sync_once_with_a_wrong_token_says_so_and_exits_1(
    env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("KIOSK_TOKEN", "stale")
    assert main(["sync", "--once"]) == 1
    out = capsys.readouterr().out
    assert "releases   FAILED  the central system refused this kiosk's token (HTTP 401)" in out
    assert "check central.token (KIOSK_TOKEN)" in out
    # Kept as a fact; the technician's command line says it in English.
    assert main(["status"]) == 0
    out = capsys.readouterr().out
    assert (
        "last sync error  releases: the central system refused this kiosk's token (HTTP 401)"
        in out.splitlines()
    )
    assert main(["status", "--json"]) == 0
    failure = json.loads(capsys.readouterr().out)["sync"]["last_failure"]
    assert failure == {"step": "releases", "kind": "auth", "status": 401}


def test_central_sim_prints_its_url_and_the_demo_codes(tmp_path: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "central-sim", "--port", "0", "--pin-iterations", "1000"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env=os.environ | {"PYTHONUNBUFFERED": "1"},
    )
    try:
        assert proc.stdout is not None
        lines = [proc.stdout.readline() for _ in range(5)]
    finally:
        proc.terminate()
        proc.wait(5)
    assert lines[0].startswith("central simulator at http://127.0.0.1:")
    assert lines[4].split()[:2] == ["000.00.07.H29-251120-0001", "77272786"]
    assert proc.returncode == 0


@pytest.mark.logs(logging.WARNING)
def test_a_directory_with_malformed_people_applies_the_rest_and_says_so_in_status(
    env: Path, server: CentralSimServer, capsys: pytest.CaptureFixture[str]
) -> None:
    kiosk = "demo-kiosk-01"
    good = server.sim.kiosk(kiosk).staff
    server.sim.set_staff(
        kiosk,
        [
            good[0],
            {**good[1], "badge_sha256": "STAFF|kt-0007"},  # the withdrawn form, not a hash
            {"staff_id": "cb-0300", "name": "Phạm Thu Hà", "role": "staff"},  # fields missing
            "not an object",
        ],
    )
    assert main(["sync", "--once"]) == 0
    assert "staff      ok  1 people, 1 change(s), 3 item(s) set aside" in (capsys.readouterr().out)
    assert main(["status"]) == 0
    out = capsys.readouterr().out
    assert "set aside        3 feed item(s) the kiosk could not accept" in out
    lines = [line for line in out.splitlines() if line.startswith("  - staff ")]
    assert [line.split(":")[0] for line in lines] == [
        "  - staff kt-0007",
        "  - staff cb-0300",
        "  - staff (no release_id)",
    ]
    assert "badge_sha256: String should match pattern" in lines[0]
    assert "pin_pbkdf2: Field required" in lines[1] and "active: Field required" in lines[1]
    alarms = [line for line in out.splitlines() if "feed_item_set_aside" in line]
    assert [a.split()[2] for a in alarms] == ["staff:kt-0007", "staff:cb-0300", "staff:item-"
        + hashlib.sha256(b'"not an object"').hexdigest()[:12]]  # fmt: skip
    assert main(["status", "--json"]) == 0
    kept = capsys.readouterr().out
    assert good[1]["pin_pbkdf2"] not in kept and "STAFF|kt-0007" not in kept  # hashes withheld

    server.sim.set_staff(kiosk, good)  # fixed centrally: the alarm clears, the list empties
    assert main(["sync", "--once"]) == 0
    assert main(["status"]) == 0
    out = capsys.readouterr().out
    assert "set aside" not in out and "alarms           none" in out


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "::", "kiosk.example"])
def test_central_sim_refuses_to_listen_beyond_this_machine(host: str) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "kiosk", "central-sim", "--host", host, "--port", "0"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 2
    assert "is not a loopback address" in proc.stderr
    assert proc.stdout == ""
