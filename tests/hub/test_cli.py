"""``atm-hub`` as an operator types it: the console script, its JSON, its refusals."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from tests.hub.hubproc import hub_env

ATM_HUB = shutil.which("atm-hub", path=str(Path(sys.executable).parent))


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    assert ATM_HUB, "the atm-hub console script is installed (pip install -e .)"
    return subprocess.run(
        [ATM_HUB, *args], env=env, capture_output=True, text=True, timeout=60, check=False
    )


def test_credentials_printed_once_as_json_and_refusals_said(tmp_path: Path) -> None:
    # No --database: the embedded SQLite file in ATM_HUB_DATA_DIR, made on first use.
    env = hub_env(tmp_path / "data", "") | {"ATM_HUB_DATABASE": ""}
    made = run(env, "kiosk", "add", "ward-01", "--name", "Phường Bến Nghé", "--json")
    assert made.returncode == 0, made.stderr
    reply = json.loads(made.stdout)
    assert set(reply) == {"kiosk_id", "token"} and reply["kiosk_id"] == "ward-01"
    assert len(reply["token"]) >= 40
    assert (tmp_path / "data" / "hub.sqlite3").exists()
    assert (tmp_path / "data" / "hub.key").stat().st_mode & 0o077 == 0
    assert reply["token"].encode() not in (tmp_path / "data" / "hub.sqlite3").read_bytes()

    again = run(env, "kiosk", "add", "ward-01", "--name", "x", "--json")
    assert again.returncode == 1 and "already registered" in again.stderr

    key = json.loads(run(env, "key", "add", "one-stop", "--json").stdout)
    assert set(key) == {"name", "key"} and key["name"] == "one-stop"

    short = tmp_path / "pw"
    short.write_text("ngan\n")
    refused = run(env, "admin", "add", "canbo", "--password-file", str(short))
    assert refused.returncode == 1 and "at least 10 characters" in refused.stderr
    missing = run(env, "admin", "add", "canbo", "--password-file", str(tmp_path / "none"))
    assert missing.returncode == 1 and "No such file" in missing.stderr
    other_db = f"sqlite:///{tmp_path / 'other.sqlite3'}"
    done = run(env, "migrate", "--database", other_db)
    assert done.returncode == 0 and "newest schema" in done.stdout
