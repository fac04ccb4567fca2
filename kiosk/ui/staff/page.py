"""What every staff and technician screen shares, and the few widgets they are built from."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from typing import ClassVar

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.clock import minutes_left
from kiosk.services.staff_auth import PIN_MAX_DIGITS, PIN_MIN_DIGITS
from kiosk.settings import CompartmentConfig, Settings
from kiosk.ui.staff.machine import StaffScreen
from kiosk.ui.widgets.common import ChoiceButton, button, label, set_role
from kiosk.ui.widgets.keypad import NumericKeypad, beside_keypad
from kiosk.ui.widgets.page import Page


class StaffPage(Page):
    """A screen of the staff console, under its title."""

    kind: ClassVar[StaffScreen]
    button_spacing = 24

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(settings, parent)
        self.body.setContentsMargins(0, 0, 0, 0)
        self.body.setSpacing(20)
        self.title = label("staff-title", self)
        self.body.addWidget(self.title)

    def staff_button(self, role: str = "staff") -> QPushButton:
        return button(role, self)


class ChoicesPage(StaffPage):
    """A grid of large buttons, each leading to a screen; subclasses set their texts."""

    chosen = Signal(object)  # StaffScreen

    def __init__(
        self,
        settings: Settings,
        targets: Sequence[StaffScreen],
        columns: int,
        spacing: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(settings, parent)
        self.buttons: dict[StaffScreen, ChoiceButton] = {}
        grid = QGridLayout()
        grid.setSpacing(spacing)
        for n, target in enumerate(targets):
            b = ChoiceButton("staff-choice", self)
            b.clicked.connect(lambda _=False, t=target: self.chosen.emit(t))
            grid.addWidget(b, n // columns, n % columns)
            self.buttons[target] = b
        self.body.addLayout(grid)
        self.body.addStretch(1)

    def set_choices(self, texts: Mapping[StaffScreen, tuple[str, str]]) -> None:
        """Each button's title and the line under it."""
        for target, (title, detail) in texts.items():
            self.buttons[target].set_texts(title, detail)


class PinField:
    """The PIN as dots: how many digits were typed, never which."""

    def __init__(self) -> None:
        self.pin = ""
        self.view: QLabel = label("code-field-small", center=True, wrap=False)
        self._render()

    def add(self, digit: str) -> None:
        if len(self.pin) < PIN_MAX_DIGITS:
            self.pin += digit
            self._render()

    def delete(self) -> None:
        self.pin = self.pin[:-1]
        self._render()

    def clear(self) -> None:
        self.pin = ""
        self._render()

    @property
    def complete(self) -> bool:
        return len(self.pin) >= PIN_MIN_DIGITS

    def _render(self) -> None:
        self.view.setText(" ".join("•" * len(self.pin)) or " ")


class PinEntry(QObject):
    """The PIN typed beside the keypad, as sign-in and the PIN asked again both show it: an
    instruction, the dots, why the last try was refused, then ``confirm`` and ``cancel``. The
    holder wires the buttons and sets the texts; ``typed`` runs after every key, and a digit
    counts only while ``may_type`` says so."""

    def __init__(
        self,
        parent: QWidget,
        confirm: QPushButton,
        cancel: QPushButton,
        typed: Callable[[], None],
        may_type: Callable[[], bool] = lambda: True,
    ) -> None:
        super().__init__(parent)
        self._typed, self._may_type = typed, may_type
        self.instruction = label("staff-subtitle", parent)
        self.message = label("staff-bad", parent)
        self.field = PinField()
        self.keypad = NumericKeypad(parent)
        self.keypad.digit.connect(self._digit)
        self.keypad.delete.connect(self._delete)
        left = QVBoxLayout()
        left.setSpacing(24)
        left.addWidget(self.instruction)
        left.addWidget(self.field.view)
        left.addWidget(self.message)
        left.addStretch(1)
        left.addWidget(confirm)
        left.addWidget(cancel)
        self.layout = beside_keypad(left, self.keypad)

    def _digit(self, digit: str) -> None:
        if self._may_type():
            self.field.add(digit)
            self._typed()

    def _delete(self) -> None:
        self.field.delete()
        self._typed()

    def retry_after(self, wait_s: float) -> str:
        """When a refused PIN may be tried again: whole seconds rounded up, then minutes."""
        if wait_s < 60:
            return self.tr("Thử lại sau %n giây.", "", max(int(wait_s + 0.999), 1))
        return self.tr("Thử lại sau %n phút.", "", minutes_left(wait_s))


class RowList(QScrollArea):
    """A scrolling list of rows: what each row shows is up to the screen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "staff-list")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        inner = QWidget(self)
        inner.setObjectName("StaffListInner")
        self._rows = QVBoxLayout(inner)
        self._rows.setContentsMargins(0, 0, 0, 0)
        self._rows.setSpacing(12)
        self._rows.addStretch(1)
        self.setWidget(inner)
        self.empty = label("staff-small", inner)
        self._rows.insertWidget(0, self.empty)

    def clear(self) -> None:
        while self._rows.count() > 2:
            item = self._rows.takeAt(1)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()  # at once: the deletion waits for the event loop
                widget.deleteLater()

    def add(self, row: QWidget) -> None:
        self._rows.insertWidget(self._rows.count() - 1, row)

    def set_empty_text(self, text: str) -> None:
        self.empty.setText(text)

    def show_empty(self, empty: bool) -> None:
        self.empty.setVisible(empty)


class Row(QFrame):
    """One line of a list: texts on the left, buttons on the right."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "staff-row")
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(24, 10, 16, 10)
        self._layout.setSpacing(20)

    def text(
        self, text: str, role: str = "staff-text", stretch: int = 0, *, wrap: bool = True
    ) -> QLabel:
        part = label(role, self, wrap=wrap)
        part.setText(text)
        self._layout.addWidget(part, stretch)
        return part

    def action(self, text: str, role: str = "staff") -> QPushButton:
        b = button(role, self)
        b.setText(text)
        b.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self._layout.addWidget(b)
        return b


class DoorGrid(QFrame):
    """Every door as a button, in the locker's columns and rows; its role says its state."""

    tapped = Signal(str)

    def __init__(
        self, compartments: Sequence[CompartmentConfig], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setProperty("role", "locker")
        self.doors: dict[str, QPushButton] = {}
        columns: dict[int, list[CompartmentConfig]] = defaultdict(list)
        for c in compartments:
            columns[c.column].append(c)
        grid = QGridLayout(self)
        grid.setContentsMargins(8, 8, 8, 8)
        grid.setSpacing(6)
        for x, number in enumerate(sorted(columns)):
            for y, c in enumerate(sorted(columns[number], key=lambda c: c.row)):
                door = button("door-free", self)
                door.setText(c.label)
                door.clicked.connect(lambda _=False, name=c.label: self.tapped.emit(name))
                grid.addWidget(door, y, x)
                self.doors[c.label] = door

    def set_door(self, name: str, text: str, role: str, enabled: bool = True) -> None:
        door = self.doors.get(name)
        if door is None:
            return
        door.setText(text)
        door.setEnabled(enabled)
        if door.property("role") != role:
            set_role(door, role)
