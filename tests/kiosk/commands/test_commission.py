"""``kiosk commission scan`` end to end: the real CLI probing board simulators on real ptys
(several addresses, inverted polarity, a silent board, every protocol, nothing at all)."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import pytest

from drivers.locks.sim import LockBoardSimulator
from kiosk.cli import main

# Each address is given 10 ms: the simulator answers within a millisecond, and a reply held up
# on a loaded machine still counts when it comes while the next addresses are asked.
FAST = ["--reply-timeout-ms", "10"]


@pytest.fixture(autouse=True)
def _no_user_config(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KIOSK_CONFIG", raising=False)


@contextmanager
def boards(protocol: str, addresses: Sequence[int], **options: Any) -> Iterator[LockBoardSimulator]:
    sim = LockBoardSimulator(protocol, addresses, **options).start()  # type: ignore[arg-type]
    try:
        yield sim
    finally:
        sim.close()


def scan(capsys: pytest.CaptureFixture[str], port: str, *flags: str) -> tuple[int, Any, str]:
    code = main(["commission", "scan", "--port", port, "--json", *FAST, *flags])
    out, err = capsys.readouterr()
    return code, json.loads(out) if out else None, err


def board(protocol: str, baud: int, address: int, closed_bit: int, channels: int) -> dict[str, Any]:
    return {
        "protocol": protocol,
        "baud": baud,
        "address": address,
        "closed_bit": closed_bit,
        "channels": channels,
        "item_sensors": protocol == "cu16",
    }


def test_cu16_boards_on_several_addresses(capsys: pytest.CaptureFixture[str]) -> None:
    with boards("cu16", [0, 3, 9]) as sim:
        code, out, _ = scan(capsys, sim.port)
    assert code == 0
    assert out == {"boards": [board("cu16", 19200, a, 1, 16) for a in (0, 3, 9)]}


def test_inverted_polarity_is_read_from_closed_doors(capsys: pytest.CaptureFixture[str]) -> None:
    with boards("cu16", [2], closed_bit=0) as sim:
        code, out, _ = scan(capsys, sim.port, "--protocol", "cu16")
    assert (code, out) == (0, {"boards": [board("cu16", 19200, 2, 0, 16)]})


def test_a_silent_board_is_not_listed(capsys: pytest.CaptureFixture[str]) -> None:
    with boards("cu16", [0, 1]) as sim:
        sim.set_silent(1)
        code, out, _ = scan(capsys, sim.port, "--protocol", "cu16")
    assert (code, [b["address"] for b in out["boards"]]) == (0, [0])


def test_a_board_slower_than_its_wait_is_found_all_the_same(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with boards("cu16", [2, 5]) as sim:
        sim.set_reply_delay(2, 0.03)  # answers while addresses 3, 4, 5 are asked
        code, out, _ = scan(capsys, sim.port, "--protocol", "cu16")
    assert (code, out) == (0, {"boards": [board("cu16", 19200, a, 1, 16) for a in (2, 5)]})


def test_8a80_boards_with_their_channel_counts(capsys: pytest.CaptureFixture[str]) -> None:
    with boards("8a80", [1, 5, 32], channels={1: 12, 5: 2, 32: 24}) as sim:
        # 32 is the last address asked: its reply has only its own wait.
        code, out, _ = scan(capsys, sim.port, "--protocol", "8a80", "--reply-timeout-ms", "40")
    assert code == 0
    assert out == {
        "boards": [board("8a80", 9600, 1, 1, 12), board("8a80", 9600, 5, 1, 2),
                   board("8a80", 9600, 32, 1, 24)]
    }  # fmt: skip


def test_cu12_and_cu48_boards_found_by_auto(capsys: pytest.CaptureFixture[str]) -> None:
    with boards("cu48", [0, 1], channels={0: 12, 1: 48}) as sim:
        code, out, _ = scan(capsys, sim.port)
    assert (code, out) == (
        0,
        {"boards": [board("cu48", 19200, 0, 1, 12), board("cu48", 19200, 1, 1, 48)]},
    )


def test_nothing_answers_is_exit_1_with_what_was_tried(capsys: pytest.CaptureFixture[str]) -> None:
    with boards("8a80", [1]) as sim:
        code, out, err = scan(capsys, sim.port, "--protocol", "cu16")
    assert (code, out) == (1, {"boards": []})
    assert "no board answered" in err and "cu16 at 19200/9600 baud" in err
    assert "Traceback" not in err


def test_a_missing_port_is_clear(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = scan(capsys, "/dev/ttyNOPE7")
    assert code == 1 and out is None and "/dev/ttyNOPE7 does not exist" in err


def test_modbus_boards_on_request(capsys: pytest.CaptureFixture[str]) -> None:
    with boards("modbus", [1, 7], channels={1: 4, 7: 8}) as sim:
        # 3 ms each: boards 1 and 7 have 240 more addresses' waits to be heard in.
        code, out, _ = scan(capsys, sim.port, "--protocol", "modbus", "--reply-timeout-ms", "3")
    assert (code, out) == (
        0,
        {"boards": [board("modbus", 9600, 1, 1, 4), board("modbus", 9600, 7, 1, 8)]},
    )


def test_text_output_on_the_simulator(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["commission", "scan", "--port", "sim:cu16", *FAST])
    out = capsys.readouterr().out
    assert code == 0
    assert out.splitlines()[:2] == [
        "protocol  baud    address  closed_bit  channels  item_sensors",
        "cu16      19200   0        1           16        yes",
    ]
