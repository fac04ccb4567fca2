"""``kiosk commission``, the interactive wizard, end to end: the real CLI with a scripted
technician at stdin, board, printer and scanner simulators on real ptys, a real config file."""

from __future__ import annotations

import json
import logging
import threading
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from drivers.locks.sim import LockBoardSimulator
from drivers.printer.sim import PrinterSimulator
from drivers.scanner.sim import ScannerSimulator
from kiosk.cli import main

pytestmark = pytest.mark.slow  # run first (tests/conftest.py)


@pytest.fixture
def sims() -> Iterator[tuple[LockBoardSimulator, PrinterSimulator, ScannerSimulator]]:
    locks = LockBoardSimulator("8a80", [1, 2], channels={1: 2, 2: 2}).start()
    printer = PrinterSimulator().start()
    scanner = ScannerSimulator("LF").start()
    yield locks, printer, scanner
    for sim in (locks, printer, scanner):
        sim.close()


def config_file(tmp_path: Path, locks: Any, printer: Any, scanner: Any) -> Path:
    path = tmp_path / "kiosk.toml"
    path.write_text(
        '[kiosk]\nname = "ATM Bến Nghé"\n\n'
        f'[devices.lock_bus]\nport = "{locks.port}"\nreply_timeout_ms = 60\n'
        # The search gives each address 10 ms: a reply held up on a loaded machine still
        # counts while the next addresses are asked.
        "probe_timeout_ms = 10\n"
        "unlock_readback_delay_ms = 5\nunlock_confirm_ms = 150\n\n"
        f'[devices.printer]\nport = "{printer.port}"\nbaud = 115200\nstatus_timeout_ms = 300\n\n'
        f'[devices.scanner]\nport = "{scanner.port}"\nsuffix = "CR"\n',
        encoding="utf-8",
    )
    return path


class Technician:
    """Answers the wizard's prompts: ``script`` maps a prompt's start to the answers (in turn)
    and an optional action on the devices."""

    def __init__(self, script: list[tuple[str, str, Callable[[], None] | None]]) -> None:
        self._script = script
        self.prompts: list[str] = []

    def __call__(self, prompt: str) -> str:
        self.prompts.append(prompt)
        for i, (start, answer, action) in enumerate(self._script):
            if prompt.startswith(start):
                del self._script[i]
                if action is not None:
                    action()
                return answer
        raise AssertionError(f"unexpected prompt {prompt!r}")


