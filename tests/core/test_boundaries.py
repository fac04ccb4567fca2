"""The project's seams: no Qt below the UI, the CLI's promises, the README's commands."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

BLOCK_QT = """
import sys
class BlockQt:
    def find_spec(self, name, path=None, target=None):
        if name == "PySide6" or name.startswith("PySide6."):
            raise ImportError("PySide6 is blocked in this test")
sys.meta_path.insert(0, BlockQt())
import drivers, drivers.registry, sync, sync.agent, kiosk.services.core, kiosk.runtime
import kiosk.commission.steps, kiosk.commission.config  # the wizard's steps, CLI and screen
assert not any(m.startswith("PySide6") for m in sys.modules)
print("ok")
"""


def test_drivers_sync_services_and_commissioning_import_without_qt() -> None:
    done = subprocess.run(
        [sys.executable, "-c", BLOCK_QT], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert done.stdout.strip() == "ok", done.stderr


def test_drivers_import_nothing_from_kiosk() -> None:
    offenders = [
        str(p.relative_to(ROOT))
        for p in (ROOT / "drivers").rglob("*.py")
        if any(
            line.lstrip().startswith(("from kiosk", "import kiosk"))
            for line in p.read_text(encoding="utf-8").splitlines()
        )
    ]
    assert offenders == []


def test_the_ui_runs_no_sql() -> None:
    """What a screen shows comes from a service (``runtime.call``); the UI reads no table."""
    sql = re.compile(r"\b(SELECT|INSERT INTO|UPDATE|DELETE FROM) |\.execute\(|store\.(one|query)\(")
    offenders = [
        f"{p.relative_to(ROOT)}:{n}"
        for p in (ROOT / "kiosk" / "ui").rglob("*.py")
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if sql.search(line)
    ]
    assert offenders == []


def test_status_json_has_the_promised_shape(tmp_path: Path) -> None:
    env = {**os.environ, "KIOSK_DATA_DIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "kiosk", "status", "--json"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    status = json.loads(done.stdout)
    assert status["schema_version"] >= 1
    assert status["releases"] == {"active": 0}
    assert status["compartments"] == {"free": 24, "occupied": 0, "out_of_service": 0}
    assert status["sync"]["online"] is False
    assert status["sync"]["last_success_at"] is None
    assert status["sync"]["outbox_pending"] == 0
    assert status["alarms"] == []
    key = tmp_path / "device.key"
    assert key.stat().st_mode & 0o777 == 0o600 and len(key.read_bytes()) == 32


def test_audit_verify_command(tmp_path: Path) -> None:
    env = {**os.environ, "KIOSK_DATA_DIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "kiosk", "audit", "verify"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0 and "chain intact" in done.stdout


def test_ci_runs_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = next(line.strip() for line in readme.splitlines() if "pytest" in line)
    test_part = command.split("&&", 1)[1].strip()
    assert test_part in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert readme.index("kiosk demo") < readme.index("pytest")  # demo first, then tests
