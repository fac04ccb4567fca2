"""A picture of the locker's front, drawn from the configured layout, one door highlighted.

Each column of the configuration is a column of doors; a door's height follows its size, so
the picture looks like the cabinet the citizen stands in front of.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from kiosk.domain import Size
from kiosk.settings import CompartmentConfig

_STRETCH = {Size.S: 2, Size.M: 3, Size.L: 4}


class LockerMap(QFrame):
    def __init__(
        self, compartments: Sequence[CompartmentConfig], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setProperty("role", "locker")
        self.doors: dict[str, QLabel] = {}
        columns: dict[int, list[CompartmentConfig]] = defaultdict(list)
        for c in compartments:
            columns[c.column].append(c)
        row = QHBoxLayout(self)
        row.setContentsMargins(16, 16, 16, 16)
        row.setSpacing(12)
        for number in sorted(columns):
            column = QVBoxLayout()
            column.setSpacing(8)
            for c in sorted(columns[number], key=lambda c: c.row):
                door = QLabel(c.label, self)
                door.setAlignment(Qt.AlignmentFlag.AlignCenter)
                door.setProperty("role", "door")
                door.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
                door.setMinimumSize(90, 40)
                column.addWidget(door, _STRETCH[c.size])
                self.doors[c.label] = door
            row.addLayout(column)
        self.target: str | None = None

    def highlight(self, label: str | None) -> None:
        """Show ``label`` as the door to use (None: no door)."""
        for name, door in self.doors.items():
            role = "door-target" if name == label else "door"
            if door.property("role") != role:
                door.setProperty("role", role)
                door.style().unpolish(door)
                door.style().polish(door)
        self.target = label
