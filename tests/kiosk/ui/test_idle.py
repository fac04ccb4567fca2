"""Untouched, any citizen screen counts down and returns home, forgetting what was typed.

The kiosks here run on a ``FakeClock``: the waits pass when the test says so, to the second."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QPushButton

from kiosk.ui.i18n import Language
from kiosk.ui.machine import Screen
from kiosk.ui.screens.home import HomeScreen
from kiosk.ui.screens.pickup import PickupCodeScreen
from tests.kiosk.ui.conftest import Kiosk


def test_idle_counts_down_returns_home_and_clears_input(
    make_kiosk: Callable[..., Kiosk],
) -> None:
    kiosk = make_kiosk(results=1, fake_clock=True, timeouts={"idle_s": 12, "idle_countdown_s": 2})
    window = kiosk.ui.window
    kiosk.tap(window.get(HomeScreen).english)
    title = window.get(HomeScreen).pickup_button.title
    kiosk.qtbot.waitUntil(lambda: title.text() == "Collect a result")
    kiosk.tap(window.get(HomeScreen).pickup_button)
    kiosk.wait_for(Screen.PICKUP_CODE)
    pickup = window.get(PickupCodeScreen)
    for digit in "4821":
        kiosk.tap_text(pickup.keypad, digit)

    # Ten quiet seconds after the last touch, the last two are counted down.
    kiosk.advance(9.9)
    assert not window.countdown.isVisible()
    kiosk.advance(0.1)
    assert window.countdown.isVisible()
    assert window.countdown_text.text() == (
        "Back to start in 2 seconds. Touch the screen to continue."
    )
    # A touch puts the countdown away and the wait starts again.
    kiosk.tap_text(pickup.keypad, "3")
    assert not window.countdown.isVisible()
    assert kiosk.screen is Screen.PICKUP_CODE

    kiosk.advance(10)
    assert window.countdown.isVisible() and kiosk.screen is Screen.PICKUP_CODE
    kiosk.advance(2)
    kiosk.wait_for(Screen.HOME)
    assert pickup.field.digits == ""
    assert kiosk.ui.languages.current is Language.VI
    kiosk.qtbot.waitUntil(lambda: title.text() == "Nhận kết quả")
    assert not window.countdown.isVisible()


def test_the_countdown_hides_no_control_and_offers_more_time(
    make_kiosk: Callable[..., Kiosk],
) -> None:
    kiosk = make_kiosk(results=1, fake_clock=True, timeouts={"idle_s": 3, "idle_countdown_s": 2})
    window = kiosk.ui.window
    kiosk.tap(window.get(HomeScreen).pickup_button)
    kiosk.wait_for(Screen.PICKUP_CODE)
    kiosk.advance(1)
    assert window.countdown.isVisible()
    assert window.countdown_text.text().startswith("Về màn hình chính sau 2 giây.")
    bar = window.countdown.geometry()
    pickup = window.get(PickupCodeScreen)
    for b in pickup.findChildren(QPushButton):
        if b.isVisible():
            place = QRect(b.mapTo(window, QPoint(0, 0)), b.size())
            assert not bar.intersects(place), f"the countdown covers {b.text()!r}"
    kiosk.tap(window.more_time_button)
    assert not window.countdown.isVisible()
    assert kiosk.screen is Screen.PICKUP_CODE


def test_the_home_screen_returns_to_vietnamese_for_the_next_person(
    make_kiosk: Callable[..., Kiosk],
) -> None:
    kiosk = make_kiosk(results=1, fake_clock=True, timeouts={"idle_s": 2.5, "idle_countdown_s": 1})
    home = kiosk.ui.window.get(HomeScreen)
    assert home.staff_corner.text() == "Cán bộ"
    kiosk.tap(home.english)
    kiosk.qtbot.waitUntil(lambda: home.staff_corner.text() == "Staff")
    assert home.pickup_button.title.text() == "Collect a result"
    # Nobody touches it: Vietnamese again, and then the home screen waits quietly.
    kiosk.advance(2.4)
    assert kiosk.ui.languages.current is Language.EN
    kiosk.advance(0.1)
    kiosk.qtbot.waitUntil(lambda: kiosk.ui.languages.current is Language.VI)
    kiosk.qtbot.waitUntil(lambda: home.pickup_button.title.text() == "Nhận kết quả")
    assert kiosk.screen is Screen.HOME
    assert not kiosk.ui.flows.idle.armed
