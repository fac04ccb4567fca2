"""After the door closed: take the printed receipt, or read it off the screen."""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from drivers.interfaces import Receipt
from kiosk.settings import Settings
from kiosk.ui.machine import Screen
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.widgets.common import button, label
from kiosk.ui.widgets.paper import PaperReceipt


class Done(StrEnum):
    PICKED_UP = "picked_up"
    DROPPED_OFF = "dropped_off"


class TakeReceiptScreen(KioskScreen):
    kind = Screen.TAKE_RECEIPT

    next = Signal()
    another = Signal()

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(settings, parent)
        self.done = Done.PICKED_UP
        self.dossier_code = ""
        self.title = label("good", self)
        self.message = label("subtitle", self)
        self.take = label("instruction", self)
        self.continue_button = button("primary", self)
        self.continue_button.clicked.connect(self.next.emit)
        self.another_button = button("", self)
        self.another_button.clicked.connect(self.another.emit)
        self.body.addStretch(1)
        for w in (self.title, self.message, self.take):
            self.body.addWidget(w)
        self.body.addStretch(1)
        self.button_row(self.another_button, self.continue_button)
        self.retranslate()

    def show_done(self, done: Done, dossier_code: str) -> None:
        self.done = done
        self.dossier_code = dossier_code
        self.retranslate()

    def retranslate(self) -> None:
        if self.done is Done.PICKED_UP:
            self.title.setText(self.tr("Ông/Bà đã nhận kết quả"))
            self.message.setText(self.tr("Hồ sơ {code}.").format(code=self.dossier_code))
            self.take.setText(self.tr("Vui lòng nhận phiếu nhận kết quả ở khe máy in."))
        else:
            self.title.setText(self.tr("Đã nộp hồ sơ vào tủ"))
            self.message.setText(
                self.tr(
                    "Hồ sơ {code} đã được nộp. Cán bộ sẽ nhận hồ sơ trong giờ hành chính."
                ).format(code=self.dossier_code)
            )
            self.take.setText(self.tr("Vui lòng nhận phiếu tiếp nhận hồ sơ ở khe máy in."))
        self.continue_button.setText(self.tr("Tiếp tục"))
        # Several results, each with its own code: the next one without going home.
        self.another_button.setText(self.tr("Nhận kết quả khác"))
        self.another_button.setVisible(self.done is Done.PICKED_UP)


class ReceiptOnScreenScreen(KioskScreen):
    """The printer is out of paper (or broken): the receipt's QR and text, to photograph."""

    kind = Screen.RECEIPT_ON_SCREEN

    next = Signal()

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(settings, parent)
        self.paper_out = True
        self.title = label("danger", self)
        self.message = label("subtitle", self)
        self.paper = PaperReceipt(self)
        self.continue_button = button("primary", self)
        self.continue_button.clicked.connect(self.next.emit)
        for w in (self.title, self.message, self.paper):
            self.body.addWidget(w)
        self.body.addStretch(1)
        self.body.addWidget(self.continue_button)
        self.retranslate()

    def show_receipt(self, receipt: Receipt, paper_out: bool) -> None:
        self.paper_out = paper_out
        self.paper.show_receipt(receipt)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(
            self.tr("Máy in hết giấy") if self.paper_out else self.tr("Máy in đang gặp sự cố")
        )
        self.message.setText(
            self.tr(
                "Không in được phiếu. Vui lòng chụp ảnh màn hình này bằng điện thoại"
                " để lưu thông tin."
            )
        )
        self.continue_button.setText(self.tr("Tiếp tục"))
