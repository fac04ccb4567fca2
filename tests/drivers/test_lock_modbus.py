"""Modbus RTU relay/input boards: frames built and read by pymodbus, coils pulsed on then off,
doors and item sensors from discrete inputs, against the board simulator on a pty."""

from __future__ import annotations

import pytest
from drivertest import lock_config
from hypothesis import given
from hypothesis import strategies as st

from drivers.interfaces import UnlockOutcome
from drivers.locks import modbus
from drivers.locks.bus import SerialLockBus
from drivers.locks.framing import scan_frames
from drivers.locks.sim import LockBoardSimulator

MAP = modbus.RegisterMap(coil_base=0, door_input_base=0, item_input_base=8)


@pytest.mark.parametrize(
    ("frame", "expected"),
    [
        (modbus.coil_request(1, 4, MAP, on=True), "01 05 00 03 ff 00 7c 3a"),
        (modbus.coil_request(1, 4, MAP, on=False), "01 05 00 03 00 00 3d ca"),
        (modbus.read_request(1, modbus.RegisterMap(), 8), "01 02 00 00 00 08 79 cc"),
        (modbus.read_request(1, MAP, 8), "01 02 00 00 00 10 79 c6"),  # doors and items
    ],
)
def test_frames_are_exact(frame: bytes, expected: str) -> None:
    assert frame.hex(" ") == expected


def test_doors_and_items_from_one_read() -> None:
    reply = modbus.inputs_reply(
        3, [True, False, True, True] + [False] * 4 + [False, True] + [False] * 6
    )
    bits = modbus.parse_read(reply, 3, MAP, 8)
    assert bits is not None and (bits.locks, bits.items) == (0b1101, 0b10)
    assert modbus.parse_read(reply, 4, MAP, 8) is None  # another slave's


@given(st.binary(max_size=64), st.integers(1, 247))
def test_random_bytes_never_crash_nor_invent_a_state(data: bytes, board: int) -> None:
    for frame in scan_frames(data, modbus.REPLY_FRAMES).frames:
        bits = modbus.parse_read(frame, board, MAP, 8)
        if bits is not None:
            assert frame[0] == board and frame[1] == modbus.FC_READ_INPUTS


def test_unlock_pulses_the_coil_on_then_off_and_reads_the_door() -> None:
    config = lock_config(
        "modbus",
        modbus={"item_input_base": 8},
        boards=[{"address": 2, "channels": 8, "pulse_ms": 20}],
    )
    sim = LockBoardSimulator("modbus", [2], channels=8, registers=MAP).start()
    bus = SerialLockBus(config, [2], port=sim.port)
    try:
        sim.set_item(2, 3, True)
        before = bus.read_board(2)
        assert len(before.locks) == 8 and all(s.closed for s in before.locks)
        assert before.lock(3).item is True and before.lock(4).item is False
        result = bus.unlock(2, 3)
        assert result.outcome is UnlockOutcome.OPENED
        frames = [f.hex(" ") for f in sim.received]
        read = modbus.read_request(2, MAP, 8).hex(" ")
        on = modbus.coil_request(2, 3, MAP, on=True).hex(" ")
        off = modbus.coil_request(2, 3, MAP, on=False).hex(" ")
        assert frames[-4:] == [read, on, off, read]
    finally:
        bus.close()
        sim.close()


def test_modbus_addresses_are_slave_ids() -> None:
    with pytest.raises(ValueError, match="board 0 is not a Modbus RTU address"):
        SerialLockBus(lock_config("modbus"), [0], port="/dev/null-x", wait_for_port=True)
