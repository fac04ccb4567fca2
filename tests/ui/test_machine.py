"""The screen state machine: logged changes, and a bug's illegal change refused."""

from __future__ import annotations

import logging

import pytest
from pytestqt.qtbot import QtBot

from kiosk.ui.machine import IllegalScreenChangeError, Screen, ScreenMachine


def test_each_change_is_logged_with_its_reason_and_signalled(
    qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    del qtbot  # a QApplication for the signals
    machine = ScreenMachine()
    seen: list[tuple[str, Screen]] = []
    machine.left.connect(lambda s: seen.append(("left", s)))
    machine.entered.connect(lambda s: seen.append(("entered", s)))
    caplog.set_level(logging.INFO, logger="kiosk.ui.machine")
    machine.go(Screen.PICKUP_CODE, "citizen chose")
    assert seen == [("left", Screen.HOME), ("entered", Screen.PICKUP_CODE)]
    assert caplog.messages == ["screen home → pickup_code (citizen chose)"]


def test_an_illegal_change_raises_and_changes_nothing() -> None:
    machine = ScreenMachine()
    with pytest.raises(IllegalScreenChangeError, match="home → door_open"):
        machine.go(Screen.DOOR_OPEN, "no door was granted")
    assert machine.current is Screen.HOME


def test_home_and_a_scanned_pickup_are_reachable_from_every_screen() -> None:
    for screen in Screen:
        machine = ScreenMachine()
        machine._current = screen
        machine.go(Screen.WORKING, "pickup QR scanned")
        machine.go(Screen.HOME, "idle")
