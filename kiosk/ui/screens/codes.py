"""Typing a dossier code on the on-screen keyboard (drop-off and status look-up)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QWidget

from kiosk.domain import DOSSIER_CODE_PATTERN
from kiosk.settings import Settings
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.widgets.codepad import CodeKeyboard, fit_code, type_key
from kiosk.ui.widgets.common import button, label, set_role

EXAMPLE_CODE = "000.00.07.H29-251123-0001"


class CodeEntryScreen(KioskScreen):
    """The code typed so far, what a code looks like, the keyboard, confirm and back."""

    entered = Signal(str)

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(settings, parent)
        self.code = ""
        self.malformed = False
        self.title = label("title", self)
        self.instruction = label("subtitle", self)
        self.field = label("code-field-small", self, wrap=False)
        self.hint = label("hint", self)
        self.keyboard = CodeKeyboard(self)
        self.keyboard.key.connect(self._typed)
        self.keyboard.delete.connect(self._deleted)
        self.confirm = button("primary", self)
        self.confirm.clicked.connect(self._confirm)
        self.back = self.home_button()
        top = self.title_row(self.title, self.back)
        entry = QHBoxLayout()
        entry.setSpacing(32)
        entry.addWidget(self.field, 3)
        entry.addWidget(self.confirm, 1)
        self.body.addLayout(top)
        self.body.addWidget(self.instruction)
        self.body.addLayout(entry)
        self.body.addWidget(self.hint)
        self.body.addStretch(1)
        self.body.addWidget(self.keyboard)

    def reset(self) -> None:
        self.code = ""
        self.malformed = False
        self._update()

    def prefill(self, code: str) -> None:
        """The code typed before, back for a correction (not 25 characters to type again)."""
        self.code = fit_code(code)
        self.malformed = False
        self._update()

    def scanned(self, code: str) -> None:
        """A code read by the scanner: shown, and confirmed at once."""
        self.code = fit_code(code)
        self.malformed = False
        self._update()
        self._confirm()

    def retranslate(self) -> None:
        self.confirm.setText(self.tr("Xác nhận"))
        self.back.setText(self.tr("Quay lại"))
        self.keyboard.retranslate()
        self._update()

    def _typed(self, char: str) -> None:
        self.code = type_key(self.code, char)
        self.malformed = False
        self._update()

    def _deleted(self) -> None:
        # One character, as shown (a separator too: deleting it lets a longer part be typed).
        self.code = self.code[:-1]
        self.malformed = False
        self._update()

    def _confirm(self) -> None:
        if DOSSIER_CODE_PATTERN.match(self.code):
            self.entered.emit(self.code)
        else:
            self.malformed = True
            self._update()

    def _update(self) -> None:
        self.field.setText(self.code or " ")
        self.confirm.setEnabled(bool(self.code))
        self.hint.setText(self._hint_text())
        set_role(self.hint, "error" if self.malformed else "hint")

    def _hint_text(self) -> str:
        if self.malformed:
            return self.tr("Mã hồ sơ chưa đúng. Mã có dạng: {example}").format(example=EXAMPLE_CODE)
        return self.tr(
            "Mã hồ sơ in trên phiếu hẹn, ví dụ: {example}. Có mã QR trên phiếu?"
            " Đưa mã QR vào máy quét."
        ).format(example=EXAMPLE_CODE)
