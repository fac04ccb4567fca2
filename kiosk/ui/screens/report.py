"""After "Báo sự cố" at an open door: staff know, here is the incident slip, close the door."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from drivers.interfaces import Receipt
from kiosk.settings import Settings
from kiosk.ui.machine import Screen
from kiosk.ui.screens.base import NoticeScreen
from kiosk.ui.widgets.paper import PaperReceipt


class ReportSentScreen(NoticeScreen):
    kind = Screen.REPORT_SENT

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(settings, parent, title_role="good")
        self.compartment = ""
        self.printed = True
        self.paper = PaperReceipt(self)
        self.paper.hide()
        self.middle.addWidget(self.paper, 1)
        self.back = self.home_button("primary")
        self.button_row(self.back)
        self.retranslate()

    def show_report(self, compartment: str) -> None:
        self.compartment = compartment
        self.printed = True
        self.paper.hide()
        self.retranslate()

    def show_unprinted(self, receipt: Receipt) -> None:
        """The incident slip could not be printed: show it."""
        self.printed = False
        self.paper.show_receipt(receipt)
        self.paper.show()
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
