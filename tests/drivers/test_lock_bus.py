"""The real lock bus driver against the board simulator on a pty, for both protocols."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from drivertest import BOARDS, Collector, lock_config

from drivers.errors import DeviceError, GarbledReplyError, NoReplyError
from drivers.interfaces import BoardState, DoorEvent, DoorEventKind, UnlockOutcome
from drivers.locks.bus import SerialLockBus
from drivers.locks.sim import LockBoardSimulator


def test_reads_every_lock_and_item_sensor(
    lock_sim: LockBoardSimulator, lock_bus: SerialLockBus, protocol: str
) -> None:
    lock_sim.force_open(1, 16)
    lock_sim.force_open(1, 3)
    lock_sim.set_item(1, 5, True)
    status = lock_bus.read_board(1).to_json()
    assert status["board"] == 1
    assert [s["lock"] for s in status["locks"]] == list(range(1, 17))
    assert [s["lock"] for s in status["locks"] if not s["closed"]] == [3, 16]
    if protocol == "cu16":
        assert [s["lock"] for s in status["locks"] if s["item"]] == [5]
    else:  # 8A/80 boards have no item sensors: unknown, never "empty"
        assert {s["item"] for s in status["locks"]} == {None}


def test_unlock_reads_before_sends_the_exact_frame_and_reads_back(
    lock_sim: LockBoardSimulator, lock_bus: SerialLockBus, protocol: str
) -> None:
    result = lock_bus.unlock(1, 4)
    assert result.to_json() == {"board": 1, "lock": 4, "opened": True}
    assert result.outcome is UnlockOutcome.OPENED
    unlock = {"cu16": "02 13 31 03 49", "8a80": "8a 01 04 11 9e"}[protocol]
    read = {"cu16": "02 10 30 03 45", "8a80": "80 01 00 33 b2"}[protocol]  # 8A/80: read all
    frames = [f.hex(" ") for f in lock_sim.received]
    # The lock is read before the pulse: only a closed → open change proves an opening.
    assert frames[:3] == [read, unlock, read]
    assert frames.count(unlock) == 1
    assert not lock_sim.is_closed(1, 4)


@pytest.mark.logs(logging.WARNING)
def test_jammed_door_is_reported_not_opened(
    lock_sim: LockBoardSimulator, lock_bus: SerialLockBus
) -> None:
    lock_sim.set_jammed(0, 2)
    result = lock_bus.unlock(0, 2)
    assert result.outcome is UnlockOutcome.JAMMED and result.opened is False
    assert lock_sim.is_closed(0, 2)


def test_unlock_all_opens_the_board(lock_sim: LockBoardSimulator, lock_bus: SerialLockBus) -> None:
    lock_sim.set_jammed(0, 9)
    status = lock_bus.unlock_all(0)
    assert [s.lock for s in status.locks if s.closed] == [9]


@pytest.mark.parametrize("protocol", ["cu16", "8a80"])
def test_inverted_polarity(protocol: str) -> None:
    sim = LockBoardSimulator(protocol, [0], closed_bit=0).start()
    try:
        inverted = SerialLockBus(lock_config(protocol, closed_bit=0), [0], port=sim.port)
        assert all(s.closed for s in inverted.read_board(0).locks)
        inverted.close()
        wrong = SerialLockBus(lock_config(protocol), [0], port=sim.port)
        assert not any(s.closed for s in wrong.read_board(0).locks)
        wrong.close()
    finally:
        sim.close()


def test_bad_checksum_is_rejected_and_counted(
    lock_sim: LockBoardSimulator, lock_bus: SerialLockBus
) -> None:
    lock_sim.set_bad_checksum(1)
    with pytest.raises(GarbledReplyError, match="garbled reply"):
        lock_bus.read_board(1)
    board = lock_bus.health()["boards"][1]
    assert board["frame_errors"] == 1
    assert board["timeouts"] == 0


def test_noise_before_a_reply_is_counted_but_the_reply_is_used(
    lock_sim: LockBoardSimulator, lock_bus: SerialLockBus
) -> None:
    lock_bus.read_board(0)
    lock_sim.set_bad_checksum(0)
    with pytest.raises(GarbledReplyError):
        lock_bus.read_board(0)
    lock_sim.set_bad_checksum(0, False)
    lock_sim.inject_noise(b"\x00\x55\xaa")  # arrives before the next request: discarded
    assert lock_bus.read_board(0).board == 0
    assert lock_bus.health()["boards"][0]["state"] == "online"


@pytest.mark.logs(logging.WARNING)
def test_silent_board_goes_offline_and_recovers(
    lock_sim: LockBoardSimulator, lock_bus: SerialLockBus
) -> None:
    lock_bus.read_board(1)
    lock_sim.set_silent(1)
    for _ in range(2):  # offline_after_failures
        with pytest.raises(NoReplyError, match=r"no reply to .* within 150 ms"):
            lock_bus.read_board(1)
    health = lock_bus.health()
    assert health["online"] is False
    assert health["boards"][1]["state"] == "offline"
    assert health["boards"][1]["timeouts"] == 2
    lock_sim.set_silent(1, False)
    lock_bus.read_board(1)
    assert lock_bus.health()["boards"][1]["state"] == "online"


def test_board_not_on_the_bus_is_no_reply(lock_bus: SerialLockBus) -> None:
    with pytest.raises(NoReplyError):
        lock_bus.read_board(7)


def test_cu16_board_answering_unlocks_is_tolerated() -> None:
    sim = LockBoardSimulator("cu16", BOARDS, reply_to_unlock=True).start()
    bus = SerialLockBus(lock_config("cu16"), BOARDS, port=sim.port)
    try:
        assert bus.unlock(0, 1).opened
        assert bus.health()["boards"][0]["frame_errors"] == 0
    finally:
        bus.close()
        sim.close()


def test_8a80_unsolicited_change_reports_are_not_errors() -> None:
    sim = LockBoardSimulator("8a80", BOARDS, report_changes=True).start()
    bus = SerialLockBus(lock_config("8a80"), BOARDS, port=sim.port)
    try:
        sim.force_open(0, 2)  # the board sends 82 00 02 00 by itself
        assert bus.unlock(0, 5).opened
        status = bus.read_board(0)
        assert [s.lock for s in status.locks if not s.closed] == [2, 5]
        assert bus.health()["boards"][0]["frame_errors"] == 0
    finally:
        bus.close()
        sim.close()


# --- the door monitor --------------------------------------------------------------------------


def _kind(kind: DoorEventKind, board: int, lock: int | None) -> Callable[[object], bool]:
    return lambda e: isinstance(e, DoorEvent) and (e.kind, e.board, e.lock) == (kind, board, lock)


def test_monitor_reports_opened_closed_forced_and_items(
    lock_sim: LockBoardSimulator, lock_bus: SerialLockBus, events: Collector, protocol: str
) -> None:
    lock_bus.start_monitor(events)
    events.wait_for(_kind(DoorEventKind.BOARD_ONLINE, 1, None))
    lock_bus.unlock(1, 4)
    events.wait_for(_kind(DoorEventKind.OPENED, 1, 4))
    lock_sim.close_door(1, 4)
    closed = events.wait_for(_kind(DoorEventKind.CLOSED, 1, 4))
    lock_sim.force_open(0, 7)
    events.wait_for(_kind(DoorEventKind.FORCED, 0, 7))
    if protocol == "cu16":
        lock_sim.set_item(1, 4, True)
        changed = events.wait_for(_kind(DoorEventKind.ITEM_CHANGED, 1, 4))
        assert changed.item is True
        assert closed.item is False
    lock_bus.stop_monitor()
    kinds = [(e.kind, e.board, e.lock) for e in events.events]
    assert (DoorEventKind.FORCED, 1, 4) not in kinds
    assert (DoorEventKind.OPENED, 0, 7) not in kinds


def test_monitor_reports_a_door_left_open_once(
    lock_sim: LockBoardSimulator, events: Collector
) -> None:
    bus = SerialLockBus(
        lock_config(lock_sim.protocol, left_open_alarm_ms=60), BOARDS, port=lock_sim.port
    )
    try:
        lock_sim.auto_close_after = 0.05
        lock_sim.set_left_open(0, 3)
        bus.start_monitor(events)
        bus.unlock(0, 3)
        bus.unlock(0, 4)  # this one is closed by the simulated person
        events.wait_for(_kind(DoorEventKind.CLOSED, 0, 4))
        events.wait_for(_kind(DoorEventKind.LEFT_OPEN, 0, 3))
        bus.stop_monitor()
        kinds = [(e.kind, e.lock) for e in events.events]
        assert kinds.count((DoorEventKind.LEFT_OPEN, 3)) == 1
        assert (DoorEventKind.LEFT_OPEN, 4) not in kinds
    finally:
        bus.close()


@pytest.mark.logs(logging.WARNING)
def test_monitor_reports_board_offline_then_online(
    lock_sim: LockBoardSimulator, lock_bus: SerialLockBus, events: Collector
) -> None:
    lock_bus.start_monitor(events)
    events.wait_for(_kind(DoorEventKind.BOARD_ONLINE, 1, None))
    lock_sim.set_silent(1)
    events.wait_for(_kind(DoorEventKind.BOARD_OFFLINE, 1, None))
    assert lock_bus.health()["boards"][1]["state"] == BoardState.OFFLINE.value
    lock_sim.force_open(1, 2)  # changed while nobody could see it
    lock_sim.set_silent(1, False)
    forced = events.wait_for(_kind(DoorEventKind.FORCED, 1, 2))
    online = [e for e in events.events if e.kind is DoorEventKind.BOARD_ONLINE and e.board == 1]
    assert len(online) == 2
    assert online[-1].at <= forced.at
    assert lock_bus.health()["boards"][0]["state"] == "online"


@pytest.mark.logs(logging.WARNING)
def test_a_board_lost_and_back_between_two_polls_is_reported_offline_then_online(
    lock_sim: LockBoardSimulator, events: Collector
) -> None:
    """The unlock's own readings find the board silent and the next reading finds it back,
    with no poll in between (the monitor waits for the bus): both changes are still told."""
    bus = SerialLockBus(
        lock_config(lock_sim.protocol, poll_interval_ms=60_000), BOARDS, port=lock_sim.port
    )
    try:
        bus.start_monitor(events)
        events.wait_for(_kind(DoorEventKind.BOARD_ONLINE, 0, None))
        lock_sim.set_silent(0)
        with pytest.raises(NoReplyError):
            bus.unlock(0, 3)
        events.wait_for(_kind(DoorEventKind.BOARD_OFFLINE, 0, None))
        lock_sim.set_silent(0, False)
        bus.read_board(0)
        told = [e.kind for e in events.events if (e.board, e.lock) == (0, None)]
        assert told == [
            DoorEventKind.BOARD_ONLINE,
            DoorEventKind.BOARD_OFFLINE,
            DoorEventKind.BOARD_ONLINE,
        ]
    finally:
        bus.close()


def test_a_door_that_closed_since_the_start_up_reading_is_reported_closed(
    lock_sim: LockBoardSimulator, lock_bus: SerialLockBus, events: Collector
) -> None:
    """The start-up reading saw the door open (an intent waiting for it to close); it closes
    before the monitor's first poll: that poll is compared with the reading, not a baseline."""
    lock_sim.force_open(0, 5)
    at_start_up = {0: lock_bus.read_board(0)}
    lock_sim.close_door(0, 5)
    lock_bus.start_monitor(events, at_start_up)
    closed = events.wait_for(_kind(DoorEventKind.CLOSED, 0, 5))
    lock_bus.stop_monitor()
    assert [(e.kind, e.lock) for e in events.events if e.lock is not None] == [
        (DoorEventKind.CLOSED, 5)
    ]
    assert closed.board == 0


