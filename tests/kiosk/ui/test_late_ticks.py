"""The stall meter of bench_stall and bench_ui (bench/late_ticks.py): an event loop held up is
a late tick, and time the UI thread spent blocked (here asleep) is the process's, not the
scheduler's. Bounds from below only: a loaded machine can add to a stall, never take from it."""

from __future__ import annotations

import time

from pytestqt.qtbot import QtBot

from bench.late_ticks import LateTicks, run_queue_wait_ms

HELD_S = 0.06  # the stall the test makes: the UI thread blocked, as a long GIL hold would


def test_an_event_loop_held_up_is_a_late_tick_of_the_process(qtbot: QtBot) -> None:
    ticks = LateTicks()
    ticks.start()
    qtbot.wait(20)  # the timer ticking
    time.sleep(HELD_S)
    qtbot.wait(20)  # the late tick delivered
    ticks.stop()
    assert ticks.longest_ms >= HELD_S * 1000 - 5
    assert 0.0 <= ticks.cpu_wait_ms <= ticks.longest_ms
    # Asleep, the thread was not waiting for a CPU: the stall less that wait keeps the sleep.
    assert ticks.held_ms >= HELD_S * 1000 - 5


def test_a_thread_the_kernel_does_not_know_has_waited_for_nothing() -> None:
    assert run_queue_wait_ms(2**31 - 1) == 0.0
