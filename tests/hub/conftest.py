"""The hub under test: the real ``atm-hub serve`` on 127.0.0.1, on SQLite and on PostgreSQL.

Every test that takes ``hub`` runs twice: on a SQLite file, and on a database of its own in a
throwaway PostgreSQL cluster (tests/hub/pg.py) that the session starts once. Credentials are
made with the real commands (``atm-hub kiosk add``, ``key add``) run in-process.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import json
import os
import pwd
import secrets
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
SERIAL = itertools.count(1)


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


@pytest.fixture(scope="session")
def hub_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("hub")


# One hub per database for the session (starting one takes a second or two; under xdist, one
# per worker): tests keep apart by using kiosks of their own (make_kiosk), with phone numbers of
# their own.
@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, hub_dir: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{hub_dir / 'hub.sqlite3'}"
    server = request.getfixturevalue("pg_server")
    if not server.startswith("postgresql://"):
        pytest.skip(server)
    return pg.new_database(server)


@pytest.fixture(scope="session")
def env(hub_dir: Path, database: str) -> dict[str, str]:
    return hub_env(hub_dir / "data", database)


def run_cli(env: dict[str, str], *args: str) -> Any:
    """An ``atm-hub`` command in-process (its JSON output): as fast as a function call."""
    out = io.StringIO()
    with mock.patch.dict(os.environ, env, clear=True), contextlib.redirect_stdout(out):
        assert hub_main([*args, "--json"]) == 0
    return json.loads(out.getvalue())


@pytest.fixture(scope="session")
def hub(env: dict[str, str], hub_dir: Path) -> Iterator[HubProcess]:
    running = HubProcess(env, hub_dir / "sms.jsonl", hub_dir / "hub.log").start()
    yield running
    running.stop()


@pytest.fixture(scope="session")
def key(hub: HubProcess) -> str:
    return str(run_cli(hub.env, "key", "add", "one-stop")["key"])


@pytest.fixture
def make_kiosk(hub: HubProcess, tmp_path: Path) -> Any:
    def make(name: str = "ward") -> Kiosk:
        kiosk_id = f"{name}-{next(SERIAL):03d}"
        made = run_cli(hub.env, "kiosk", "add", kiosk_id, "--name", WARD)
        phone = f"09{secrets.randbelow(10**5):05d}821"
        return Kiosk(kiosk_id, made["token"], tmp_path / kiosk_id, hub.url, phone)

    return make


@pytest.fixture
def kiosk(make_kiosk: Any) -> Kiosk:
    return make_kiosk()  # type: ignore[no-any-return]
