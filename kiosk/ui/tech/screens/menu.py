"""The diagnostics menu: every part of the kiosk with a one-line state."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from kiosk.settings import Settings
from kiosk.ui.staff.machine import StaffScreen
from kiosk.ui.staff.page import ChoicesPage


@dataclass(frozen=True)
class TechSummary:
    boards_online: int = 0
    boards: int = 0
    printer_ready: bool | None = None
    scanner_online: bool | None = None
    sync_online: bool = False
    outbox_pending: int = 0
    alarms: int = 0


class TechMenuPage(ChoicesPage):
    kind = StaffScreen.TECH_MENU

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        targets = (
            StaffScreen.TECH_DOORS,
            StaffScreen.TECH_PRINTER,
            StaffScreen.TECH_SCANNER,
            StaffScreen.TECH_SYNC,
            StaffScreen.TECH_ALARMS,
            StaffScreen.TECH_LOGS,
            StaffScreen.TECH_COMMISSION,
        )
        super().__init__(settings, targets, columns=3, spacing=24, parent=parent)
        self.summary = TechSummary()
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
            StaffScreen.TECH_COMMISSION: (
                self.tr("Lắp đặt tủ"),
                self.tr("Dò bo mạch, cửa, máy in, máy quét; ghi cấu hình"),
            ),
        }
        self.set_choices(texts)
