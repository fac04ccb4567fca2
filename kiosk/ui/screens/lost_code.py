""" "Không nhận được mã?": the dossier code (scanned from the appointment slip or typed), the
phone's last digits, and the same answer whether or not the dossier exists."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from kiosk.clock import minutes_left
from kiosk.settings import Settings
from kiosk.ui.machine import Screen
from kiosk.ui.screens.base import NoticeScreen
from kiosk.ui.screens.codes import CodeEntryScreen
from kiosk.ui.screens.pickup import PHONE_DIGITS, DigitsEntryScreen
from kiosk.ui.widgets.common import button


class LostCodeScreen(CodeEntryScreen):
    kind = Screen.LOST_CODE

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(settings, parent)
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        self.title.setText(self.tr("Không nhận được mã?"))
        self.instruction.setText(self.tr("Quét mã QR trên phiếu hẹn, hoặc nhập mã hồ sơ:"))


class LostCodePhoneScreen(DigitsEntryScreen):
    kind = Screen.LOST_CODE_PHONE

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(settings, PHONE_DIGITS, (PHONE_DIGITS,), parent, maskable=False)
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        self.title.setText(self.tr("Không nhận được mã?"))
        self.instruction.setText(
            self.tr("Nhập 3 số cuối của số điện thoại Ông/Bà đã đăng ký khi nộp hồ sơ")
        )
        self.hint.setText(self.tr("Ví dụ: số 0912 345 678 thì nhập 678."))


class LostCodeSentScreen(NoticeScreen):
    """Asked, or asked too lately to ask again: never whether the dossier exists."""

    kind = Screen.LOST_CODE_SENT

    enter_code = Signal()

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(settings, parent, title_role="good")
        self.wait_s = 0.0
        self.code_button = button("primary", self)
        self.code_button.clicked.connect(self.enter_code.emit)
        self.back = self.home_button()
        self.button_row(self.code_button, self.back)
        self.retranslate()

    def show_answer(self, wait_s: float) -> None:
        """``wait_s`` > 0: a request for this code (or too many here) was made lately."""
        self.wait_s = wait_s
        self.retranslate()

    def retranslate(self) -> None:
        if self.wait_s > 0:
            title = self.tr("Yêu cầu gửi lại mã đã được ghi nhận trước đó")
            message = self.tr(
                "Vui lòng chờ tin nhắn SMS. Nếu vẫn không nhận được, thử lại sau %n phút.",
                "",
                max(minutes_left(self.wait_s), 1),
            )
        else:
            title = self.tr("Đã ghi nhận yêu cầu gửi lại mã")
            message = self.tr("Nếu thông tin khớp, mã sẽ được gửi lại qua tin nhắn SMS.")
        self.show_notice(
            title,
            message,
            [
                self.tr("Tin nhắn có thể đến sau vài phút. Khi có mã, chạm “Nhập mã OTP”."),
                self.counter_step(),
                self.hotline_step(),
            ],
        )
        self.code_button.setText(self.tr("Nhập mã OTP"))
        self.back.setText(self.tr("Về màn hình chính"))
