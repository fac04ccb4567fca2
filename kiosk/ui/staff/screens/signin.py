"""Sign-in: scan the staff badge, then type the PIN on the keypad."""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.clock import minutes_left
from kiosk.services.staff_auth import SignInRefusal
from kiosk.settings import Settings
from kiosk.ui.staff.machine import StaffScreen
from kiosk.ui.staff.page import PinField, StaffPage
from kiosk.ui.widgets.common import label
from kiosk.ui.widgets.keypad import NumericKeypad, beside_keypad


class SignInStep(StrEnum):
    BADGE = "badge"  # waiting for a badge
    PIN = "pin"  # a badge was read: type the PIN
    CHECKING = "checking"  # the PIN is being checked


class SignInPage(StaffPage):
    kind = StaffScreen.SIGN_IN

    pin_entered = Signal(str)
    cancel = Signal()

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(settings, parent)
        self.step = SignInStep.BADGE
        self.name = ""
        self.refusal: SignInRefusal | None = None
        self.tries_left = 0
        self.wait_s = 0.0
        self.instruction = label("staff-subtitle", self)
        self.message = label("staff-bad", self)
        self.field = PinField()
        self.keypad = NumericKeypad(self)
        self.keypad.digit.connect(self._digit)
        self.keypad.delete.connect(self._delete)
        self.confirm = self.staff_button("primary")
        self.confirm.clicked.connect(self._confirm)
        self.back = self.staff_button()
        self.back.clicked.connect(self.cancel.emit)

        left = QVBoxLayout()
        left.setSpacing(24)
        left.addWidget(self.instruction)
        left.addWidget(self.field.view)
        left.addWidget(self.message)
        left.addStretch(1)
        left.addWidget(self.confirm)
        left.addWidget(self.back)
        self.body.addLayout(beside_keypad(left, self.keypad), 1)
        self.reset()

    # --- what the flows tell it ----------------------------------------------------------------

    def reset(self) -> None:
        self.show_step(SignInStep.BADGE)

    def show_step(self, step: SignInStep, name: str = "") -> None:
        self.step = step
        if step is SignInStep.BADGE:
            self.name = ""
            self.refusal = None
        elif name:
            self.name = name
        self.field.clear()  # a PIN is kept no longer than it takes to hand it on
        self._update()

    def show_refusal(self, refusal: SignInRefusal, tries_left: int = 0, wait_s: float = 0) -> None:
        self.refusal, self.tries_left, self.wait_s = refusal, tries_left, wait_s
        if refusal in (SignInRefusal.UNKNOWN_BADGE, SignInRefusal.DISABLED):
            self.step = SignInStep.BADGE
            self.name = ""
        else:
            self.step = SignInStep.PIN
        self.field.clear()
        self._update()

    # --- typing --------------------------------------------------------------------------------

    def _digit(self, digit: str) -> None:
        if self.step is SignInStep.PIN:
            self.field.add(digit)
            self._update()

    def _delete(self) -> None:
        self.field.delete()
        self._update()

    def _confirm(self) -> None:
        if self.step is SignInStep.PIN and self.field.complete:
            pin = self.field.pin
            self.show_step(SignInStep.CHECKING)
            self.pin_entered.emit(pin)

    def _update(self) -> None:
        typing = self.step is SignInStep.PIN
        self.keypad.setEnabled(typing)
        self.field.view.setVisible(self.step is not SignInStep.BADGE)
        self.confirm.setVisible(self.step is not SignInStep.BADGE)
        self.confirm.setEnabled(typing and self.field.complete)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(
            self.tr("Đăng nhập cán bộ")
            if not self.name
            else self.tr("Xin chào, {name}").format(name=self.name)
        )
        self.instruction.setText(
            {
                SignInStep.BADGE: self.tr("Đưa thẻ cán bộ vào máy quét bên dưới màn hình."),
                SignInStep.PIN: self.tr("Nhập mã PIN của bạn rồi chạm Xác nhận."),
                SignInStep.CHECKING: self.tr("Đang kiểm tra mã PIN…"),
            }[self.step]
        )
        self.message.setText(self._refusal_text())
        self.message.setVisible(self.refusal is not None)
        self.confirm.setText(self.tr("Xác nhận"))
        self.back.setText(self.tr("Quay lại"))
        self.keypad.retranslate()

    def _refusal_text(self) -> str:
        r = self.refusal
        if r is SignInRefusal.UNKNOWN_BADGE:
            return self.tr("Thẻ không hợp lệ hoặc chưa được cấp quyền tại máy này.")
        if r is SignInRefusal.DISABLED:
            return self.tr(
                "Thẻ đã bị khóa do nhập sai mã PIN nhiều lần. Thẻ sẽ dùng lại được sau khi máy"
                " đồng bộ danh sách cán bộ với hệ thống."
            )
        wait = self._wait_text()
        if r is SignInRefusal.WRONG_PIN:
            return self.tr("Mã PIN không đúng. Bạn còn %n lần thử.", "", self.tries_left) + wait
        if r is SignInRefusal.WAIT:
            return self.tr("Vui lòng chờ trước khi thử lại.") + wait
        return ""

    def _wait_text(self) -> str:
        if self.wait_s <= 0:
            return ""
        if self.wait_s < 60:
            return " " + self.tr("Thử lại sau %n giây.", "", max(int(self.wait_s + 0.999), 1))
        return " " + self.tr("Thử lại sau %n phút.", "", minutes_left(self.wait_s))
