"""Every door: live sensors, jam and forced-open counts, a pulse to test it; the boards' health."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QWidget

from drivers.interfaces import BoardStatus
from kiosk.services.diagnostics import DoorCounts
from kiosk.settings import Settings
from kiosk.ui.staff.machine import StaffScreen
from kiosk.ui.staff.page import DoorGrid, StaffPage
from kiosk.ui.staff.screens.pin_prompt import PinPrompt
from kiosk.ui.widgets.common import label


class Pulse(StrEnum):
    SENT = "sent"
    OPENED = "opened"
    JAMMED = "jammed"
    REFUSED = "refused"  # the door has a command in progress, or the board is offline


class TechDoorsPage(StaffPage):
    kind = StaffScreen.TECH_DOORS

    pulse = Signal(str)
    pulse_all = Signal()

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(settings, parent)
        self.places = {c.label: (c.board, c.lock) for c in settings.locker.compartments}
        self.readings: Mapping[int, BoardStatus | str] = {}
        self.health: Mapping[str, Any] = {}
        self.counts: Mapping[str, DoorCounts] = {}
        self.pulses: dict[str, Pulse] = {}
        self.boards = label("staff-small", self)
        self.grid = DoorGrid(settings.locker.compartments, self)
        self.grid.setProperty("role", "locker-tech")
        self.grid.tapped.connect(self.pulse.emit)
        self.all_button = self.staff_button()
        self.all_button.clicked.connect(self.pulse_all.emit)
        self.all_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.body.removeWidget(self.title)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.all_button)
        self.body.addLayout(top)
        self.body.addWidget(self.boards)
        self.body.addWidget(self.grid, 1)
        # "Mở thử lần lượt tất cả" opens every door: the PIN first (kiosk/ui/staff/jobs.py).
        self.prompt = PinPrompt(self)
        self.prompt.cancelled.connect(self.close_prompt)
        self.body.addWidget(self.prompt, 1)
        self.retranslate()

    def reset(self) -> None:
        self.pulses = {}
        self.close_prompt()

    def ask_pin(self) -> None:
        for part in (self.all_button, self.boards, self.grid):
            part.hide()
        self.prompt.ask()

    def close_prompt(self) -> None:
        self.prompt.hide()
        for part in (self.all_button, self.boards, self.grid):
            part.show()

    def show_readings(
        self,
        readings: Mapping[int, BoardStatus | str],
        health: Mapping[str, Any],
        counts: Mapping[str, DoorCounts],
    ) -> None:
        self.readings, self.health, self.counts = readings, health, counts
        self.retranslate()

    def show_pulse(self, compartment: str, pulse: Pulse) -> None:
        self.pulses[compartment] = pulse
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Cửa và bo mạch khóa: chạm vào một ô để mở thử"))
        self.all_button.setText(self.tr("Mở thử lần lượt tất cả"))
        self.boards.setText(
            "     ".join(self._board_line(b) for b in self.health.get("boards", []))
        )
        for name, (board, lock) in self.places.items():
            text, role = self._door(name, self.readings.get(board), lock)
            self.grid.set_door(name, text, role)

    def _board_line(self, b: Mapping[str, Any]) -> str:
        state = {
            "online": self.tr("trực tuyến"),
            "offline": self.tr("MẤT KẾT NỐI"),
            "unknown": self.tr("chưa liên lạc"),
        }.get(b.get("state", ""), self.tr("chưa liên lạc"))
        return self.tr(
            "Bo mạch {board}: {state} · lỗi khung {errors} · không trả lời {timeouts}"
        ).format(
            board=b.get("board"),
            state=state,
            errors=b.get("frame_errors", 0),
            timeouts=b.get("timeouts", 0),
        )

    def _door(self, name: str, reading: BoardStatus | str | None, lock: int) -> tuple[str, str]:
        counts = self.counts.get(name, DoorCounts())
        faults = self.tr("kẹt {jams}, cạy {forced}").format(jams=counts.jams, forced=counts.forced)
        pulse = self.pulses.get(name)
        if isinstance(reading, BoardStatus):
            state = reading.lock(lock)
            door = self.tr("đóng") if state.closed else self.tr("MỞ")
            item = {None: "", True: " · " + self.tr("có đồ"), False: " · " + self.tr("trống")}[
                state.item
            ]
            role = "door-free" if state.closed else "door-open"
        else:
            door, item, role = self.tr("không đọc được"), "", "door-oos"
        if pulse is Pulse.JAMMED:
            role = "door-oos"
        mark = {
            None: "",
            Pulse.SENT: " · " + self.tr("đang mở"),
            Pulse.OPENED: " · " + self.tr("mở được ✓"),
            Pulse.JAMMED: " · " + self.tr("KẸT"),
            Pulse.REFUSED: " · " + self.tr("không mở"),
        }[pulse]
        return f"{name} · {door}{item}{mark} · {faults}", role
