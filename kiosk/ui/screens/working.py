"""Please wait: the kiosk opens a door or asks the central system.

The wait has a deadline (``timeouts.working_s``): a door command or a look-up that never
answers must not leave a citizen in front of a spinner; the flows then say so and offer home.
"""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from kiosk.settings import Settings
from kiosk.ui.machine import Screen
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.timers import Timer
from kiosk.ui.widgets.common import label


class Task(StrEnum):
    CHECK_CODE = "check_code"
    CHECK_DOSSIER = "check_dossier"
    OPEN_DOOR = "open_door"
    LOOKUP = "lookup"


class WorkingScreen(KioskScreen):
    kind = Screen.WORKING

    #: The task has not finished within ``timeouts.working_s``.
    overdue = Signal()

    def idle_applies(self) -> bool:
        return False

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(settings, parent)
        self.task = Task.CHECK_CODE
        self.title = label("title", self, center=True)
        self.detail = label("subtitle", self, center=True)
        self.body.addStretch(1)
        self.body.addWidget(self.title)
        self.body.addWidget(self.detail)
        self.body.addStretch(1)
        self._deadline = Timer(self, slot=self.overdue.emit)
        self.retranslate()

    def show_task(self, task: Task) -> None:
        """Shown for ``task`` from now on: the deadline starts again."""
        self.task = task
        self.retranslate()
        self._deadline.start(int(self.settings.timeouts.working_s * 1000))

    def reset(self) -> None:
        self._deadline.stop()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Vui lòng chờ trong giây lát…"))
        self.detail.setText(
            {
                Task.CHECK_CODE: self.tr("Đang kiểm tra mã và mở ô tủ."),
                Task.CHECK_DOSSIER: self.tr("Đang kiểm tra mã hồ sơ với hệ thống một cửa điện tử."),
                Task.OPEN_DOOR: self.tr("Đang mở ô tủ."),
                Task.LOOKUP: self.tr("Đang tra cứu hồ sơ."),
            }[self.task]
        )
