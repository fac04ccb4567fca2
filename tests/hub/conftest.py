"""The hub under test: the real ``atm-hub serve`` on 127.0.0.1, on SQLite and on PostgreSQL.

Every test that takes ``hub`` runs twice: on a SQLite file, and on a database of its own in a
throwaway PostgreSQL cluster (tests/hub/pg.py) that the session starts once. Credentials are
made with the real commands (``atm-hub kiosk add``, ``key add``) run in-process.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import pwd
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import pytest

from hub.cli import main as hub_main
from tests.hub import pg
from tests.hub.hubproc import HubProcess, hub_env
from tests.hub.kiosks import Kiosk

WARD = "Phường Bến Nghé"


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str | None]:
    reason = None
    if pg.server_bin() is None:
        reason = pg.ABSENT
    elif os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            reason = "running as root and no 'postgres' user to run the PostgreSQL server as"
    if reason is not None:
        yield reason
        return
    with pg.cluster() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'hub.sqlite3'}"
    server = request.getfixturevalue("pg_server")
    if not server.startswith("postgresql://"):
        pytest.skip(server)
    return pg.new_database(server)


@pytest.fixture
def env(tmp_path: Path, database: str) -> dict[str, str]:
    return hub_env(tmp_path / "hub-data", database)


def run_cli(env: dict[str, str], *args: str) -> Any:
    """An ``atm-hub`` command in-process (its JSON output): as fast as a function call."""
    out = io.StringIO()
    with mock.patch.dict(os.environ, env, clear=True), contextlib.redirect_stdout(out):
        assert hub_main([*args, "--json"]) == 0
    return json.loads(out.getvalue())


@pytest.fixture
def hub(env: dict[str, str], tmp_path: Path) -> Iterator[HubProcess]:
    running = HubProcess(env, tmp_path / "sms.jsonl", tmp_path / "hub.log").start()
    yield running
    running.stop()


@pytest.fixture
def key(hub: HubProcess) -> str:
    return str(run_cli(hub.env, "key", "add", "one-stop")["key"])


@pytest.fixture
def make_kiosk(hub: HubProcess, tmp_path: Path) -> Any:
    def make(kiosk_id: str = "ward-01") -> Kiosk:
        made = run_cli(hub.env, "kiosk", "add", kiosk_id, "--name", WARD)
        return Kiosk(kiosk_id, made["token"], tmp_path / kiosk_id, hub.url)

    return make


@pytest.fixture
def kiosk(make_kiosk: Any) -> Kiosk:
    return make_kiosk()  # type: ignore[no-any-return]
