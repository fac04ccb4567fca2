"""A database from a newer release (a rollback that kept the upgraded file) is refused by every
real ``kiosk`` process, named with both schema versions, and left exactly as it was."""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
from pathlib import Path

import pytest

from kiosk.store import Store
from kiosk.store.versions import KNOWN_VERSION
from tests.kiosk.commands.run.conftest import DatagramSink
from tests.kiosk.commands.run.test_services import START_S, service_env, start, stop
from tests.kiosk_command import run_kiosk


def newer_database(data_dir: Path, *, version: int, migration: str | None = None) -> Path:
    """What release N+1 leaves behind: its migrations applied and ``user_version`` raised."""
    path = data_dir / "kiosk.sqlite3"
    Store(path).close()
    conn = sqlite3.connect(path, isolation_level=None)
    if migration is not None:
        conn.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
            " VALUES ('atm-ho-so', ?, '2027-01-01 00:00:00+00:00')",
            (migration,),
        )
    conn.execute(f"PRAGMA user_version = {version}")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return path


def fingerprint(path: Path) -> tuple[str, int]:
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        conn.close()
    return hashlib.sha256(path.read_bytes()).hexdigest(), version


def kiosk(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return run_kiosk(*args, env=env, timeout=START_S)


@pytest.mark.parametrize("migration", [None, "m099_from_the_future"])
def test_every_command_refuses_a_newer_database_and_changes_nothing(
    sink: DatagramSink, tmp_path: Path, migration: str | None
) -> None:
    newer = KNOWN_VERSION + 1
    path = newer_database(tmp_path, version=newer, migration=migration)
    before = fingerprint(path)
    env = service_env(sink, tmp_path)
    for args in (["status"], ["migrate"], ["audit", "verify"], ["sync", "--once"]):
        done = kiosk(args, env)
        assert done.returncode == 2, (args, done.stdout, done.stderr)
        assert f"the database has schema version {newer}" in done.stderr, args
        assert f"this release knows schema version {KNOWN_VERSION}" in done.stderr, args
        assert "Traceback" not in done.stderr
        if migration:
            assert migration in done.stderr
    assert fingerprint(path) == before == (before[0], newer)
    # `kiosk migrate` refused before its backup: none was taken, none pruned.
    assert not (tmp_path / "backups").exists()


def test_the_kiosk_screen_stays_out_of_service_on_a_newer_database(
    sink: DatagramSink, tmp_path: Path
) -> None:
    path = newer_database(tmp_path, version=KNOWN_VERSION + 3)
    before = fingerprint(path)
    process = start(["run", "--no-sync"], service_env(sink, tmp_path))
    try:
        ready = sink.wait_for(b"READY=1", timeout=START_S)
        # Up for systemd (no restart loop), serving nobody, saying why.
        assert b"STATUS=OUT OF SERVICE" in ready
        assert f"schema version {KNOWN_VERSION + 3}".encode() in ready
    finally:
        stop(process, sink)
    assert fingerprint(path) == before
