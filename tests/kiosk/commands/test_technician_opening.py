"""``kiosk diag lock open`` on a kiosk: the opening is journaled in its database (an intent and
an audit record), so the next start-up knows why the door is open; flags and output unchanged."""

from __future__ import annotations

import getpass
import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from drivers.locks.sim import LockBoardSimulator
from kiosk.cli import main
from kiosk.config_loader import load_settings
from kiosk.services.core import Services, open_services
from kiosk.services.doors import DoorReading
from tests.kiosk.helpers import add_release, load

TECHNICIAN = f"technician:{getpass.getuser()}"


@pytest.fixture
def kiosk_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("KIOSK_CONFIG", raising=False)
    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path))
    return tmp_path


@pytest.fixture
def board() -> Iterator[LockBoardSimulator]:
    sim = LockBoardSimulator("cu16", [0]).start()
    yield sim
    sim.close()


def services() -> Services:
    return open_services(load_settings(None))


def door_of(s: Services, label: str) -> tuple[int, int]:
    c = next(c for c in s.ctx.settings.locker.compartments if c.label == label)
    return c.board, c.lock


@pytest.mark.logs(logging.WARNING)
def test_a_technicians_opening_of_a_loaded_door_is_journaled_and_settled_at_start_up(
    kiosk_data: Path, board: LockBoardSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    s = services()
    add_release(s, "r-1", "11111111")
    label = load(s, "r-1")
    number, lock = door_of(s, label)
    s.close()
    board.set_item(number, lock, True)

    where = ["--board", str(number), "--lock", str(lock)]
    code = main(["diag", "lock", "open", "--port", board.port, *where, "--json"])
    out = capsys.readouterr().out
    assert (code, json.loads(out)) == (0, {"board": number, "lock": lock, "opened": True})

    s = services()
    try:
        intents = s.ctx.store.query(
            "SELECT purpose, actor, state FROM door_intents WHERE compartment = ? ORDER BY id",
            (label,),
        )
        assert [tuple(r) for r in intents][-1] == ("inspect", TECHNICIAN, "open")
        audit = s.ctx.store.query(
            "SELECT actor, action FROM audit WHERE subject = ? ORDER BY seq DESC LIMIT 2",
            (label,),
        )
        assert [tuple(r) for r in audit] == [
            (TECHNICIAN, "door.opened"),
            (TECHNICIAN, "door.commanded"),
        ]
        # The technician takes the envelope out and shuts the door; the kiosk starts again.
        decisions = s.doors.reconcile({label: DoorReading(open=False, item=False)})
        assert decisions == [f"{label}: closed: done"]
        row = s.ctx.store.one(
            "SELECT content, out_of_service, oos_reason FROM compartments WHERE label = ?",
            (label,),
        )
        assert row is not None and tuple(row) == ("result", 1, "item_missing")
        alarm = s.ctx.store.one("SELECT kind, subject FROM alarms WHERE cleared_at IS NULL")
        assert alarm is not None and tuple(alarm) == ("item_missing", label)
    finally:
        s.close()


def test_a_door_with_a_command_in_progress_is_not_opened(
    kiosk_data: Path, board: LockBoardSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    s = services()
    grant = s.staff_doors.begin_inspect("A01", "staff:cb-1")
    s.close()
    where = ["--board", str(grant.board), "--lock", str(grant.lock)]
    code = main(["diag", "lock", "open", "--port", board.port, *where])
    err = capsys.readouterr().err
    assert code == 1
    assert err.strip() == (
        "kiosk diag: compartment A01 already has a door command in progress: not opened"
    )
    assert board.received == []  # not even read


def test_without_a_kiosk_database_nothing_is_written(
    kiosk_data: Path, board: LockBoardSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["diag", "lock", "open", "--port", board.port, "--board", "0", "--lock", "2"])
    assert (code, capsys.readouterr().out) == (0, "board 0 lock 2: opened\n")
    assert list(kiosk_data.iterdir()) == []
