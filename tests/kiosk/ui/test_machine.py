"""The screen state machine: logged changes, a bug's illegal change refused, and a late answer
for a screen already left skipped (citizen and staff screens share the class)."""

from __future__ import annotations

import logging

import pytest
from pytestqt.qtbot import QtBot

from kiosk.ui.machine import IllegalScreenChangeError, Screen, citizen_machine
from kiosk.ui.staff.machine import StaffScreen, staff_machine


def test_each_change_is_logged_with_its_reason_and_signalled(
    qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    del qtbot  # a QApplication for the signals
    machine = citizen_machine()
    seen: list[tuple[str, Screen]] = []
    machine.left.connect(lambda s: seen.append(("left", s)))
    machine.entered.connect(lambda s: seen.append(("entered", s)))
    caplog.set_level(logging.INFO, logger="kiosk.ui.machine")
    machine.go(Screen.PICKUP_CODE, "citizen chose")
    assert seen == [("left", Screen.HOME), ("entered", Screen.PICKUP_CODE)]
    assert caplog.messages == ["screen home → pickup_code (citizen chose)"]


def test_an_illegal_change_raises_and_changes_nothing() -> None:
    machine = citizen_machine()
    with pytest.raises(IllegalScreenChangeError, match="home → door_open"):
        machine.go(Screen.DOOR_OPEN, "no door was granted")
    assert machine.current is Screen.HOME


def test_home_and_a_scanned_pickup_are_reachable_from_every_screen() -> None:
    for screen in Screen:
        machine = citizen_machine()
        machine._current = screen
        machine.go(Screen.WORKING, "pickup QR scanned")
        machine.go(Screen.HOME, "idle")


def test_a_late_answer_for_a_screen_left_is_skipped_and_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    machine = staff_machine()
    seen: list[StaffScreen] = []
    machine.entered.connect(seen.append)
    machine.go(StaffScreen.MENU, "signed in")
    machine.go(StaffScreen.LOAD_SCAN, "staff chose loading")
    machine.go(StaffScreen.MENU, "staff tapped Menu")
    caplog.set_level(logging.INFO, logger="kiosk.ui.machine")
    # Another test in this worker may have left INFO on already; only what follows counts.
    caplog.clear()
    # The envelope's look-up comes back after staff left the scan screen.
    assert not machine.follow(StaffScreen.LOAD_CONFIRM, "envelope 000.00.00.H01-261202-0001")
    assert machine.current is StaffScreen.MENU
    assert seen == [StaffScreen.MENU, StaffScreen.LOAD_SCAN, StaffScreen.MENU]
    assert caplog.messages == [
        "staff screen stays menu (not → load_confirm: envelope 000.00.00.H01-261202-0001)"
    ]
    assert machine.follow(StaffScreen.LOAD_SCAN, "next envelope")
    assert machine.current is StaffScreen.LOAD_SCAN


def test_the_citizen_machine_guards_late_answers_too() -> None:
    machine = citizen_machine()
    machine.go(Screen.PICKUP_CODE, "citizen chose")
    assert not machine.follow(Screen.DOOR_OPEN, "door answer after the citizen left")
    assert machine.current is Screen.PICKUP_CODE
