"""An on-screen keyboard for dossier codes (``000.00.07.H29-251123-0001``): digits, capital
letters, the dot and the dash. No lower case, no space: a code has neither."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QPushButton, QWidget

from kiosk.ui.widgets.common import button
from kiosk.ui.widgets.keypad import delete_text

ROWS = ("1234567890", "QWERTYUIOP", "ASDFGHJKL.", "ZXCVBNM-")
MAX_CODE_LENGTH = 40


def fit_code(code: str) -> str:
    """``code`` cut to the longest a dossier code can be: a scan is cut, a key past it ignored."""
    return code[:MAX_CODE_LENGTH]


class CodeKeyboard(QWidget):
    key = Signal(str)
    delete = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setSpacing(12)
        grid.setContentsMargins(0, 0, 0, 0)
        for r, row in enumerate(ROWS):
            for c, char in enumerate(row):
                key = button("codekey", self)
                key.setText(char)
                key.clicked.connect(lambda _=False, ch=char: self.key.emit(ch))
                grid.addWidget(key, r, c)
        self.delete_key: QPushButton = button("codekey", self)
        self.delete_key.clicked.connect(self.delete.emit)
        grid.addWidget(self.delete_key, 3, 8, 1, 2)
        self.retranslate()

    def retranslate(self) -> None:
        self.delete_key.setText(delete_text())
