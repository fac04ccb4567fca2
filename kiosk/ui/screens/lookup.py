"""Looking up a dossier's state at the central system."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from kiosk.settings import Settings
from kiosk.ui.machine import Screen
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.screens.codes import CodeEntryScreen
from kiosk.ui.widgets.common import button, label


class LookupCodeScreen(CodeEntryScreen):
    kind = Screen.LOOKUP_CODE

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(settings, parent)
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        self.title.setText(self.tr("Tra cứu hồ sơ"))
        self.instruction.setText(self.tr("Quét mã QR trên phiếu hẹn, hoặc nhập mã hồ sơ:"))


class Found(StrEnum):
    FOUND = "found"
    NOT_FOUND = "not_found"
    OFFLINE = "offline"


class LookupResultScreen(KioskScreen):
    kind = Screen.LOOKUP_RESULT

    again = Signal()

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(settings, parent)
        self.found = Found.OFFLINE
        self.dossier_code = ""
        self.procedure = ""
        self.state = "unknown"
        self.appointment: datetime | None = None
        self.title = label("title", self)
        self.card = QFrame(self)
        self.card.setProperty("role", "card")
        card = QVBoxLayout(self.card)
        card.setContentsMargins(40, 28, 40, 28)
        card.setSpacing(16)
        self.code_line = label("body", self.card)
        self.procedure_line = label("body", self.card)
        self.state_line = label("state", self.card)
        self.appointment_line = label("body", self.card)
        self.advice = label("body", self.card)
        for w in (
            self.code_line,
            self.procedure_line,
            self.state_line,
            self.appointment_line,
            self.advice,
        ):
            card.addWidget(w)
        self.again_button = button("primary", self)
        self.again_button.clicked.connect(self.again.emit)
        self.back = self.home_button()
        self.body.addStretch(1)
        self.body.addWidget(self.title)
        self.body.addWidget(self.card)
        self.body.addStretch(2)
        self.button_row(self.again_button, self.back)
        self.retranslate()

    def show_found(
        self, dossier_code: str, procedure: str, state: str, appointment: datetime | None
    ) -> None:
        self.found = Found.FOUND
        self.dossier_code, self.procedure, self.state = dossier_code, procedure, state
        self.appointment = appointment
        self.retranslate()

    def show_missing(self, dossier_code: str, found: Found) -> None:
        self.found = found
        self.dossier_code = dossier_code
        self.retranslate()

    def retranslate(self) -> None:
        self.again_button.setText(self.tr("Tra cứu mã khác"))
        self.back.setText(self.tr("Về màn hình chính"))
        self.code_line.setText(self.tr("Mã hồ sơ: {code}").format(code=self.dossier_code))
        found = self.found is Found.FOUND
        self.advice.setVisible(True)
        for w in (self.procedure_line, self.state_line, self.appointment_line):
            w.setVisible(found)
        if self.found is Found.OFFLINE:
            self.title.setText(self.tr("Chưa tra cứu được"))
            self.advice.setText(
                self.tr(
                    "Hiện không kết nối được với hệ thống một cửa điện tử. Vui lòng thử lại sau,"
                    " hoặc gọi Đường dây nóng {hotline}."
                ).format(hotline=self.hotline)
            )
            return
        if self.found is Found.NOT_FOUND:
            self.title.setText(self.tr("Không tìm thấy hồ sơ"))
            self.advice.setText(
                self.tr("Không có hồ sơ với mã này. Vui lòng kiểm tra lại mã trên phiếu hẹn.")
            )
            return
        self.title.setText(self.tr("Tình trạng hồ sơ"))
        self.procedure_line.setText(self.procedure)
        self.state_line.setText(self.tr("Tình trạng: {state}").format(state=self._state_text()))
        self.appointment_line.setVisible(self.appointment is not None)
        if self.appointment is not None:
            self.appointment_line.setText(
                self.tr("Ngày hẹn trả kết quả: {date}").format(
                    date=f"{self.appointment:%d/%m/%Y %H:%M}"
                )
            )
        self.advice.setText(
            self.tr("Khi có kết quả, Ông/Bà sẽ nhận mã OTP qua tin nhắn SMS để nhận tại tủ.")
            if self.state in ("received", "processing", "awaiting_paper")
            else ""
        )
        self.advice.setVisible(bool(self.advice.text()))

    def _state_text(self) -> str:
        return {
            "awaiting_paper": self.tr("Đang chờ nộp hồ sơ giấy"),
            "received": self.tr("Đã tiếp nhận hồ sơ"),
            "processing": self.tr("Đang giải quyết"),
            "result_ready": self.tr("Đã có kết quả"),
            "picked_up": self.tr("Đã trả kết quả"),
        }.get(self.state, self.tr("Chưa rõ tình trạng"))
