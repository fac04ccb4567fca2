"""Fixtures for ``kiosk doctor``'s tests: the real drivers on simulator ptys, the bundled
central simulator on 127.0.0.1, a real database file, and the process's time zone and NTP answer
pinned (TZ is Vietnam's; a stand-in ``timedatectl`` on PATH answers as systemd's would), so the
results do not depend on the machine."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from drivers.registry import Devices, build_devices
from hub.sim import (
    CentralSimServer,
    start_central_sim,
)
from kiosk.config_loader import load_settings
from kiosk.doctor import Finding
from kiosk.services.core import open_services
from kiosk.settings import Settings
from kiosk.store import Store, kv

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
    central.sim.faults.clear()
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
    path.chmod(0o600)  # it holds the token: the kiosk refuses one others can read
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
