"""The UI's timers on a FakeClock fire as it is advanced, in the order of their deadlines, each
with the clock at its own time; on the real clock they are QTimers."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from kiosk.clock import FakeClock
from kiosk.ui import timers
from kiosk.ui.timers import Timer


@pytest.fixture
def clock() -> Iterator[FakeClock]:
    fake = FakeClock()
    timers.use_clock(fake)
    yield fake
    timers.use_clock(None)


def test_timers_fire_in_order_of_their_deadlines_within_one_advance(clock: FakeClock) -> None:
    owner = QObject()
    fired: list[tuple[str, float]] = []

    def at(name: str) -> None:
        fired.append((name, round(timers.monotonic() - 1000.0, 3)))  # FakeClock starts at 1000

    tick = Timer(owner, 1000, lambda: at("tick"), repeat=True)
    later = Timer(owner, 0, lambda: at("later"))

    def once_then_later() -> None:
        at("once")
        later.start(300)

    once = Timer(owner, 2500, once_then_later)
    tick.start()
    once.start()
    clock.advance(3.5)
    assert fired == [("tick", 1.0), ("tick", 2.0), ("once", 2.5), ("later", 2.8), ("tick", 3.0)]
    assert tick.active and not once.active and not later.active

    fired.clear()
    tick.stop()
    once.start()
    once.set_interval(500)  # a running timer starts again with the new interval
    clock.advance(10)
    assert fired == [("once", 4.0), ("later", 4.3)]


def test_on_the_real_clock_a_timer_is_a_qtimer(qtbot: QtBot) -> None:
    owner = QObject()
    timer = Timer(owner, 10)
    with qtbot.waitSignal(timer.timeout, timeout=2000):
        timer.start()
    assert not timer.active
