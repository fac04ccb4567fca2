"""An on-screen keyboard for dossier codes (``000.00.07.H29-251123-0001``): digits, capital
letters, the dot and the dash. No lower case, no space: a code has neither.

``type_key`` puts the dots and dashes in by itself: the citizen types the letters and digits
printed on the slip, and a separator appears once a part is as long as it usually is. The
parts that may be one longer (``kiosk.domain.DOSSIER_CODE_PATTERN``) are typed by deleting
that separator and typing on; a dot or dash key ends a part early, and does nothing where a
separator already is.
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QPushButton, QWidget

from kiosk.ui.widgets.common import button
from kiosk.ui.widgets.keypad import delete_text

ROWS = ("1234567890", "QWERTYUIOP", "ASDFGHJKL.", "ZXCVBNM-")
MAX_CODE_LENGTH = 40


def fit_code(code: str) -> str:
    """``code`` cut to the longest a dossier code can be: a scan is cut, a key past it ignored."""
    return code[:MAX_CODE_LENGTH]


class _Part(NamedTuple):
    shortest: int  # a dot or dash key ends the part from this length on
    usual: int  # its length in almost every code: the separator follows by itself
    longest: int  # a key past it starts the next part
    then: str  # the separator after it ("" for the last part)


#: The agency's code (``000.00.07.H29``), the receipt date, the day's running number.
PARTS = (
    _Part(3, 3, 3, "."),
    _Part(2, 2, 3, "."),
    _Part(2, 2, 3, "."),
    _Part(2, 3, 3, "-"),
    _Part(6, 6, 6, "-"),
    _Part(4, 4, 6, ""),
)
SEPARATORS = frozenset(".-")


def type_key(code: str, char: str) -> str:
    """``code`` after the key ``char``, its separators put in by themselves."""
    index = sum(c in SEPARATORS for c in code)
    if index >= len(PARTS):
        return code  # not a code this keyboard typed (a scan): left as it is
    current = len(code) - max(code.rfind("."), code.rfind("-")) - 1
    part = PARTS[index]
    if char in SEPARATORS:
        return code + part.then if current >= part.shortest and part.then else code
    if current >= part.longest:
        if not part.then:
            return code  # the code is complete
        code, current, part = code + part.then, 0, PARTS[index + 1]
    code += char
    if part.then and current + 1 in (part.usual, part.longest):
        code += part.then
    return fit_code(code)


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
