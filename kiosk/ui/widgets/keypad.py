"""The large numeric keypad, and the field that shows the digits typed on it."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.ui.widgets.common import button, label


def delete_text() -> str:
    """What the delete key of the keypad and of the code keyboard says."""
    return QCoreApplication.translate("Keypad", "Xóa")


class NumericKeypad(QWidget):
    """1–9, delete, 0: phone-style, keys large enough for any finger."""

    digit = Signal(str)
    delete = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setSpacing(16)
        grid.setContentsMargins(0, 0, 0, 0)
        for n in range(1, 10):
            key = button("key", self)
            key.setText(str(n))
            key.clicked.connect(lambda _=False, d=str(n): self.digit.emit(d))
            grid.addWidget(key, (n - 1) // 3, (n - 1) % 3)
        zero = button("key", self)
        zero.setText("0")
        zero.clicked.connect(lambda: self.digit.emit("0"))
        grid.addWidget(zero, 3, 1)
        self.delete_key = button("key", self)
        self.delete_key.clicked.connect(self.delete.emit)
        grid.addWidget(self.delete_key, 3, 2)
        self.retranslate()

    def retranslate(self) -> None:
        self.delete_key.setText(delete_text())


def beside_keypad(column: QVBoxLayout, keypad: NumericKeypad) -> QHBoxLayout:
    """The entry ``column`` on the left and the keypad on the right, as every keypad screen has
    them."""
    row = QHBoxLayout()
    row.setSpacing(72)
    row.addLayout(column, 3)
    row.addWidget(keypad, 2)
    return row


# A digit still to type: an en dash sits at the digits' middle height ("_" sat low in the field).
EMPTY_SLOT = "–"


class DigitsField:
    """A fixed number of digits, shown in groups (``4821 3377`` as in the SMS), maskable."""

    def __init__(self, length: int, groups: tuple[int, ...], role: str = "code-field") -> None:
        self.length = length
        self.groups = groups
        self.digits = ""
        self.hidden = False
        self.view: QLabel = label(role, center=True, wrap=False)
        self._render()

    def add(self, digit: str) -> None:
        if len(self.digits) < self.length:
            self.digits += digit
            self._render()

    def delete(self) -> None:
        self.digits = self.digits[:-1]
        self._render()

    def clear(self) -> None:
        self.digits = ""
        self.hidden = False
        self._render()

    def toggle_hidden(self) -> None:
        self.hidden = not self.hidden
        self._render()

    @property
    def complete(self) -> bool:
        return len(self.digits) == self.length

    def _render(self) -> None:
        shown = "•" * len(self.digits) if self.hidden else self.digits
        slots = shown + EMPTY_SLOT * (self.length - len(shown))
        parts, start = [], 0
        for size in self.groups:
            parts.append(" ".join(slots[start : start + size]))
            start += size
        self.view.setText("   ".join(parts))
