"""Dropping off a paper dossier: its code, the size of the compartment, or a refusal (the
dossier refused, or no free door of the size chosen)."""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QWidget

from kiosk.domain import HeightBand, Size
from kiosk.settings import Settings
from kiosk.ui.machine import Screen
from kiosk.ui.screens.base import KioskScreen, NoticeScreen
from kiosk.ui.screens.codes import CodeEntryScreen
from kiosk.ui.widgets.common import ChoiceButton, button, label

DOOR_SIZES = (Size.S, Size.M, Size.L)


def size_texts() -> dict[Size | None, tuple[str, str]]:
    """Each size's name and what it holds, as the size screen offers them (None: the kiosk
    chooses); in the language shown now."""

    # Spelt out call by call: the catalogue's extraction reads only literal translate() calls.
    return {
        Size.S: (
            QCoreApplication.translate("DropoffSizeScreen", "Nhỏ"),
            QCoreApplication.translate("DropoffSizeScreen", "vài tờ giấy, một phong bì"),
        ),
        Size.M: (
            QCoreApplication.translate("DropoffSizeScreen", "Vừa"),
            QCoreApplication.translate("DropoffSizeScreen", "một tập hồ sơ dày"),
        ),
        Size.L: (
            QCoreApplication.translate("DropoffSizeScreen", "Lớn"),
            QCoreApplication.translate("DropoffSizeScreen", "nhiều tập hồ sơ, bản vẽ"),
        ),
        None: (
            QCoreApplication.translate("DropoffSizeScreen", "Để tủ tự chọn"),
            QCoreApplication.translate("DropoffSizeScreen", "tủ mở ô trống nhỏ nhất"),
        ),
    }


def size_name(size: Size) -> str:
    return size_texts()[size][0]


class SizeOffer(QWidget):
    """The door sizes still free, one button each, for a citizen whose size was full or whose
    door was too small; a tap opens a door of that size."""

    chosen = Signal(object)  # Size

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(28)
        self.sizes: dict[Size, ChoiceButton] = {}
        for size in DOOR_SIZES:
            choice = ChoiceButton("choice-size", self)
            choice.clicked.connect(lambda _=False, s=size: self.chosen.emit(s))
            row.addWidget(choice)
            self.sizes[size] = choice
        self.offer([])

    def offer(self, sizes: list[Size]) -> None:
        for size, choice in self.sizes.items():
            choice.setVisible(size in sizes)
        self.setVisible(bool(sizes))
        self.retranslate()

    def retranslate(self) -> None:
        texts = size_texts()
        for size, choice in self.sizes.items():
            choice.set_texts(*texts[size])


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
        for i, size in enumerate((*DOOR_SIZES, None)):
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
        for size, (title, detail) in size_texts().items():
            self.sizes[size].set_texts(title, detail)
        self.back.setText(self.tr("Quay lại"))


class DropoffRefusal(StrEnum):
    UNKNOWN = "unknown"  # the central system has no such dossier
    NOT_ALLOWED = "not_allowed"  # it says this dossier is not dropped off at the kiosk
    EMPTY = "empty"  # the door closed on an empty compartment: nothing was received


class DropoffRefusedScreen(NoticeScreen):
    kind = Screen.DROPOFF_REFUSED

    #: The code again, to correct it (it is kept on the code screen).
    retry = Signal()
    #: A door of the same size again for the same dossier (the door closed on nothing).
    open_again = Signal()

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(settings, parent)
        self.reason = DropoffRefusal.UNKNOWN
        self.dossier_code = ""
        self.retry_button = button("primary", self)
        self.retry_button.clicked.connect(self._retry)
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
            first = self.tr("Chạm vào “Mở lại ô tủ”, đặt hồ sơ vào và đóng cửa ô tủ.")
        self.show_notice(
            title,
            message.format(code=self.dossier_code),
            [
                first,
                self.counter_step(),
                self.hotline_step(),
            ],
        )
        empty = self.reason is DropoffRefusal.EMPTY
        self.retry_button.setText(self.tr("Mở lại ô tủ") if empty else self.tr("Nhập lại mã"))
        self.back.setText(self.tr("Về màn hình chính"))

    def _retry(self) -> None:
        (self.open_again if self.reason is DropoffRefusal.EMPTY else self.retry).emit()


class NoFreeCompartmentScreen(NoticeScreen):
    """No free door of the size chosen: the sizes still free, one tap each; or, with none
    free (or the kiosk choosing and finding none), the counter."""

    kind = Screen.NO_FREE_COMPARTMENT

    def spoken(self) -> list[str]:
        return ["no_free_compartment" if self.free else "no_free_any"]

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(settings, parent)
        self.full: Size | None = None
        self.free: list[Size] = []
        self.low_only = False
        self.offer = SizeOffer(self)
        self.body.insertWidget(self.body.count() - 1, self.offer)
        self.back = self.home_button()
        self.button_row(self.back)
        self.retranslate()

    def show_full(self, size: Size | None, free: list[Size], low_only: bool) -> None:
        """``size`` (None: any) has no free door; ``free``: the sizes that have one."""
        self.full = size
        self.free = [] if size is None else [s for s in free if s is not size]
        self.low_only = low_only
        self.offer.offer(self.free)
        self.retranslate()

    def retranslate(self) -> None:
        if self.full is None or not self.free:
            body = (
                self.tr("Hiện không còn ô tủ trống nào ở hàng dưới thấp.")
                if self.low_only
                else self.tr("Hiện không còn ô tủ trống nào.")
            )
            counter = self.with_hours(
                self.tr("Nộp hồ sơ tại bộ phận một cửa trong giờ hành chính: {hours}.")
            )
            self.show_notice(self.tr("Tủ đã hết ô trống"), body, [counter, self.hotline_step()])
        else:
            name = size_name(self.full)
            free = ", ".join(size_name(s) for s in self.free)
            self.show_notice(
                self.tr("Hết ô tủ trống cỡ {size}").format(size=name),
                self.tr("Mọi ô tủ cỡ {size} đều đang được dùng. Tủ còn ô trống cỡ: {free}.").format(
                    size=name, free=free
                ),
                # One step: the sizes below it need the room.
                [self.tr("Chạm vào một cỡ còn trống bên dưới để mở ô tủ cỡ đó.")],
            )
        self.back.setText(self.tr("Về màn hình chính"))
