"""Typing the 8-digit OTP, and the last digits of the phone when two results share a code."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.settings import Settings
from kiosk.ui.machine import Screen
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.widgets.common import button, label
from kiosk.ui.widgets.keypad import DigitsField, NumericKeypad, beside_keypad

OTP_LENGTH = 8
OTP_GROUPS = (4, 4)  # as the SMS shows it: 4821 3377
PHONE_DIGITS = 3


class DigitsEntryScreen(KioskScreen):
    """A title, the typed digits, a keypad on the right, confirm and back below."""

    confirmed = Signal(str)

    def __init__(
        self,
        settings: Settings,
        length: int,
        groups: tuple[int, ...],
        parent: QWidget | None = None,
        *,
        maskable: bool = True,
    ) -> None:
        super().__init__(settings, parent)
        self.field = DigitsField(length, groups)
        self.keypad = NumericKeypad(self)
        self.keypad.digit.connect(self._typed)
        self.keypad.delete.connect(self._deleted)
        self.title = label("title", self)
        self.instruction = label("subtitle", self)
        self.hint = label("hint", self)
        self.toggle = button("", self)
        self.toggle.clicked.connect(self._toggle_hidden)
        self.toggle.setVisible(maskable)
        self.confirm = button("primary", self)
        self.confirm.clicked.connect(self._confirm)
        self.back = self.home_button()

        left = QVBoxLayout()
        left.setSpacing(28)
        left.addWidget(self.instruction)
        left.addSpacing(12)
        left.addWidget(self.field.view)
        left.addWidget(self.hint)
        #: Under the hint, side by side: show/hide the digits, and what a subclass adds.
        self.extras = QHBoxLayout()
        self.extras.setSpacing(24)
        self.extras.addWidget(self.toggle)
        left.addLayout(self.extras)
        left.addStretch(1)
        left.addWidget(self.confirm)
        self.body.addLayout(self.title_row(self.title, self.back))
        self.body.addLayout(beside_keypad(left, self.keypad))
        self._update()

    def reset(self) -> None:
        self.field.clear()
        self._update()

    def retranslate(self) -> None:
        self.confirm.setText(self.tr("Xác nhận"))
        self.back.setText(self.tr("Quay lại"))
        self.keypad.retranslate()
        self._update()

    def _typed(self, digit: str) -> None:
        self.field.add(digit)
        self._update()

    def _deleted(self) -> None:
        self.field.delete()
        self._update()

    def _toggle_hidden(self) -> None:
        self.field.toggle_hidden()
        self._update()

    def _confirm(self) -> None:
        if self.field.complete:
            self.confirmed.emit(self.field.digits)

    def _update(self) -> None:
        self.confirm.setEnabled(self.field.complete)
        self.toggle.setText(self.tr("Hiện mã") if self.field.hidden else self.tr("Ẩn mã"))


class PickupCodeScreen(DigitsEntryScreen):
    kind = Screen.PICKUP_CODE

    lost = Signal()  # "Không nhận được mã?"

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(settings, OTP_LENGTH, OTP_GROUPS, parent)
        self.lost_button = button("", self)
        self.lost_button.clicked.connect(self.lost.emit)
        self.extras.addWidget(self.lost_button)
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        self.title.setText(self.tr("Nhận kết quả"))
        self.instruction.setText(self.tr("Nhập mã OTP đã được gửi qua tin nhắn SMS"))
        self.lost_button.setText(self.tr("Không nhận được mã?"))
        self.hint.setText(
            self.tr("Mã OTP gồm 8 chữ số. Có mã QR? Đưa mã QR vào máy quét, không cần nhập.")
        )


class PhoneDigitsScreen(DigitsEntryScreen):
    """The phone's last digits as a second factor: asked of everyone while the kiosk is being
    guessed at (docs/security.md), when two results share a code, or when a citizen sure of a
    refused code asks to check it."""

    kind = Screen.PHONE_DIGITS

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(settings, PHONE_DIGITS, (PHONE_DIGITS,), parent, maskable=False)
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        self.title.setText(self.tr("Xác nhận số điện thoại"))
        self.instruction.setText(
            self.tr(
                "Để bảo vệ kết quả của Ông/Bà, nhập 3 số cuối của số điện thoại đã nhận tin"
                " nhắn SMS"
            )
        )
        self.hint.setText(self.tr("Ví dụ: số 0912 345 678 thì nhập 678."))
