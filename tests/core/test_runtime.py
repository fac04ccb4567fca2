"""The runtime wires services to the real drivers: tested against the device simulators."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from drivers.registry import build_devices
from kiosk.clock import FakeClock
from kiosk.config_loader import load_settings
from kiosk.runtime import DoorNotice, DoorNoticeKind, KioskRuntime
from kiosk.services.core import Services
from tests.core.helpers import add_release, load


def wait_for(condition: Callable[[], object], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


@pytest.fixture
def runtime(tmp_path: Path) -> Iterator[KioskRuntime]:
    settings = load_settings(None, env={"KIOSK_DATA_DIR": str(tmp_path)})
    devices = build_devices(settings.devices, settings.locker.boards())
    rt = KioskRuntime(settings, devices, FakeClock())
    rt.start(with_sync=False)
    yield rt
    rt.stop()


def test_pickup_unlocks_the_right_lock_and_the_closing_completes_it(
    runtime: KioskRuntime,
) -> None:
    notices: list[DoorNotice] = []
    runtime.add_door_listener(notices.append)

    def prepare(s: Services) -> str:
        add_release(s, "r-1", "48213377")
        return load(s, "r-1")

    label = runtime.call(prepare).result()
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


def test_a_jammed_door_is_reported_and_the_code_stays_valid(runtime: KioskRuntime) -> None:
    def prepare(s: Services) -> str:
        add_release(s, "r-1", "48213377")
        return load(s, "r-1")

    label = runtime.call(prepare).result()
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
