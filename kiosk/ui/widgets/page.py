"""What every screen shares, citizen, staff or technician: its texts, its body, its buttons."""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget
from typing_extensions import override

from kiosk.settings import Settings


class Page(QWidget):
    """A screen: ``retranslate`` sets every text (again on every language change), ``reset``
    forgets; subclasses lay out ``body``."""

    #: Between the buttons of a ``button_row``.
    button_spacing: ClassVar[int]

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.body = QVBoxLayout(self)

    def retranslate(self) -> None:
        raise NotImplementedError

    def reset(self) -> None:
        """Forget what was typed or shown for the last person."""

    @override
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def button_row(self, *buttons: QPushButton) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(self.button_spacing)
        for b in buttons:
            row.addWidget(b)
        self.body.addLayout(row)
        return row
