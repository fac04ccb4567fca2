"""The accessible mode ("Hỗ trợ"): larger text, longer waits, a low door, and back to normal
for the next person."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QFontInfo
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

from kiosk.domain import HeightBand
from kiosk.ui.accessible import TEXT_SCALE
from kiosk.ui.machine import Screen
from kiosk.ui.screens.dropoff import DropoffCodeScreen, DropoffSizeScreen
from kiosk.ui.screens.home import HomeScreen
from kiosk.ui.screens.pickup import PickupCodeScreen
from tests.kiosk.ui.conftest import Kiosk


def text_sizes(screen: QWidget) -> dict[str, int]:
    """Pixel size of every visible text of ``screen``, by its text."""
    sizes = {}
    for w in screen.findChildren(QWidget):
        if isinstance(w, QLabel | QAbstractButton) and w.isVisible() and w.text().strip():
            sizes[w.text()] = QFontInfo(w.font()).pixelSize()
    return sizes


def test_the_accessible_mode_makes_every_text_half_as_large_again_until_the_citizen_leaves(
    make_kiosk: Callable[..., Kiosk],
) -> None:
    kiosk = make_kiosk(results=1, fake_clock=True, timeouts={"idle_s": 2, "idle_countdown_s": 1})
    window = kiosk.ui.window
    home, pickup = window.get(HomeScreen), window.get(PickupCodeScreen)
    kiosk.tap(home.pickup_button)
    kiosk.wait_for(Screen.PICKUP_CODE)
    normal = text_sizes(pickup)
    kiosk.tap(pickup.back)
    kiosk.wait_for(Screen.HOME)

    kiosk.tap(home.accessible_button)
    assert home.accessible_button.isChecked() and home.accessible_note.isVisible()
    kiosk.tap(home.pickup_button)
    kiosk.wait_for(Screen.PICKUP_CODE)
    large = text_sizes(pickup)
    assert large.keys() == normal.keys() and len(large) > 10
    assert {t: (normal[t], s) for t, s in large.items() if s < TEXT_SCALE * normal[t]} == {}

    # Three times the wait: 6 s, the last 3 counted down, with "Cần thêm thời gian"; 3 s of
    # quiet before it (1 s without the mode).
    kiosk.advance(2.9)
    assert not window.countdown.isVisible()
    kiosk.advance(0.1)
    assert window.countdown.isVisible()
    assert window.countdown_text.text().startswith("Về màn hình chính sau 3 giây.")
    assert window.more_time_button.isVisible()
    kiosk.tap(window.more_time_button)
    assert not window.countdown.isVisible() and kiosk.screen is Screen.PICKUP_CODE

    # Left alone, the kiosk goes home and is normal again for the next person.
    kiosk.advance(6)
    kiosk.wait_for(Screen.HOME)
    assert not kiosk.ui.flows.accessible.on and not home.accessible_button.isChecked()
    kiosk.tap(home.pickup_button)
    kiosk.wait_for(Screen.PICKUP_CODE)
    assert text_sizes(pickup) == normal


def test_in_the_accessible_mode_a_dropoff_opens_a_low_door(kiosk: Kiosk) -> None:
    code = kiosk.dossiers("awaiting_paper")[0]["dossier_code"]
    window = kiosk.ui.window
    low = {
        c.label for c in kiosk.runtime.settings.locker.compartments if c.height is HeightBand.LOW
    }
    kiosk.tap(window.get(HomeScreen).accessible_button)
    kiosk.tap(window.get(HomeScreen).dropoff_button)
    kiosk.wait_for(Screen.DROPOFF_CODE)
    assert kiosk.sims.scanner is not None
    kiosk.sims.scanner.scan(code)
    kiosk.wait_for(Screen.DROPOFF_SIZE)
    sizes = window.get(DropoffSizeScreen)
    assert sizes.low_note.text() == "Tủ sẽ mở một ô ở hàng dưới thấp, vừa tầm xe lăn."
    # Only the sizes the low row has (here: large), and "let the kiosk choose".
    offered = {s for s, b in sizes.sizes.items() if b.isVisible()}
    assert offered == {
        c.size for c in kiosk.runtime.settings.locker.compartments if c.label in low
    } | {None}
    kiosk.tap(sizes.sizes[None])  # the smallest free door would be high or middle otherwise
    kiosk.wait_for(Screen.DOOR_OPEN)
    assert kiosk.ui.flows.session.door in low
    assert window.get(DropoffCodeScreen).code == ""
