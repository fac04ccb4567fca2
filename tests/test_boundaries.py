"""The project's seams: no Qt below the UI, the CLI's promises, the README's commands."""

from __future__ import annotations

import json
import os
import re
import tokenize
from pathlib import Path

from tests.blocked_import import assert_imports_without
from tests.kiosk_command import run_kiosk

ROOT = Path(__file__).resolve().parents[1]


def test_drivers_sync_services_and_commissioning_import_without_qt() -> None:
    assert_imports_without(
        "PySide6",
        *("drivers", "drivers.registry", "sync", "sync.agent", "kiosk.services.core"),
        *("kiosk.runtime", "kiosk.commission.steps", "kiosk.commission.config"),  # the wizard's
    )


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


#: What running SQL looks like: a call on a connection or the store, or a string that is a
#: statement (docstrings and comments that name a statement do not start with one).
SQL_CALL = re.compile(r"\.(execute|executemany|executescript)\(|\bstore\.(one|query)\(")
SQL_TEXT = re.compile(
    r"^(?:[rfbu]{0,2})[\"']+\s*(SELECT|INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER|PRAGMA"
    r"|WITH|BEGIN|COMMIT)\b"
)
#: The kiosk's packages, and where SQL may run in them (hub/ is a server of its own).
KIOSK_PACKAGES = ("kiosk", "sync", "drivers")
SQL_HOMES = (Path("kiosk") / "store", Path("kiosk") / "services")


def _sources(*packages: str) -> list[Path]:
    return sorted(p for package in packages for p in (ROOT / package).rglob("*.py"))


def _sql_lines(path: Path) -> list[tuple[int, str]]:
    """(line, text) of every SQL call and every string that is a statement, from the tokens:
    what a comment or a docstring says does not count."""
    found = []
    with tokenize.open(path) as source:
        for token in tokenize.generate_tokens(source.readline):
            text = token.string
            if (token.type == tokenize.STRING and SQL_TEXT.match(text)) or (
                token.type == tokenize.OP and text == "(" and SQL_CALL.search(token.line)
            ):
                found.append((token.start[0], token.line.strip()))
    return sorted(set(found))


def test_no_module_runs_sql_outside_the_store_and_the_services() -> None:
    """Each table has one owner among kiosk/store and kiosk/services; the UI, the sync agent,
    the commands, doctor and the drivers ask an owner (docs/architecture.md)."""
    offenders = [
        f"{path.relative_to(ROOT)}:{n}: {line}"
        for path in _sources(*KIOSK_PACKAGES)
        if not any(path.relative_to(ROOT).is_relative_to(home) for home in SQL_HOMES)
        for n, line in _sql_lines(path)
    ]
    assert offenders == []


def test_the_scan_sees_sql_where_it_is() -> None:
    """The scan above finds what it looks for (or its empty answer would prove nothing)."""
    assert _sql_lines(ROOT / "kiosk" / "services" / "releases.py")
    assert _sql_lines(ROOT / "kiosk" / "store" / "kv.py")


def test_only_the_releases_service_writes_releases() -> None:
    """kiosk/services/releases.py owns the table; the migrations (and their privacy triggers)
    define it."""
    write = re.compile(r"\b(INSERT INTO|UPDATE|DELETE FROM|REPLACE INTO) releases\b", re.I)
    owners = {ROOT / "kiosk" / "services" / "releases.py", ROOT / "kiosk" / "store" / "schema.py"}
    offenders = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in _sources(*KIOSK_PACKAGES)
        if path not in owners
        for n, line in _sql_lines(path)
        if write.search(line)
    ]
    assert offenders == []


def test_status_json_has_the_promised_shape(tmp_path: Path) -> None:
    env = {**os.environ, "KIOSK_DATA_DIR": str(tmp_path)}
    done = run_kiosk("status", "--json", env=env)
    assert done.returncode == 0, done.stderr
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
    done = run_kiosk("audit", "verify", env=env)
    assert done.returncode == 0 and "chain intact" in done.stdout


def test_ci_runs_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = next(line.strip() for line in readme.splitlines() if "pytest" in line)
    test_part = command.split("&&", 1)[1].strip()
    assert test_part in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert readme.index("kiosk demo") < readme.index("pytest")  # demo first, then tests
