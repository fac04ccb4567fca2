"""The staff menu: load results, collect drop-offs, recall, the map; diagnostics for technicians."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from kiosk.settings import Settings
from kiosk.ui.staff.machine import StaffScreen
from kiosk.ui.staff.page import ChoicesPage


@dataclass(frozen=True)
class MenuCounts:
    """What waits for staff: shown on the menu's buttons."""

    free: int = 0
    dropoffs: int = 0
    recalls: int = 0
    alarms: int = 0


class MenuPage(ChoicesPage):
    kind = StaffScreen.MENU

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        targets = (
            StaffScreen.LOAD_SCAN,
            StaffScreen.COLLECT,
            StaffScreen.RECALL,
            StaffScreen.MAP,
            StaffScreen.TECH_MENU,
        )
        super().__init__(settings, targets, columns=2, spacing=28, parent=parent)
        self.counts = MenuCounts()
        self.technician = False
        self.retranslate()

    def show_menu(self, counts: MenuCounts, technician: bool) -> None:
        self.counts, self.technician = counts, technician
        self.buttons[StaffScreen.TECH_MENU].setVisible(technician)
        self.retranslate()

    def retranslate(self) -> None:
        c = self.counts
        self.title.setText(self.tr("Chọn việc cần làm"))
        texts = {
            StaffScreen.LOAD_SCAN: (
                self.tr("Nạp kết quả vào tủ"),
                self.tr("Còn %n ô trống", "", c.free),
            ),
            StaffScreen.COLLECT: (
                self.tr("Lấy hồ sơ đã nộp"),
                self.tr("%n ô có hồ sơ", "", c.dropoffs),
            ),
            StaffScreen.RECALL: (
                self.tr("Thu hồi kết quả quá hạn"),
                self.tr("%n kết quả cần thu hồi", "", c.recalls),
            ),
            StaffScreen.MAP: (self.tr("Sơ đồ tủ"), self.tr("Xem từng ô, tạm ngưng phục vụ")),
            StaffScreen.TECH_MENU: (
                self.tr("Chế độ chẩn đoán"),
                self.tr("%n cảnh báo đang mở", "", c.alarms),
            ),
        }
        self.set_choices(texts)
