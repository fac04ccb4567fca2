"""The UI's files: the font, the one stylesheet, the icons and the translation catalogue."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from kiosk.errors import EnvironmentProblem

log = logging.getLogger(__name__)

ASSETS = Path(__file__).resolve().parents[2] / "assets"
FONT_DIR = ASSETS / "fonts"
FONT_FILES = ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf")
FONT_FAMILY = "Noto Sans"
STYLESHEET = ASSETS / "style" / "kiosk.qss"
ICONS = ASSETS / "icons"
TRANSLATIONS = ASSETS / "translations"
# Body text size at 1080p; the stylesheet sets the larger sizes.
BASE_FONT_PX = 28


def icon_path(name: str) -> str:
    return str(ICONS / name)


def load_fonts() -> None:
    """Load the bundled Noto Sans so every machine shows the same Vietnamese letters."""
    for name in FONT_FILES:
        if QFontDatabase.addApplicationFont(str(FONT_DIR / name)) < 0:
            raise EnvironmentProblem(f"{FONT_DIR / name}: the font could not be loaded")


def stylesheet() -> str:
    try:
        return STYLESHEET.read_text(encoding="utf-8")
    except OSError as exc:
        raise EnvironmentProblem(f"{STYLESHEET}: cannot read the stylesheet: {exc}") from exc


def apply_style(app: QApplication) -> None:
    """The bundled font and the one stylesheet, for the whole application."""
    load_fonts()
    font = QFont(FONT_FAMILY)
    font.setPixelSize(BASE_FONT_PX)
    app.setFont(font)
    app.setStyleSheet(stylesheet())