@pytest.mark.logs(logging.WARNING)  # the jammed lock
def test_the_wizard_walks_the_doors_and_saves_a_reviewed_config(
    tmp_path: Path,
    sims: tuple[LockBoardSimulator, PrinterSimulator, ScannerSimulator],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    locks, printer, scanner = sims
    locks.set_jammed(1, 2)
    path = config_file(tmp_path, locks, printer, scanner)
    monkeypatch.setenv("KIOSK_CONFIG", str(path))

    def scan_later() -> None:
        threading.Timer(0.3, scanner.scan, ("HS-TEST-QR",), {"aim": "]Q1"}).start()

    technician = Technician(
        [
            ("Close every door", "", None),
            ("board 1 lock 1:", "", None),
            ("the sensor saw a door open", "a01", None),
            ("close A01", "", lambda: locks.close_door(1, 1)),
            ("board 1 lock 2:", "", None),
            ("the sensor saw no door open (jammed)", "", None),
            ("board 2 lock 1:", "", None),
            ("the sensor saw a door open", "x1", None),  # not a label
            ("the sensor saw a door open", "A01", None),  # taken
            ("the sensor saw a door open", "B01", None),
            ("close B01", "", None),  # not closed yet: asked again
            ("close B01", "", lambda: locks.close_door(2, 1)),
            ("board 2 lock 2:", "s", None),
            ("Which numbered line", "1", None),
            ("Press Enter, then scan", "", scan_later),
            ("Save this configuration", "y", None),
        ]
    )
    monkeypatch.setattr("builtins.input", technician)
    assert main(["commission", "--output", str(path)]) == 0
    out = capsys.readouterr().out
    assert "board 1: 8a80 at 9600 baud, 2 channels, closed_bit 1" in out
    assert "'X1' is not a door label" in out and "A01 is already the label" in out
    assert "the sensor of B01 still reads open" in out
    assert "scanner: ends codes with LF, adds an AIM prefix" in out
    assert "+tcvn3_pages = [30, 31]" in out  # the diff, before saving

    saved = tomllib.loads(path.read_text(encoding="utf-8"))
    assert saved["kiosk"] == {"name": "ATM Bến Nghé"}
    bus = saved["devices"]["lock_bus"]
    assert (bus["protocol"], bus["baud"], bus["closed_bit"]) == ("8a80", 9600, 1)
    assert bus["boards"] == [{"address": 1, "channels": 2}, {"address": 2, "channels": 2}]
    assert saved["devices"]["printer"]["tcvn3_pages"] == [30, 31]
    assert (saved["devices"]["scanner"]["suffix"], saved["devices"]["scanner"]["strip_aim"]) == (
        "LF",
        True,
    )
    doors = [(c["label"], c["board"], c["lock"]) for c in saved["locker"]["compartments"]]
    assert doors == [("A01", 1, 1), ("B01", 2, 1)]
    report = json.loads((tmp_path / "kiosk.commissioning.json").read_text(encoding="utf-8"))
    assert report["problems"] == []
    assert [d["label"] for d in report["doors"]] == ["A01", "B01"]
    # The code-page sample was printed, numbered, on the printer.
    assert any(line.startswith("1 (30/31): Tiếng Việt") for line in printer.receipts[0].lines)


def test_no_board_is_a_clear_stop_and_nothing_is_saved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    locks = LockBoardSimulator("8a80", []).start()
    printer = PrinterSimulator().start()
    scanner = ScannerSimulator().start()
    try:
        path = config_file(tmp_path, locks, printer, scanner)
        before = path.read_text(encoding="utf-8")
        monkeypatch.setattr("builtins.input", Technician([("Close every door", "", None)]))
        assert main(["--config", str(path), "commission"]) == 1
    finally:
        for sim in (locks, printer, scanner):
            sim.close()
    err = capsys.readouterr().err
    assert "kiosk commission: no lock board answered" in err and "Traceback" not in err
    assert path.read_text(encoding="utf-8") == before


def test_the_wizard_needs_a_file_to_write(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("KIOSK_CONFIG", raising=False)
    assert main(["commission"]) == 2
    assert "--output FILE" in capsys.readouterr().err


def test_inverted_cu16_item_sensors_raster_and_not_saved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    locks = LockBoardSimulator("cu16", [0], closed_bit=0).start()
    printer = PrinterSimulator().start()
    scanner = ScannerSimulator("CRLF").start()
    path = config_file(tmp_path, locks, printer, scanner)
    before = path.read_text(encoding="utf-8")
    technician = Technician(
        [
            ("Close every door", "", None),
            ("board 0 lock 1:", "", None),
            ("the sensor saw a door open", "C03", None),
            ("close C03", "", lambda: locks.close_door(0, 1)),
            ("board 0 lock 2:", "q", None),
            ("Put a sheet of paper in C03", "", lambda: locks.set_item(0, 1, True)),
            ("Take the paper out of C03", "", lambda: locks.set_item(0, 1, False)),
            ("Which numbered line", "0", None),
            (
                "Press Enter, then scan",
                "",
                lambda: threading.Timer(0.3, scanner.scan, ("HS-1",)).start(),
            ),
            ("Save this configuration", "n", None),
        ]
    )
    monkeypatch.setattr("builtins.input", technician)
    try:
        assert main(["commission", "--output", str(path)]) == 0
    finally:
        for sim in (locks, printer, scanner):
            sim.close()
    out = capsys.readouterr().out
    assert "board 0: cu16 at 19200 baud, 16 channels, closed_bit 0" in out
    assert "Vietnamese will be printed as images (raster)" in out
    assert "scanner: ends codes with CRLF" in out and "AIM" not in out
    assert '+text_mode = "raster"' in out and "+item_sensors = true" in out
    assert "not saved" in out
    assert path.read_text(encoding="utf-8") == before
    assert not (tmp_path / "kiosk.toml.new").exists()
    report = json.loads((tmp_path / "kiosk.commissioning.json").read_text(encoding="utf-8"))
    assert (report["closed_bit"], report["item_sensors"]) == (0, True)


@pytest.mark.parametrize(
    ("suffix", "aim", "learned"),
    [("CR", "", ("CR", False)), ("LF", "]Q1", ("LF", True)), ("CRLF", "", ("CRLF", False)),
     ("gap", "]C0", ("gap", True))],
)  # fmt: skip
def test_the_scanner_step_learns_each_suffix(
    suffix: str, aim: str, learned: tuple[str, bool]
) -> None:
    from kiosk.commission import steps
    from kiosk.commission.findings import Findings

    scanner = ScannerSimulator(suffix).start()
    try:
        found = Findings()
        threading.Timer(0.3, scanner.scan, ("HS-TEST-QR",), {"aim": aim}).start()
        assert steps.learn_scanner(found, scanner.port, 9600, wait_s=5) is None
    finally:
        scanner.close()
    assert (found.suffix, found.strip_aim) == learned
