"""Sign-in: scan the staff badge, then type the PIN on the keypad."""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from kiosk.services.staff_auth import PIN_MIN_DIGITS, SignInRefusal
from kiosk.settings import Settings
from kiosk.ui.staff.machine import StaffScreen
from kiosk.ui.staff.page import PinEntry, StaffPage
from kiosk.ui.timers import Timer


class SignInStep(StrEnum):
    BADGE = "badge"  # waiting for a badge
    PIN = "pin"  # a badge was read (known or not: it looks the same): type the PIN
    CHECKING = "checking"  # the PIN is being checked


class SignInPage(StaffPage):
    """Shows no name, role or "unknown badge" until the PIN is right (docs/security.md)."""

    kind = StaffScreen.SIGN_IN

    pin_entered = Signal(str)
    cancel = Signal()

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(settings, parent)
        self.step = SignInStep.BADGE
        self.refusal: SignInRefusal | None = None
        self.wait_s = 0.0
        self.confirm = self.staff_button("primary")
        self.confirm.clicked.connect(self._confirm)
        self.back = self.staff_button()
        self.back.clicked.connect(self.cancel.emit)
        self.entry = entry = PinEntry(self, self.confirm, self.back, self._update, self._typing)
        self.instruction, self.message, self.field = entry.instruction, entry.message, entry.field
        self.keypad = entry.keypad
        # The wait is counted down on screen; typing resumes when it ends.
        self._tick = Timer(self, 1000, self._count_down, repeat=True)
        self.body.addLayout(entry.layout, 1)
        self.reset()

    # --- what the flows tell it ----------------------------------------------------------------

    def reset(self) -> None:
        self.show_step(SignInStep.BADGE)

    def show_step(self, step: SignInStep) -> None:
        self.step = step
        if step is SignInStep.BADGE:
            self.refusal = None
            self._set_wait(0)
        self.field.clear()  # a PIN is kept no longer than it takes to hand it on
        self._update()

    def show_refusal(self, refusal: SignInRefusal, wait_s: float, step: SignInStep) -> None:
        self.refusal = refusal
        self.step = step
        self._set_wait(wait_s)
        self.field.clear()
        self._update()

    @property
    def waiting(self) -> bool:
        return self.wait_s > 0

    # --- typing --------------------------------------------------------------------------------

    def _typing(self) -> bool:
        return self.step is SignInStep.PIN and not self.waiting

    def _confirm(self) -> None:
        if self._typing() and self.field.complete:
            pin = self.field.pin
            self.show_step(SignInStep.CHECKING)
            self.pin_entered.emit(pin)

    def _set_wait(self, wait_s: float) -> None:
        self.wait_s = max(float(int(wait_s + 0.999)), 0.0)
        if self.waiting:
            self._tick.start()
        else:
            self._tick.stop()

    def _count_down(self) -> None:
        self._set_wait(self.wait_s - 1)
        if not self.waiting and self.refusal in (SignInRefusal.WAIT, SignInRefusal.HELD):
            self.refusal = None
        self._update()

    def _update(self) -> None:
        typing = self._typing()
        self.keypad.setEnabled(typing)
        self.field.view.setVisible(self.step is not SignInStep.BADGE)
        self.confirm.setVisible(self.step is not SignInStep.BADGE)
        self.confirm.setEnabled(typing and self.field.complete)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Đăng nhập cán bộ"))
        self.instruction.setText(
            {
                SignInStep.BADGE: self.tr("Đưa thẻ cán bộ vào máy quét bên dưới màn hình."),
                SignInStep.PIN: self.tr(
                    "Nhập mã PIN (ít nhất %n chữ số) rồi chạm Xác nhận.", "", PIN_MIN_DIGITS
                ),
                SignInStep.CHECKING: self.tr("Đang kiểm tra…"),
            }[self.step]
        )
        self.message.setText(self._refusal_text())
        self.message.setVisible(self.refusal is not None)
        self.confirm.setText(self.tr("Xác nhận"))
        self.back.setText(self.tr("Quay lại"))
        self.keypad.retranslate()

    def _refusal_text(self) -> str:
        r = self.refusal
        wait = self._wait_text()
        if r is SignInRefusal.WRONG:
            return (
                self.tr(
                    "Thẻ hoặc mã PIN không đúng. Thẻ bị khóa sau nhiều lần nhập sai chỉ dùng lại"
                    " được khi quản trị đặt lại mã PIN."
                )
                + wait
            )
        if r is SignInRefusal.WAIT:
            return self.tr("Vui lòng chờ trước khi thử lại.") + wait
        if r is SignInRefusal.HELD:
            return self.tr("Máy này tạm khóa việc đăng nhập do nhập sai nhiều lần.") + wait
        return ""

    def _wait_text(self) -> str:
        return " " + self.entry.retry_after(self.wait_s) if self.waiting else ""
