"""Secrets at rest, through real ``kiosk`` processes: a token file others can read is refused at
start-up with the fix named (exit 2) and reported by ``kiosk doctor`` as a FAIL; systemd
credentials (``$CREDENTIALS_DIRECTORY``) carry the token and the device key instead."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from hub.sim import CentralSimServer
from tests.kiosk_command import run_kiosk

ROOT = Path(__file__).resolve().parents[2]


def kiosk(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return run_kiosk(*args, env=env, timeout=120, cwd=ROOT)


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("KIOSK_", "CREDENTIALS"))}
    return clean | {"KIOSK_DATA_DIR": str(tmp_path / "data"), "QT_QPA_PLATFORM": "offscreen"}


def config(tmp_path: Path, server: CentralSimServer, mode: int, extra: str) -> Path:
    path = tmp_path / "kiosk.toml"
    path.write_text(
        f'[kiosk]\nid = "demo-kiosk-01"\n[central]\nurl = "{server.url}"\n{extra}\n',
        encoding="utf-8",
    )
    path.chmod(mode)
    return path


def test_a_0644_config_holding_the_token_is_refused_with_the_fix_named(
    tmp_path: Path, server: CentralSimServer, env: dict[str, str]
) -> None:
    path = config(tmp_path, server, 0o644, 'token = "demo-token"')
    for command in (["sync", "--once"], ["status"]):
        done = kiosk("--config", str(path), *command, env=env)
        assert done.returncode == 2, done.stderr
        assert f"{path}: the configuration file (it holds central.token) has mode 0644" in (
            done.stderr
        )
        assert f"run `chmod 600 {path}`" in done.stderr
        assert "Traceback" not in done.stderr
    assert not (tmp_path / "data" / "kiosk.sqlite3").exists()  # refused before anything ran

    doctor = kiosk("--config", str(path), "doctor", env=env)
    assert doctor.returncode == 1
    line = next(x for x in doctor.stdout.splitlines() if x.split()[:2] == ["FAIL", "config"])
    assert "has mode 0644, so every user can read the kiosk's token" in line
    assert f"chmod 600 {path}" in doctor.stdout

    path.chmod(0o600)
    assert kiosk("--config", str(path), "sync", "--once", env=env).returncode == 0
    doctor = kiosk("--config", str(path), "doctor", env=env)
    assert not any(x.split()[:2] == ["FAIL", "config"] for x in doctor.stdout.splitlines())


def test_a_token_file_is_checked_and_a_config_without_the_token_may_be_0644(
    tmp_path: Path, server: CentralSimServer, env: dict[str, str]
) -> None:
    token = tmp_path / "token"
    token.write_text("demo-token\n", encoding="utf-8")
    token.chmod(0o644)
    path = config(tmp_path, server, 0o644, f'token_file = "{token}"')
    done = kiosk("--config", str(path), "sync", "--once", env=env)
    assert done.returncode == 2
    assert f"{token}: the token file (central.token_file) has mode 0644" in done.stderr
    token.chmod(0o640)  # its group is as much "others" as anyone
    done = kiosk("--config", str(path), "sync", "--once", env=env)
    assert done.returncode == 2
    assert "has mode 0640, so its group can read the kiosk's token" in done.stderr
    token.chmod(0o600)
    done = kiosk("--config", str(path), "sync", "--once", env=env)
    assert done.returncode == 0, done.stdout + done.stderr


def test_systemd_credentials_carry_the_token_and_the_device_key(
    tmp_path: Path, server: CentralSimServer, env: dict[str, str]
) -> None:
    credentials = tmp_path / "credentials"
    credentials.mkdir()
    (credentials / "kiosk-token").write_text("demo-token", encoding="utf-8")
    (credentials / "device-key").write_bytes(bytes(range(32)))
    path = config(tmp_path, server, 0o644, "")  # no token in it: nothing secret to guard
    done = kiosk(
        "--config",
        str(path),
        "sync",
        "--once",
        env=env | {"CREDENTIALS_DIRECTORY": str(credentials)},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    data = tmp_path / "data"
    assert (data / "kiosk.sqlite3").exists() and not (data / "device.key").exists()
    # Without the credential the token is the built-in demo one, which this server accepts
    # too; the device key is then a new one, and the anchored audit chain says it is not ours.
    assert kiosk("--config", str(path), "audit", "verify", env=env).returncode != 0
