"""Dropping off a paper dossier: its code, the size of the compartment, or a refusal."""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QWidget

from kiosk.domain import HeightBand, Size
from kiosk.settings import Settings
from kiosk.ui.machine import Screen
from kiosk.ui.screens.base import KioskScreen, NoticeScreen
from kiosk.ui.screens.codes import CodeEntryScreen
from kiosk.ui.widgets.common import ChoiceButton, button, label


class DropoffCodeScreen(CodeEntryScreen):
    kind = Screen.DROPOFF_CODE

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(settings, parent)
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        self.title.setText(self.tr("Nộp hồ sơ"))
        self.instruction.setText(self.tr("Quét mã QR trên phiếu hẹn, hoặc nhập mã hồ sơ:"))


class DropoffSizeScreen(KioskScreen):
    """The dossier as the central system knows it (or not, when offline), and a door size."""

    kind = Screen.DROPOFF_SIZE

    chosen = Signal(object)  # Size | None (the kiosk chooses)

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(settings, parent)
        self.dossier_code = ""
        self.procedure: str | None = None
        self.verified = True
        self.low_only = False
        self.low_sizes = {
            c.size for c in settings.locker.compartments if c.height is HeightBand.LOW
        }
        self.title = label("title", self)
        self.dossier = label("subtitle", self)
        self.note = label("hint", self)
        self.low_note = label("state", self)
        self.question = label("subtitle", self)
        self.sizes: dict[Size | None, ChoiceButton] = {}
        grid = QGridLayout()
        grid.setSpacing(28)
        for i, size in enumerate((Size.S, Size.M, Size.L, None)):
            choice = ChoiceButton("choice-size", self)
            choice.clicked.connect(lambda _=False, s=size: self.chosen.emit(s))
            grid.addWidget(choice, i // 2, i % 2)
            self.sizes[size] = choice
        self.back = self.home_button()
        self.body.addLayout(self.title_row(self.title, self.back))
        for w in (self.dossier, self.note, self.low_note, self.question):
            self.body.addWidget(w)
        self.body.addLayout(grid)
        self.body.addStretch(1)
        self.retranslate()

    def show_dossier(self, dossier_code: str, procedure: str | None, verified: bool) -> None:
        self.dossier_code = dossier_code
        self.procedure = procedure
        self.verified = verified
        self.retranslate()

    def show_accessible(self, on: bool) -> None:
        """The accessible mode: the door will be in the low row; only its sizes are offered."""
        super().show_accessible(on)
        self.low_only = on
        for size, choice in self.sizes.items():
            choice.setVisible(not on or size is None or size in self.low_sizes)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Chọn cỡ ô tủ"))
        self.low_note.setText(self.tr("Tủ sẽ mở một ô ở hàng dưới thấp, vừa tầm xe lăn."))
        self.low_note.setVisible(self.low_only)
        lines = [self.tr("Mã hồ sơ: {code}").format(code=self.dossier_code)]
        if self.procedure:
            lines.append(self.procedure)
        self.dossier.setText("\n".join(lines))
        self.note.setText(
            ""
            if self.verified
            else self.tr(
                "Hiện không kiểm tra được mã với hệ thống một cửa điện tử. Tủ vẫn nhận hồ sơ;"
                " cán bộ sẽ kiểm tra sau."
            )
        )
        self.note.setVisible(not self.verified)
        self.question.setText(self.tr("Hồ sơ của Ông/Bà dày bao nhiêu?"))
        texts = {
            Size.S: (self.tr("Nhỏ"), self.tr("vài tờ giấy, một phong bì")),
            Size.M: (self.tr("Vừa"), self.tr("một tập hồ sơ dày")),
            Size.L: (self.tr("Lớn"), self.tr("nhiều tập hồ sơ, bản vẽ")),
            None: (self.tr("Để tủ tự chọn"), self.tr("tủ mở ô trống nhỏ nhất")),
        }
        for size, (title, detail) in texts.items():
            self.sizes[size].set_texts(title, detail)
        self.back.setText(self.tr("Quay lại"))


class DropoffRefusal(StrEnum):
    UNKNOWN = "unknown"  # the central system has no such dossier
    NOT_ALLOWED = "not_allowed"  # it says this dossier is not dropped off at the kiosk
    EMPTY = "empty"  # the door closed on an empty compartment: nothing was received


class DropoffRefusedScreen(NoticeScreen):
    kind = Screen.DROPOFF_REFUSED

    retry = Signal()

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(settings, parent)
        self.reason = DropoffRefusal.UNKNOWN
        self.dossier_code = ""
        self.retry_button = button("primary", self)
        self.retry_button.clicked.connect(self.retry.emit)
        self.back = self.home_button()
        self.button_row(self.retry_button, self.back)
        self.retranslate()

    def show_refusal(self, reason: DropoffRefusal, dossier_code: str) -> None:
        self.reason = reason
        self.dossier_code = dossier_code
        self.retranslate()

    def retranslate(self) -> None:
        title = self.tr("Tủ không nhận hồ sơ này")
        if self.reason is DropoffRefusal.UNKNOWN:
            message = self.tr("Hệ thống một cửa điện tử không có hồ sơ mã {code}.")
            first = self.tr("Kiểm tra lại mã hồ sơ trên phiếu hẹn.")
        elif self.reason is DropoffRefusal.NOT_ALLOWED:
            message = self.tr("Hồ sơ mã {code} không cần nộp giấy tờ tại tủ.")
            first = self.tr("Xem lại hướng dẫn trong tin nhắn hoặc trên phiếu hẹn.")
        else:
            title = self.tr("Tủ chưa nhận được hồ sơ")
            message = self.tr("Cửa ô tủ đã đóng nhưng tủ không thấy hồ sơ {code} bên trong.")
            first = self.tr("Nhập lại mã hồ sơ để mở ô tủ và đặt hồ sơ vào.")
        self.show_notice(
            title,
            message.format(code=self.dossier_code),
            [
                first,
                self.counter_step(),
                self.hotline_step(),
            ],
        )
        self.retry_button.setText(self.tr("Nhập lại mã"))
        self.back.setText(self.tr("Về màn hình chính"))
