"""Please wait: the kiosk opens a door or asks the central system."""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtWidgets import QWidget

from kiosk.settings import Settings
from kiosk.ui.machine import Screen
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.widgets.common import label


class Task(StrEnum):
    CHECK_CODE = "check_code"
    CHECK_DOSSIER = "check_dossier"
    OPEN_DOOR = "open_door"
    LOOKUP = "lookup"


class WorkingScreen(KioskScreen):
    kind = Screen.WORKING

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
        self.retranslate()

    def show_task(self, task: Task) -> None:
        self.task = task
        self.retranslate()

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
