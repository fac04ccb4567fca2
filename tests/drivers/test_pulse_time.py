"""The KR-CU16 unlock pulse time (command 0x37), set from the per-board configuration when a
board first answers and again whenever it comes back online; exact frames on a real pty."""

from __future__ import annotations

import logging

import pytest
from drivertest import BOARDS, lock_config
from pydantic import ValidationError

from drivers.errors import NoReplyError
from drivers.locks import cu16
from drivers.locks.bus import SerialLockBus
from drivers.locks.sim import LockBoardSimulator


def test_the_set_pulse_frame_is_02_addr_37_data_03_sum() -> None:
    assert cu16.set_pulse_request(0, 500).hex(" ") == "02 00 37 32 03 6e"
    assert cu16.set_pulse_request(1, 1000).hex(" ") == "02 10 37 64 03 b0"
    with pytest.raises(ValueError):
        cu16.set_pulse_request(0, 3000)


@pytest.mark.logs(logging.WARNING)
def test_each_board_gets_its_own_pulse_time_once_and_again_after_coming_back() -> None:
    sim = LockBoardSimulator("cu16", BOARDS).start()
    config = lock_config(
        "cu16",
        offline_after_failures=1,
        boards=[{"address": 0, "pulse_ms": 500}, {"address": 1, "pulse_ms": 1000}],
    )
    bus = SerialLockBus(config, BOARDS, port=sim.port)
    try:
        bus.read_board(0)
        bus.read_board(0)
        assert [f.hex(" ") for f in sim.received] == [
            "02 00 30 03 35",
            "02 00 37 32 03 6e",  # after the board's first answer, once
            "02 00 30 03 35",
        ]
        assert bus.unlock(1, 2).opened
        assert (sim.pulse_ms(0), sim.pulse_ms(1)) == (500, 1000)
        assert sim.received.count(cu16.set_pulse_request(1, 1000)) == 1

        sim.set_silent(0)  # power lost: the board may come back with its own setting
        with pytest.raises(NoReplyError):
            bus.read_board(0)
        sim.set_silent(0, False)
        bus.read_board(0)
        bus.read_board(0)  # answered after the frame before it: the board has seen it
        assert sim.received.count(cu16.set_pulse_request(0, 500)) == 2
    finally:
        bus.close()
        sim.close()


def test_a_board_without_a_pulse_time_gets_no_frame() -> None:
    sim = LockBoardSimulator("cu16", BOARDS).start()
    bus = SerialLockBus(lock_config("cu16"), BOARDS, port=sim.port)
    try:
        bus.read_board(0)
        assert [f[2] for f in sim.received] == [cu16.CMD_READ_BOARD]
        assert sim.pulse_ms(0) is None
    finally:
        bus.close()
        sim.close()


def test_pulse_time_on_8a80_boards_is_refused_naming_the_boards() -> None:
    with pytest.raises(ValidationError, match=r"boards \[3\] set pulse_ms"):
        lock_config("8a80", boards=[{"address": 3, "pulse_ms": 500}])
