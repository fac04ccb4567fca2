"""After "Báo sự cố" at an open door: staff know, here is the incident slip, close the door."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from kiosk.settings import Settings
from kiosk.ui.machine import Screen
from kiosk.ui.screens.base import IncidentSlipScreen


class ReportSentScreen(IncidentSlipScreen):
    kind = Screen.REPORT_SENT

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(settings, parent, title_role="good")
        self.compartment = ""
        self.retranslate()

    def show_report(self, compartment: str) -> None:
        self.compartment = compartment
        self.expect_slip()
        self.retranslate()

    def retranslate(self) -> None:
        slip = (
            self.tr("Nhận phiếu ghi nhận sự cố ở khe máy in.")
            if self.printed
            else self.tr("Chụp ảnh phiếu ghi nhận sự cố bên phải bằng điện thoại.")
        )
        self.show_notice(
            self.tr("Đã báo sự cố cho cán bộ"),
            self.tr("Vui lòng đóng cửa ô tủ {label}. Cán bộ sẽ kiểm tra ô tủ này.").format(
                label=self.compartment
            ),
            [slip, self.counter_step(), self.hotline_step()],
        )
        self.back.setText(self.tr("Về màn hình chính"))
