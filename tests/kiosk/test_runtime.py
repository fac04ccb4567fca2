"""The runtime wires services to the real drivers: tested against the device simulators."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from drivers.locks import cu16
from drivers.registry import build_devices
from kiosk.clock import FakeClock
from kiosk.config_loader import load_settings
from kiosk.runtime import DoorNotice, DoorNoticeKind, KioskRuntime
from kiosk.services.core import Services
from kiosk.services.door_events import DoorStatus
from tests.kiosk.helpers import JAMS_WITHIN, SILENT_WITHIN, add_release, load, lock_bus_toml


def load_result(s: Services) -> str:
    """Release r-1 (code 48213377) loaded into a compartment: its label."""
    add_release(s, "r-1", "48213377")
    return load(s, "r-1")


def wait_for(condition: Callable[[], object], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


@contextmanager
def started(tmp_path: Path, config: str | None = None) -> Iterator[KioskRuntime]:
    """A runtime on the simulators with the default settings, or those of ``config``."""
    path = None if config is None else str(write_config(tmp_path, config))
    settings = load_settings(path, env={"KIOSK_DATA_DIR": str(tmp_path)})
    devices = build_devices(settings.devices, settings.locker.boards())
    rt = KioskRuntime(settings, devices, FakeClock())
    rt.start(with_sync=False)
    try:
        yield rt
    finally:
        rt.stop()


@pytest.fixture
def runtime(tmp_path: Path) -> Iterator[KioskRuntime]:
    with started(tmp_path) as rt:
        yield rt


def test_pickup_unlocks_the_right_lock_and_the_closing_completes_it(
    runtime: KioskRuntime,
) -> None:
    notices: list[DoorNotice] = []
    runtime.add_door_listener(notices.append)

    label = runtime.call(load_result).result()
    sims = runtime.devices.simulators
    assert sims is not None and sims.locks is not None
    sims.locks.received.clear()
    outcome = runtime.pickup("48213377").result(timeout=5)
    assert outcome.opened and outcome.grant.compartment == label
    door = runtime.settings.locker.compartments[
        [c.label for c in runtime.settings.locker.compartments].index(label)
    ]
    unlock = bytes([0x02, (door.board << 4) | (door.lock - 1), 0x31, 0x03])
    assert unlock + bytes([sum(unlock) & 0xFF]) in sims.locks.received
    sims.locks.set_item(door.board, door.lock, False)
    sims.locks.close_door(door.board, door.lock)
    wait_for(lambda: any(n.kind == DoorNoticeKind.CLOSED for n in notices))
    events = runtime.call(
        lambda s: s.ctx.store.query("SELECT type FROM outbox ORDER BY seq")
    ).result()
    assert [e[0] for e in events] == ["result.loaded", "result.picked_up"]


@pytest.mark.logs(logging.ERROR)
def test_a_jammed_door_is_reported_and_the_code_stays_valid(tmp_path: Path) -> None:
    with started(tmp_path, lock_bus_toml(JAMS_WITHIN)) as runtime:
        jammed_door_is_reported(runtime)


def jammed_door_is_reported(runtime: KioskRuntime) -> None:
    label = runtime.call(load_result).result()
    door = next(c for c in runtime.settings.locker.compartments if c.label == label)
    sims = runtime.devices.simulators
    assert sims is not None and sims.locks is not None
    sims.locks.set_jammed(door.board, door.lock)
    outcome = runtime.pickup("48213377").result(timeout=10)
    assert not outcome.opened
    alarms = runtime.call(
        lambda s: s.ctx.store.query("SELECT kind, subject FROM alarms WHERE cleared_at IS NULL")
    ).result()
    assert ("door_jammed", label) in [tuple(a) for a in alarms]


@pytest.mark.logs(logging.ERROR)
def test_a_new_alarm_reaches_the_central_system_at_once(tmp_path: Path) -> None:
    from hub.sim import start_central_sim

    server = start_central_sim(pin_iterations=1000)
    settings = load_settings(
        str(write_config(tmp_path, lock_bus_toml(JAMS_WITHIN))),
        env={"KIOSK_DATA_DIR": str(tmp_path), "KIOSK_CENTRAL_URL": server.url},
    )
    # The server asks for a poll every 30 s: only "at once" delivers the alarm within 15 s.
    rt = KioskRuntime(settings, build_devices(settings.devices, settings.locker.boards()))
    rt.start()
    try:
        wait_for(lambda: server.sim.kiosk("demo-kiosk-01").heartbeats, timeout=15)
        beats = len(server.sim.kiosk("demo-kiosk-01").heartbeats)
        sims = rt.devices.simulators
        assert sims is not None and sims.locks is not None
        sims.locks.set_jammed(0, 5)
        outcome = rt.open_granted(
            lambda s: s.staff_doors.begin_inspect("A05", "technician:kt-0007")
        )
        assert not outcome.result(timeout=10).opened
        wait_for(
            lambda: any(
                e["type"] == "alarm.raised" and e["data"]["kind"] == "door_jammed"
                for e in server.sim.events()
            ),
            timeout=15,
        )
        wait_for(lambda: len(server.sim.kiosk("demo-kiosk-01").heartbeats) > beats, timeout=15)
    finally:
        rt.stop()
        server.stop()


@pytest.mark.logs(logging.WARNING)
def test_when_power_returns_no_door_opens_and_every_interrupted_command_is_settled(
    tmp_path: Path,
) -> None:
    """Power cut with one pickup journaled but not yet unlocked, and one door standing open;
    power back: the boards come up with every lock shut (fail-secure), the kiosk sends no
    unlock, and it settles both commands from what the sensors say."""
    settings = load_settings(None, env={"KIOSK_DATA_DIR": str(tmp_path)})
    before = KioskRuntime(settings, build_devices(settings.devices, settings.locker.boards()))
    before.start(with_sync=False)

    def prepare(s: Services) -> tuple[str, str]:
        add_release(s, "r-1", "48213377")
        add_release(s, "r-2", "48213388")
        opened, journaled = load(s, "r-1"), load(s, "r-2")
        return opened, journaled

    opened, journaled = before.call(prepare).result()
    assert before.pickup("48213377").result(timeout=10).opened
    before.call(lambda s: s.citizen_doors.begin_pickup("48213388")).result()  # the cut comes now
    before.stop()

    # Power back: every lock shut; the papers of the pickup that never began are still inside.
    devices = build_devices(settings.devices, settings.locker.boards())
    sims = devices.simulators
    assert sims is not None and sims.locks is not None
    door = next(c for c in settings.locker.compartments if c.label == journaled)
    sims.locks.set_item(door.board, door.lock, True)
    after = KioskRuntime(settings, devices)
    decisions = after.start(with_sync=False)
    try:
        # The door monitor reads every board again after the start: and sends no unlock.
        def reads() -> int:
            assert sims.locks is not None
            return sum(1 for f in sims.locks.received if f[2] == cu16.CMD_READ_BOARD)

        started = reads()
        wait_for(lambda: reads() >= started + len(settings.locker.boards()))
        assert not [f for f in sims.locks.received if f[2] in (0x31, 0x33)]  # no unlock at all
        assert decisions == [
            f"{opened}: closed: done",  # the citizen took the papers before the cut
            f"{journaled}: door never opened: nothing changed",  # the OTP still works
        ]
        assert after.call(lambda s: s.doors.unfinished()).result() == []
        assert after.pickup("48213388").result(timeout=10).opened
    finally:
        after.stop()


@pytest.mark.logs(logging.ERROR)
def test_a_board_that_returns_clears_its_alarm_and_puts_its_shut_doors_back_in_service(
    tmp_path: Path,
) -> None:
    """Issue 18: the board is silent when a citizen comes; it answers again with the door shut
    and the envelope inside: its alarm (filed under the board) clears, the door is back in
    service and the same code opens it."""
    with started(tmp_path, lock_bus_toml(SILENT_WITHIN)) as runtime:
        board_returns(runtime)


def board_returns(runtime: KioskRuntime) -> None:

    label = runtime.call(load_result).result()
    sims = runtime.devices.simulators
    assert sims is not None and sims.locks is not None
    door = next(c for c in runtime.settings.locker.compartments if c.label == label)
    sims.locks.set_item(door.board, door.lock, True)  # the envelope is inside
    sims.locks.set_silent(door.board)
    outcome = runtime.pickup("48213377").result(timeout=10)
    assert outcome.status is DoorStatus.OUT_OF_SERVICE

    def rows(sql: str) -> list[tuple[object, ...]]:
        return [tuple(r) for r in runtime.call(lambda s: s.ctx.store.query(sql)).result()]

    oos = f"SELECT out_of_service, oos_reason FROM compartments WHERE label = '{label}'"
    open_alarms = "SELECT kind, subject FROM alarms WHERE cleared_at IS NULL"
    assert rows(oos) == [(1, "board_offline")]
    wait_for(lambda: rows(open_alarms) == [("board_offline", f"board:{door.board}")])
    assert not [f for f in sims.locks.received if f[2] == 0x31]  # no pulse was sent

    sims.locks.set_silent(door.board, False)
    wait_for(lambda: rows(oos) == [(0, None)])
    wait_for(lambda: rows(open_alarms) == [])
    assert runtime.pickup("48213377").result(timeout=10).opened


@pytest.mark.logs(logging.WARNING)
def test_a_forced_door_switches_the_alert_output_and_holds_its_result(tmp_path: Path) -> None:
    siren_wiring = "[devices.lock_bus]\nalert_output = { board = 1, lock = 16 }\n"
    config = write_config(tmp_path, siren_wiring)
    settings = load_settings(str(config), env={"KIOSK_DATA_DIR": str(tmp_path)})
    rt = KioskRuntime(settings, build_devices(settings.devices, settings.locker.boards()))
    rt.start(with_sync=False)
    try:
        label = rt.call(load_result).result()
        sims = rt.devices.simulators
        assert sims is not None and sims.locks is not None
        door = next(c for c in settings.locker.compartments if c.label == label)
        sims.locks.force_open(door.board, door.lock)
        siren = bytes([0x02, 0x1F, 0x31, 0x03, (0x02 + 0x1F + 0x31 + 0x03) & 0xFF])
        wait_for(lambda: siren in sims.locks.received)
        rows = rt.call(
            lambda s: [
                tuple(r)
                for r in s.ctx.store.query(
                    "SELECT content, out_of_service, oos_reason FROM compartments WHERE label = ?",
                    (label,),
                )
            ]
        ).result()
        assert rows == [("result", 1, "door_forced")]
        assert rt.pickup("48213377").exception(timeout=5) is not None  # out of service
    finally:
        rt.stop()


def write_config(directory: Path, text: str) -> Path:
    path = directory / "kiosk.toml"
    path.write_text(text, encoding="utf-8")
    path.chmod(0o600)
    return path


@pytest.mark.logs(logging.WARNING)
def test_after_a_restart_a_door_left_open_settles_its_intent_when_it_closes(
    tmp_path: Path,
) -> None:
    """The kiosk stops with a pickup door open (its intent open); at start-up the door is
    still open; the citizen shuts it with the papers taken: the pickup counts, once."""
    settings = load_settings(None, env={"KIOSK_DATA_DIR": str(tmp_path)})
    before = KioskRuntime(settings, build_devices(settings.devices, settings.locker.boards()))
    before.start(with_sync=False)

    label = before.call(load_result).result()
    assert before.pickup("48213377").result(timeout=10).opened
    before.stop()

    devices = build_devices(settings.devices, settings.locker.boards())
    sims = devices.simulators
    assert sims is not None and sims.locks is not None
    door = next(c for c in settings.locker.compartments if c.label == label)
    sims.locks.force_open(door.board, door.lock)  # still standing open
    after = KioskRuntime(settings, devices)
    try:
        assert after.start(with_sync=False) == [f"{label}: door is open: waiting for it to close"]
        sims.locks.close_door(door.board, door.lock, item=False)

        def events() -> list[str]:
            rows = after.call(lambda s: s.ctx.store.query("SELECT type FROM outbox")).result()
            return [r[0] for r in rows]

        wait_for(lambda: "result.picked_up" in events())
        assert events().count("result.picked_up") == 1
        assert after.call(lambda s: s.doors.unfinished()).result() == []
        rows = after.call(
            lambda s: s.ctx.store.query("SELECT kind FROM alarms WHERE kind = 'door_forced'")
        ).result()
        assert rows == []  # the open door at start-up was explained by its intent
    finally:
        after.stop()


@pytest.mark.logs(logging.ERROR)
def test_a_lock_reading_open_before_its_unlock_is_a_sensor_fault_and_the_code_stays_valid(
    tmp_path: Path,
) -> None:
    """A door whose sensor reads open from start-up (a polarity or sensor fault): the unlock's
    first reading finds it open, so no pulse is sent; the door goes out of service with a
    ``sensor_fault`` raised by the kiosk, and the result and its code are kept."""
    settings = load_settings(None, env={"KIOSK_DATA_DIR": str(tmp_path)})
    rt = KioskRuntime(settings, build_devices(settings.devices, settings.locker.boards()))
    sims = rt.devices.simulators
    assert sims is not None and sims.locks is not None
    door = settings.locker.compartments[0]
    sims.locks.set_sensor_open(door.board, door.lock)
    rt.start(with_sync=False)
    try:

        def prepare(s: Services) -> str:
            add_release(s, "r-1", "48213377")
            return load(s, "r-1", door.label)

        rt.call(prepare).result()
        sims.locks.received.clear()
        outcome = rt.pickup("48213377").result(timeout=10)
        assert outcome.status is DoorStatus.OUT_OF_SERVICE  # the citizen: "did not open"
        unlock = bytes([0x02, (door.board << 4) | (door.lock - 1), 0x31, 0x03])
        assert unlock + bytes([sum(unlock) & 0xFF]) not in sims.locks.received

        def facts(s: Services) -> dict[str, list[tuple[object, ...]]]:
            queries = {
                "compartment": (
                    "SELECT content, out_of_service, oos_reason FROM compartments WHERE label = ?",
                    (door.label,),
                ),
                "release": ("SELECT otp_used FROM releases WHERE release_id = 'r-1'", ()),
                "alarms": ("SELECT kind, subject FROM alarms WHERE cleared_at IS NULL", ()),
                "outbox": ("SELECT type, actor, data FROM outbox ORDER BY seq", ()),
                "audit": (
                    "SELECT action FROM audit WHERE action LIKE 'door.%' ORDER BY seq DESC LIMIT 2",
                    (),
                ),
            }
            return {k: [tuple(r) for r in s.ctx.store.query(q, p)] for k, (q, p) in queries.items()}

        got = rt.call(facts).result()
        assert got["compartment"] == [("result", 1, "sensor_fault")]
        assert got["release"] == [(0,)]
        assert got["alarms"] == [("sensor_fault", door.label)]
        raised = [
            (a, json.loads(str(d))["kind"]) for t, a, d in got["outbox"] if t == "alarm.raised"
        ]
        assert raised == [("kiosk", "sensor_fault")]
        assert not any(t == "result.picked_up" for t, _, _ in got["outbox"])
        assert got["audit"] == [("door.failed",), ("door.commanded",)]
    finally:
        rt.stop()
