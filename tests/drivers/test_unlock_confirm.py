"""Unlock confirmation: the real bus driver against boards that lose replies, go deaf during
their pulse, or have a sensor that reads open before the unlock (both protocols, real ptys)."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from drivertest import BOARDS, lock_config

from drivers.errors import NoReplyError
from drivers.interfaces import BoardState, UnlockOutcome
from drivers.locks.bus import SerialLockBus
from drivers.locks.sim import LockBoardSimulator

UNLOCK_COMMANDS = {"cu16": 0x31, "8a80": 0x8A}


def unlocks(sim: LockBoardSimulator) -> int:
    command = UNLOCK_COMMANDS[sim.protocol]
    return sum(1 for f in sim.received if command in (f[0], f[2]) and len(f) == 5)


@pytest.fixture
def patient_bus(lock_sim: LockBoardSimulator, protocol: str) -> Iterator[SerialLockBus]:
    """A confirmation window long enough for a board's pulse and a few lost replies."""
    config = lock_config(protocol, unlock_confirm_ms=900, offline_after_failures=3)
    bus = SerialLockBus(config, BOARDS, port=lock_sim.port)
    yield bus
    bus.close()


def test_a_reply_lost_during_the_read_back_is_retried_and_the_opening_confirmed(
    lock_sim: LockBoardSimulator, patient_bus: SerialLockBus
) -> None:
    lock_sim.lose_replies_after_unlock(1, 1)
    result = patient_bus.unlock(1, 4)
    assert result.outcome is UnlockOutcome.OPENED
    assert unlocks(lock_sim) == 1  # retried reads, never a second pulse
    assert patient_bus.board_state(1) is BoardState.ONLINE


def test_a_board_deaf_for_its_whole_pulse_is_confirmed_afterwards_and_stays_online(
    lock_sim: LockBoardSimulator, patient_bus: SerialLockBus
) -> None:
    lock_sim.set_deaf_during_pulse(0, 0.25)
    result = patient_bus.unlock(0, 7)
    assert result.outcome is UnlockOutcome.OPENED
    assert unlocks(lock_sim) == 1
    assert patient_bus.board_state(0) is BoardState.ONLINE


@pytest.mark.logs(logging.WARNING)
def test_no_trustworthy_answer_after_the_pulse_is_unknown_never_jammed(
    lock_sim: LockBoardSimulator, lock_bus: SerialLockBus
) -> None:
    lock_sim.set_deaf_during_pulse(1, 5.0)  # longer than the whole confirmation window
    result = lock_bus.unlock(1, 2)
    assert result.outcome is UnlockOutcome.UNKNOWN and not result.opened
    assert not lock_sim.is_closed(1, 2)  # the door did open: only nobody could tell
    assert unlocks(lock_sim) == 1


@pytest.mark.logs(logging.WARNING)
def test_a_jammed_lock_needs_the_boards_answer_at_the_end_of_the_window(
    lock_sim: LockBoardSimulator, patient_bus: SerialLockBus
) -> None:
    lock_sim.set_jammed(0, 3)
    lock_sim.lose_replies_after_unlock(0, 1)
    assert patient_bus.unlock(0, 3).outcome is UnlockOutcome.JAMMED


@pytest.mark.logs(logging.WARNING)
def test_a_lock_reading_open_before_its_unlock_gets_no_pulse(
    lock_sim: LockBoardSimulator, lock_bus: SerialLockBus
) -> None:
    lock_sim.set_sensor_open(1, 9)
    result = lock_bus.unlock(1, 9)
    assert result.outcome is UnlockOutcome.OPEN_BEFORE and not result.opened
    assert unlocks(lock_sim) == 0
    assert lock_sim.is_closed(1, 9)


@pytest.mark.logs(logging.WARNING)
def test_a_board_that_cannot_be_read_before_the_unlock_gets_no_pulse(
    lock_sim: LockBoardSimulator, lock_bus: SerialLockBus
) -> None:
    lock_sim.set_silent(0)
    with pytest.raises(NoReplyError):
        lock_bus.unlock(0, 1)
    assert unlocks(lock_sim) == 0
    assert lock_bus.board_state(0) is BoardState.OFFLINE  # after the configured 2 failures


def test_one_missed_reply_does_not_take_a_board_offline(
    lock_sim: LockBoardSimulator, lock_bus: SerialLockBus
) -> None:
    lock_bus.read_board(0)
    lock_sim.set_silent(0)
    with pytest.raises(NoReplyError):
        lock_bus.read_board(0)
    assert lock_bus.board_state(0) is BoardState.ONLINE
    lock_sim.set_silent(0, False)
    lock_bus.read_board(0)
    assert lock_bus.board_state(0) is BoardState.ONLINE


def test_a_board_without_item_sensors_reports_none_for_every_item() -> None:
    sim = LockBoardSimulator("cu16", [0]).start()
    try:
        config = lock_config("cu16", boards=[{"address": 0, "item_sensors": False}])
        bus = SerialLockBus(config, [0], port=sim.port)
        sim.set_item(0, 1, True)
        assert {s.item for s in bus.read_board(0).locks} == {None}
        bus.close()
    finally:
        sim.close()