def test_unlock_just_before_the_first_poll_is_still_opened(
    lock_sim: LockBoardSimulator, lock_bus: SerialLockBus, events: Collector
) -> None:
    lock_sim.force_open(0, 9)  # open before monitoring: unknown history, no event
    lock_bus.unlock(0, 2)
    lock_bus.start_monitor(events)
    events.wait_for(_kind(DoorEventKind.OPENED, 0, 2))
    lock_bus.stop_monitor()
    assert [e.lock for e in events.events if e.lock is not None] == [2]


@pytest.mark.logs(logging.WARNING)
def test_an_adapter_that_drops_off_usb_and_comes_back_is_used_again_without_a_restart(
    tmp_path: Path,
) -> None:
    """/dev/kiosk-locks is a udev symlink: when the USB–RS-485 adapter re-enumerates, it names
    the new tty. The bus sees the old port fail, says the boards are offline, and opens the
    name again."""
    first = LockBoardSimulator("cu16", BOARDS).start()
    name = tmp_path / "kiosk-locks"
    name.symlink_to(first.port)
    bus = SerialLockBus(lock_config("cu16"), BOARDS, port=str(name))
    try:
        assert bus.read_board(0).board == 0
        first.close()  # unplugged: the tty is gone
        name.unlink()
        for _ in range(lock_config("cu16").offline_after_failures):
            with pytest.raises(DeviceError):
                bus.read_board(0)
        assert bus.health()["boards"][0]["state"] == "offline"

        second = LockBoardSimulator("cu16", BOARDS).start()  # plugged in again: a new tty
        name.symlink_to(second.port)
        try:
            deadline = time.monotonic() + 5
            while True:
                try:
                    status = bus.read_board(0)
                    break
                except DeviceError:
                    assert time.monotonic() < deadline, "the port was not opened again"
                    time.sleep(0.1)
            assert status.board == 0
            assert bus.health()["boards"][0]["state"] == "online"
            assert bus.unlock(0, 3).opened
            assert any(f[2] == 0x31 for f in second.received)
        finally:
            second.close()
    finally:
        bus.close()
