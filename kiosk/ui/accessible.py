"""The accessible mode ("Hỗ trợ" on the home screen), for one citizen: larger text, longer
timeouts, and drop-off only into the low row of doors (within reach of a wheelchair).

It lasts until the citizen leaves (idle, or the end of their session), like the language they
chose. Larger text is the one stylesheet with every font size scaled, set on the citizen
screens (a widget's own stylesheet wins over the application's), so nothing else needs to know.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Sequence

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from kiosk.ui.assets import BASE_FONT_PX, stylesheet

log = logging.getLogger(__name__)

TEXT_SCALE = 1.5
TIME_SCALE = 3.0
_FONT_SIZE = re.compile(r"font-size:\s*(\d+)px")


def scaled_stylesheet(qss: str, factor: float) -> str:
    """``qss`` with every ``font-size`` multiplied by ``factor`` (rounded up, so never less),
    and the text that has no size of its own (the application font) scaled too."""

    def scale(match: re.Match[str]) -> str:
        return f"font-size: {math.ceil(int(match.group(1)) * factor)}px"

    base = f"QWidget {{ font-size: {math.ceil(BASE_FONT_PX * factor)}px; }}\n"
    return base + _FONT_SIZE.sub(scale, qss)


class AccessibleMode(QObject):
    """On or off for the citizen at the kiosk; ``set`` is the one way to change it."""

    changed = Signal(bool)

    def __init__(self, widgets: Sequence[QWidget], parent: QObject | None = None) -> None:
        """``widgets``: what grows (the citizen screens and the idle countdown; not the staff
        console, nor the header and footer, which would leave the screens no room)."""
        super().__init__(parent)
        self._widgets = tuple(widgets)
        self._on = False
        self._sheet = ""

    @property
    def on(self) -> bool:
        return self._on

    def seconds(self, configured: float) -> float:
        """A configured wait as it applies now (three times longer in the accessible mode)."""
        return configured * TIME_SCALE if self._on else configured

    def set(self, on: bool, why: str) -> None:
        if on is self._on:
            return
        log.info("accessible mode %s → %s (%s)", self._label(self._on), self._label(on), why)
        self._on = on
        sheet = self._large() if on else ""
        for widget in self._widgets:
            widget.setStyleSheet(sheet)
        self.changed.emit(on)

    def _large(self) -> str:
        if not self._sheet:
            self._sheet = scaled_stylesheet(stylesheet(), TEXT_SCALE)
        return self._sheet

    @staticmethod
    def _label(on: bool) -> str:
        return "on" if on else "off"
