"""Untouched, any citizen screen counts down and returns home, forgetting what was typed."""

from __future__ import annotations

from collections.abc import Callable

from kiosk.ui.i18n import Language
from kiosk.ui.machine import Screen
from kiosk.ui.screens.home import HomeScreen
from kiosk.ui.screens.pickup import PickupCodeScreen
from tests.ui.conftest import Kiosk


def test_idle_counts_down_returns_home_and_clears_input(
    make_kiosk: Callable[..., Kiosk],
) -> None:
    kiosk = make_kiosk(results=1, timeouts={"idle_s": 2.5, "idle_countdown_s": 2})
    window = kiosk.ui.window
    kiosk.tap(window.get(HomeScreen).english)
    title = window.get(HomeScreen).pickup_button.title
    kiosk.qtbot.waitUntil(lambda: title.text() == "Collect a result")
    kiosk.tap(window.get(HomeScreen).pickup_button)
    kiosk.wait_for(Screen.PICKUP_CODE)
    pickup = window.get(PickupCodeScreen)
    for digit in "4821":
        kiosk.tap_text(pickup.keypad, digit)

    kiosk.qtbot.waitUntil(window.countdown.isVisible, timeout=3000)
    assert window.countdown_text.text() == (
        "Going back to the start in 2 seconds. Touch the screen to continue."
    )
    # A touch puts the countdown away and the wait starts again.
    kiosk.tap_text(pickup.keypad, "3")
    assert not window.countdown.isVisible()
    assert kiosk.screen is Screen.PICKUP_CODE

    kiosk.wait_for(Screen.HOME, timeout=6000)
    assert pickup.field.digits == ""
    assert kiosk.ui.languages.current is Language.VI
    kiosk.qtbot.waitUntil(lambda: title.text() == "Nhận kết quả")
    assert not window.countdown.isVisible()
