"""The PIN asked again of someone signed in, before an action that opens many doors at once."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from kiosk.services.staff_auth import SignInRefusal
from kiosk.ui.staff.page import PinEntry
from kiosk.ui.widgets.common import button


class PinPrompt(QFrame):
    """Hidden until ``ask``; ``entered`` hands the PIN on and forgets it."""

    entered = Signal(str)
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("StaffPinPrompt")
        self.refusal: SignInRefusal | None = None
        self.wait_s = 0.0
        self.confirm = button("primary", self)
        self.confirm.clicked.connect(self._confirm)
        self.cancel = button("staff", self)
        self.cancel.clicked.connect(self._cancel)
        self.entry = entry = PinEntry(self, self.confirm, self.cancel, self._update)
        self.question, self.message, self.field = entry.instruction, entry.message, entry.field
        self.keypad = entry.keypad
        QVBoxLayout(self).addLayout(entry.layout)
        self.hide()

    def ask(self) -> None:
        self.refusal, self.wait_s = None, 0.0
        self.field.clear()
        self.keypad.setEnabled(True)
        self._update()
        self.show()

    def refused(self, refusal: SignInRefusal, wait_s: float) -> None:
        """A wrong PIN (or a wait): say so and let them try again or cancel."""
        self.refusal, self.wait_s = refusal, wait_s
        self.field.clear()
        self.keypad.setEnabled(True)
        self._update()

    def _confirm(self) -> None:
        if self.field.complete:
            pin = self.field.pin
            self.field.clear()
            self.keypad.setEnabled(False)
            self.confirm.setEnabled(False)
            self.entered.emit(pin)

    def _cancel(self) -> None:
        self.field.clear()
        self.hide()
        self.cancelled.emit()

    def _update(self) -> None:
        self.confirm.setEnabled(self.field.complete)
        self.retranslate()

    def retranslate(self) -> None:
        self.question.setText(self.tr("Nhập lại mã PIN để mở tất cả các ô cùng lúc."))
        text = ""
        if self.refusal is SignInRefusal.WRONG:
            text = self.tr("Mã PIN không đúng.")
        elif self.refusal is not None:
            text = self.tr("Vui lòng chờ trước khi thử lại.")
        if self.refusal is not None and self.wait_s > 0:
            text += " " + self.entry.retry_after(self.wait_s)
        self.message.setText(text)
        self.message.setVisible(bool(text))
        self.confirm.setText(self.tr("Xác nhận"))
        self.cancel.setText(self.tr("Hủy"))
        self.keypad.retranslate()
