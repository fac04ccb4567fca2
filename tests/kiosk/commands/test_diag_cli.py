"""``kiosk diag`` end to end: the real CLI, the real drivers, simulators on ptys."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import serial

from drivers.interfaces import PaperState
from drivers.locks.sim import LockBoardSimulator
from drivers.printer.sim import PrinterSimulator
from drivers.scanner.sim import ScannerSimulator
from kiosk.cli import main
from tests.kiosk.helpers import JAMS_WITHIN, lock_bus_toml


@pytest.fixture(autouse=True)
def _no_user_config(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KIOSK_CONFIG", raising=False)


@pytest.fixture
def cu16() -> Iterator[LockBoardSimulator]:
    sim = LockBoardSimulator("cu16", [0, 2]).start()
    yield sim
    sim.close()


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["diag", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def one_line_error(err: str) -> str:
    lines = [line for line in err.splitlines() if line.startswith("kiosk diag:")]
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


def test_lock_status_json_on_the_simulator(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "lock", "status", "--port", "sim:cu16", "--board", "0", "--json")
    assert code == 0
    report = json.loads(out)
    assert report == {
        "board": 0,
        "locks": [{"lock": n, "closed": True, "item": False} for n in range(1, 17)],
    }


def test_lock_status_reads_a_real_port(
    cu16: LockBoardSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    cu16.force_open(2, 5)
    cu16.set_item(2, 16, True)
    code, out, _ = run(capsys, "lock", "status", "--port", cu16.port, "--board", "2", "--json")
    assert code == 0
    locks = json.loads(out)["locks"]
    assert locks[4] == {"lock": 5, "closed": False, "item": False}
    assert locks[15] == {"lock": 16, "closed": True, "item": True}
    assert cu16.received[0].hex(" ") == "02 20 30 03 55"


def test_lock_open_opens_and_reports(
    cu16: LockBoardSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        capsys, "lock", "open", "--port", cu16.port, "--board", "0", "--lock", "1", "--json"
    )
    assert (code, json.loads(out)) == (0, {"board": 0, "lock": 1, "opened": True})
    # Read before the pulse, the pulse, read back: only a closed → open change is an opening.
    assert [f.hex(" ") for f in cu16.received[:3]] == [
        "02 00 30 03 35",
        "02 00 31 03 36",
        "02 00 30 03 35",
    ]


def test_jammed_lock_is_exit_1(
    cu16: LockBoardSimulator,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    config = tmp_path / "kiosk.toml"  # jammed once the lock has read shut for 0.4 s, not 1.5 s
    config.write_text(lock_bus_toml(JAMS_WITHIN), encoding="utf-8")
    monkeypatch.setenv("KIOSK_CONFIG", str(config))
    cu16.set_jammed(0, 3)
    code, out, err = run(
        capsys, "lock", "open", "--port", cu16.port, "--board", "0", "--lock", "3", "--json"
    )
    assert code == 1
    assert json.loads(out)["opened"] is False
    assert "still reads closed" in one_line_error(err)


@pytest.mark.parametrize(
    ("fault", "message"),
    [("set_silent", "no reply to 02 00 30 03 35 within"), ("set_bad_checksum", "garbled reply")],
)
def test_silent_or_garbled_board_is_a_clear_error(
    cu16: LockBoardSimulator, capsys: pytest.CaptureFixture[str], fault: str, message: str
) -> None:
    getattr(cu16, fault)(0)
    code, _, err = run(capsys, "lock", "status", "--port", cu16.port, "--board", "0")
    assert code == 1
    assert message in one_line_error(err)


def test_missing_and_busy_ports(
    cu16: LockBoardSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "lock", "status", "--port", "/dev/ttyNOPE9", "--board", "0")
    assert code == 1
    assert "/dev/ttyNOPE9 does not exist" in one_line_error(err)
    with serial.Serial(cu16.port, exclusive=True):
        code, _, err = run(capsys, "lock", "status", "--port", cu16.port, "--board", "0")
    assert code == 1
    assert "in use by another program" in one_line_error(err)


def test_8a80_from_the_configuration_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text('[devices.lock_bus]\nport = "sim:8a80"\nprotocol = "8a80"\n')
    code = main(["--config", str(config), "diag", "lock", "status", "--board", "1", "--json"])
    out, _ = capsys.readouterr()
    assert code == 0
    assert {lock["item"] for lock in json.loads(out)["locks"]} == {None}


def test_printer_status_and_test_receipt(capsys: pytest.CaptureFixture[str]) -> None:
    sim = PrinterSimulator().start()
    try:
        sim.paper = PaperState.NEAR_END
        code, out, _ = run(capsys, "printer", "status", "--port", sim.port, "--json")
        status = json.loads(out)
        assert code == 0
        assert (status["online"], status["paper"], status["cover_open"]) == (
            True,
            "near_end",
            False,
        )
        code, out, _ = run(capsys, "printer", "test", "--port", sim.port, "--baud", "115200")
        # The default profile has no verified Vietnamese code page: the text is raster.
        assert (code, out) == (0, "test receipt printed and cut (text raster, QR native)\n")
        [receipt] = sim.receipts
        assert receipt.qr_codes == ["ATM-HO-SO-PRINTER-TEST"]
        assert receipt.cut == "full"
        assert len(receipt.images) == 10 and receipt.lines == [""]  # the QR code's line feed
    finally:
        sim.close()


def test_printer_faults_are_exit_1(capsys: pytest.CaptureFixture[str]) -> None:
    sim = PrinterSimulator().start()
    try:
        sim.cover_open = True
        code, _, err = run(capsys, "printer", "test", "--port", sim.port)
        assert code == 1 and "cover open" in one_line_error(err)
        sim.silent = True
        code, out, err = run(capsys, "printer", "status", "--port", sim.port, "--json")
        assert code == 1
        assert json.loads(out)["paper"] == "unknown"
        assert "no answer to DLE EOT" in one_line_error(err)
    finally:
        sim.close()


def test_scanner_read_prints_the_code_without_suffix_or_aim(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "scanner", "read", "--port", "sim:scanner", "--timeout", "3")
    assert (code, out) == (0, "HS-DIAG-0001\n")


def test_scanner_read_times_out(capsys: pytest.CaptureFixture[str]) -> None:
    sim = ScannerSimulator().start()
    try:
        code, out, err = run(capsys, "scanner", "read", "--port", sim.port, "--timeout", "0.2")
    finally:
        sim.close()
    assert (code, out) == (1, "")
    assert "no code read within 0.2 s" in one_line_error(err)


def test_lock_20_on_a_24_channel_8a80_board(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "lock", "open", "--port", "sim:8a80", "--board", "5", "--channels", "24",
        "--lock", "20", "--json",
    )  # fmt: skip
    assert (code, json.loads(out)) == (0, {"board": 5, "lock": 20, "opened": True})


def test_cu48_board_status(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "lock", "status", "--port", "sim:cu48", "--board", "0", "--json")
    locks = json.loads(out)["locks"]
    assert code == 0 and len(locks) == 48
    assert locks[47] == {"lock": 48, "closed": True, "item": None}


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (
            ["lock", "status", "--port", "sim:8a80", "--board", "40"],
            2,
            "board 40 is not a 8A/80 address (0..32)",
        ),
        (
            ["lock", "status", "--port", "sim:cu16", "--board", "16"],
            2,
            "board 16 is not a Kerong KR-CU16 address (0..15)",
        ),
        (
            ["lock", "open", "--port", "sim:cu16", "--board", "0", "--lock", "17"],
            1,
            "board 0 has locks 1..16, not 17",
        ),
        (
            ["lock", "status", "--port", "sim:cu16", "--board", "0", "--channels", "20"],
            2,
            "more than a Kerong KR-CU16 board can have (16)",
        ),
    ],
)
def test_out_of_range_boards_and_locks_are_a_message(
    capsys: pytest.CaptureFixture[str], argv: list[str], code: int, message: str
) -> None:
    got = main(["diag", *argv])
    _, err = capsys.readouterr()
    assert got == code
    assert message in err and "Traceback" not in err


def test_printer_codepages_prints_the_numbered_sample(capsys: pytest.CaptureFixture[str]) -> None:
    sim = PrinterSimulator().start()
    try:
        code, out, _ = run(capsys, "printer", "codepages", "--port", sim.port, "--baud", "115200")
    finally:
        sim.close()
    assert code == 0
    assert "1: tcvn3_pages = [30, 31]" in out and 'text_mode = "raster"' in out
    [receipt] = sim.receipts
    assert "1 (30/31): Tiếng Việt: Phường Bến Nghé, HỒ SƠ ÐÃ XONG, ỳ ỷ ỹ ý ỵ" in receipt.lines
