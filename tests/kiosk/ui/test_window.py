"""The kiosk window: who it is, and that nothing on the touch screen closes it in production."""

from __future__ import annotations

from PySide6.QtCore import QDateTime
from pytestqt.qtbot import QtBot

from kiosk.settings import Settings
from kiosk.ui.app import SCREEN_SIZE, qt_app
from kiosk.ui.i18n import Language, Languages
from kiosk.ui.machine import Screen
from kiosk.ui.screens.pickup import PhoneDigitsScreen
from kiosk.ui.window import CLOCK_FORMAT, KioskWindow


def test_header_and_footer_name_the_ward_and_the_hotline(qtbot: QtBot, settings: Settings) -> None:
    qt_app()
    window = KioskWindow(settings, Languages(Language.VI))
    qtbot.addWidget(window)
    assert window.brand.text() == settings.kiosk.name
    assert window.ward.text() == settings.kiosk.ward
    assert window.hotline.text() == f"Đường dây nóng: {settings.kiosk.hotline}"


def test_a_production_window_refuses_to_close(qtbot: QtBot, settings: Settings) -> None:
    qt_app()
    window = KioskWindow(settings, Languages(Language.VI))
    qtbot.addWidget(window)
    window.show()
    window.closable = False
    assert not window.close()
    assert window.isVisible()
    window.closable = True
    assert window.close()


def test_office_hours_follow_the_language(qtbot: QtBot, settings: Settings) -> None:
    qt_app()
    languages = Languages(Language.VI)
    window = KioskWindow(settings, languages)
    qtbot.addWidget(window)
    assert window.hours.text() == f"Giờ hành chính: {settings.kiosk.office_hours}"
    languages.set(Language.EN, "test")
    try:
        qtbot.waitUntil(
            lambda: window.hours.text() == f"Office hours: {settings.kiosk.office_hours_en}"
        )
    finally:
        languages.set(Language.VI, "test")


def test_the_clock_has_room_for_the_widest_day_name_in_both_languages(
    qtbot: QtBot, settings: Settings
) -> None:
    """ "Wednesday" in English, "Thứ Năm" in Vietnamese: whatever the day, the clock is not cut
    (the English home screen once showed "3 · Wednesday…")."""
    qt_app()
    languages = Languages(Language.VI)
    window = KioskWindow(settings, languages)
    qtbot.addWidget(window)
    window.resize(*SCREEN_SIZE)
    window.show()
    now = QDateTime.currentDateTime()
    try:
        for language in Language:
            languages.set(language, "test")
            qtbot.waitUntil(lambda lang=language: window.languages.current is lang)
            clock = window.clock
            metrics = clock.fontMetrics()
            for day in range(7):
                text = language.locale.toString(now.addDays(day), CLOCK_FORMAT)
                assert metrics.horizontalAdvance(text) <= clock.contentsRect().width(), text
            assert metrics.horizontalAdvance(clock.text()) <= clock.contentsRect().width()
    finally:
        languages.set(Language.VI, "test")


def test_the_digits_still_to_type_sit_at_the_middle_of_the_field(
    qtbot: QtBot, settings: Settings
) -> None:
    """The "_ _ _" of the phone's last digits sat low in its field: the empty slots are drawn
    at the digits' middle height, and so is the ink of each as a person sees it."""
    qt_app()
    window = KioskWindow(settings, Languages(Language.VI))
    qtbot.addWidget(window)
    window.resize(*SCREEN_SIZE)
    window.show()
    window.display(Screen.PHONE_DIGITS)
    view = window.get(PhoneDigitsScreen).field.view
    qtbot.waitUntil(view.isVisible)

    def ink_middle() -> float:
        """Where the field's dark ink is, up and down, from its middle (in its heights)."""
        image = view.grab().toImage()
        box = view.contentsRect()
        rows = [
            y
            for y in range(box.top(), box.bottom())
            if any(
                image.pixelColor(x, y).lightness() < 100 for x in range(box.left(), box.right(), 2)
            )
        ]
        assert rows, "nothing drawn in the field"
        return ((rows[0] + rows[-1]) / 2 - box.center().y()) / box.height()

    assert view.text() == "– – –"
    assert abs(ink_middle()) < 0.08
