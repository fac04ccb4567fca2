"""The diagnostics menu: every part of the kiosk with a one-line state."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QWidget

from kiosk.settings import Settings
from kiosk.ui.staff.machine import StaffScreen
from kiosk.ui.staff.page import StaffPage
from kiosk.ui.widgets.common import ChoiceButton


@dataclass(frozen=True)
class TechSummary:
    boards_online: int = 0
    boards: int = 0
    printer_ready: bool | None = None
    scanner_online: bool | None = None
    sync_online: bool = False
    outbox_pending: int = 0
    alarms: int = 0


class TechMenuPage(StaffPage):
    kind = StaffScreen.TECH_MENU

    chosen = Signal(object)  # StaffScreen

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(settings, parent)
        self.summary = TechSummary()
        self.buttons: dict[StaffScreen, ChoiceButton] = {}
        grid = QGridLayout()
        grid.setSpacing(24)
        targets = (
            StaffScreen.TECH_DOORS,
            StaffScreen.TECH_PRINTER,
            StaffScreen.TECH_SCANNER,
            StaffScreen.TECH_SYNC,
            StaffScreen.TECH_ALARMS,
            StaffScreen.TECH_LOGS,
        )
        for n, target in enumerate(targets):
            b = ChoiceButton("staff-choice", self)
            b.clicked.connect(lambda _=False, t=target: self.chosen.emit(t))
            grid.addWidget(b, n // 3, n % 3)
            self.buttons[target] = b
        self.body.addLayout(grid)
        self.body.addStretch(1)
        self.retranslate()

    def show_summary(self, summary: TechSummary) -> None:
        self.summary = summary
        self.retranslate()

    def retranslate(self) -> None:
        s = self.summary
        self.title.setText(self.tr("Chế độ chẩn đoán"))

        def state(ok: bool | None, good: str, bad: str) -> str:
            return self.tr("Không rõ") if ok is None else (good if ok else bad)

        texts = {
            StaffScreen.TECH_DOORS: (
                self.tr("Cửa và bo mạch khóa"),
                self.tr("{online}/{total} bo mạch trực tuyến").format(
                    online=s.boards_online, total=s.boards
                ),
            ),
            StaffScreen.TECH_PRINTER: (
                self.tr("Máy in"),
                state(s.printer_ready, self.tr("Sẵn sàng"), self.tr("Chưa sẵn sàng")),
            ),
            StaffScreen.TECH_SCANNER: (
                self.tr("Máy quét"),
                state(s.scanner_online, self.tr("Đang hoạt động"), self.tr("Không hoạt động")),
            ),
            StaffScreen.TECH_SYNC: (
                self.tr("Đồng bộ"),
                (self.tr("Trực tuyến") if s.sync_online else self.tr("Mất kết nối"))
                + " · "
                + self.tr("%n sự kiện chờ gửi", "", s.outbox_pending),
            ),
            StaffScreen.TECH_ALARMS: (
                self.tr("Cảnh báo"),
                self.tr("%n cảnh báo đang mở", "", s.alarms),
            ),
            StaffScreen.TECH_LOGS: (
                self.tr("Nhật ký"),
                self.tr("Xem, xuất ra USB, kiểm tra nhật ký kiểm toán"),
            ),
        }
        for target, (title, detail) in texts.items():
            self.buttons[target].set_texts(title, detail)
