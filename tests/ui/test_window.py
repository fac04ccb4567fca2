"""The kiosk window: who it is, and that nothing on the touch screen closes it in production."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from kiosk.settings import Settings
from kiosk.ui.app import qt_app
from kiosk.ui.i18n import Language, Languages
from kiosk.ui.window import KioskWindow


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
