"""A door is open: which one and where, what to do, and a reminder if it stays open."""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.domain import HeightBand
from kiosk.settings import Settings
from kiosk.ui.machine import Screen
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.voice_prompts import WHERE, door_parts
from kiosk.ui.widgets.common import button, label
from kiosk.ui.widgets.locker_map import LockerMap


class DoorTask(StrEnum):
    TAKE = "take"  # a result to collect
    PUT = "put"  # a dossier to drop off


class DoorScreen(KioskScreen):
    """Text on the left, the locker picture with the door highlighted on the right; the
    procedure's name (is it the right result?) and "Báo sự cố" below the door; at an open
    drop-off door, "Ô tủ quá nhỏ / Hủy" too."""

    report = Signal()
    #: The citizen takes the drop-off back: the door is too small, or they changed their mind.
    withdraw = Signal()
    #: Whether this screen offers "Ô tủ quá nhỏ / Hủy" at a drop-off door.
    offers_withdraw: ClassVar[bool] = False

    def idle_applies(self) -> bool:
        return False

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(settings, parent)
        self.heights = {c.label: c.height for c in settings.locker.compartments}
        self.compartment = ""
        self.task = DoorTask.TAKE
        #: The receipt could not be printed (None: printed, or not known yet); True: paper out.
        self.unprinted: bool | None = None
        self.procedure = ""
        self.title = label("title", self)
        self.door_label = label("big-label", self)
        self.procedure_line = label("subtitle", self)
        self.where = label("subtitle", self)
        self.instruction = label("instruction", self)
        self.note = label("hint", self)
        self.report_button = button("", self)
        self.report_button.clicked.connect(self.report.emit)
        self.withdraw_button = button("", self)
        self.withdraw_button.clicked.connect(self.withdraw.emit)
        self.map = LockerMap(settings.locker.compartments, self)
        self.text = QVBoxLayout()
        self.text.setSpacing(20)
        for w in (self.title, self.door_label, self.procedure_line):
            self.text.addWidget(w)
        for w in (self.where, self.instruction, self.note):
            self.text.addWidget(w)
        self.text.addStretch(1)
        row = QHBoxLayout()
        row.setSpacing(64)
        row.addLayout(self.text, 3)
        column = QVBoxLayout()
        column.addWidget(self.map, 1)
        column.addWidget(self.withdraw_button)
        column.addWidget(self.report_button)
        row.addLayout(column, 2)
        self.body.addLayout(row)

    def show_door(self, compartment: str, task: DoorTask) -> None:
        self.compartment = compartment
        self.task = task
        self.unprinted = None
        self.procedure = ""
        self.map.highlight(compartment)
        self.retranslate()

    def show_procedure(self, procedure: str) -> None:
        """The procedure the result or dossier is for, once known."""
        self.procedure = procedure
        self.retranslate()

    def door_said(self) -> list[str]:
        """ "Ô tủ A không ba": the door label from its parts, so any layout is spoken."""
        return ["door", *door_parts(self.compartment)]

    def show_unprinted(self, paper_out: bool) -> None:
        """The receipt did not print: say so now, not 'being printed'."""
        self.unprinted = paper_out
        self.retranslate()

    def receipt_note(self) -> str:
        if self.unprinted is None:
            return self.tr("Phiếu nhận kết quả đang được in.")
        if self.unprinted:
            return self.tr("Máy in hết giấy. Phiếu nhận kết quả sẽ hiện trên màn hình.")
        return self.tr("Máy in đang gặp sự cố. Phiếu nhận kết quả sẽ hiện trên màn hình.")

    def retranslate(self) -> None:
        self.door_label.setText(self.compartment)
        self.procedure_line.setText(self.tr("Thủ tục: {name}").format(name=self.procedure))
        self.procedure_line.setVisible(bool(self.procedure))
        self.report_button.setText(self.tr("Báo sự cố"))
        self.withdraw_button.setText(self.tr("Ô tủ quá nhỏ / Hủy"))
        self.withdraw_button.setVisible(self.offers_withdraw and self.task is DoorTask.PUT)
        height = self.heights.get(self.compartment)
        self.where.setText(
            {
                HeightBand.HIGH: self.tr("Ô tủ ở hàng trên cao, được tô màu vàng trên hình."),
                HeightBand.MIDDLE: self.tr("Ô tủ ở ngang tầm ngực, được tô màu vàng trên hình."),
                HeightBand.LOW: self.tr("Ô tủ ở hàng dưới thấp, được tô màu vàng trên hình."),
                None: "",
            }[height]
        )


class DoorOpenScreen(DoorScreen):
    kind = Screen.DOOR_OPEN
    offers_withdraw = True

    def spoken(self) -> list[str]:
        where = (
            WHERE.get(self.heights[self.compartment]) if self.compartment in self.heights else None
        )
        task = "take_and_close" if self.task is DoorTask.TAKE else "put_and_close"
        return [*self.door_said(), "opened", *([where] if where else []), task]

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(settings, parent)
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        self.title.setText(self.tr("Ô tủ đã mở"))
        if self.task is DoorTask.TAKE:
            self.instruction.setText(self.tr("Vui lòng lấy hồ sơ và đóng cửa ô tủ."))
            self.note.setText(self.receipt_note())
        else:
            self.instruction.setText(self.tr("Vui lòng đặt hồ sơ vào ô tủ và đóng cửa ô tủ."))
            self.note.setText(self.tr("Sau khi Ông/Bà đóng cửa, máy sẽ in phiếu tiếp nhận hồ sơ."))


class CloseReminderScreen(DoorScreen):
    kind = Screen.CLOSE_REMINDER
    offers_withdraw = True

    def spoken(self) -> list[str]:
        return ["close_reminder", *self.door_said()]

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(settings, parent)
        self.title.setProperty("role", "danger")
        self.staff_told = False
        self.papers_inside = False
        self.finish = self.home_button("primary")
        self.text.addWidget(self.finish)
        self.retranslate()

    def show_door(self, compartment: str, task: DoorTask) -> None:
        self.staff_told = False
        super().show_door(compartment, task)

    def idle_applies(self) -> bool:
        return self.staff_told

    def show_papers_inside(self, inside: bool) -> None:
        """The door was opened again because the papers were left inside: say so."""
        self.papers_inside = inside
        self.retranslate()

    def show_staff_told(self) -> None:
        """The door stayed open past the alarm time: staff know; the citizen may leave."""
        self.staff_told = True
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        self.title.setText(self.tr("Cửa ô tủ chưa được đóng"))
        close = self.tr(
            "Vui lòng đóng cửa ô tủ {label}: đẩy cửa cho đến khi nghe tiếng “cạch”."
        ).format(label=self.compartment)
        if self.papers_inside:
            close = self.tr("Hồ sơ vẫn còn trong ô tủ: vui lòng lấy hồ sơ ra.") + " " + close
        self.instruction.setText(close)
        self.note.setText(
            self.tr("Cán bộ đã được thông báo. Ông/Bà có thể về màn hình chính.")
            if self.staff_told
            else self.tr("Nếu cửa không đóng được, vui lòng gọi Đường dây nóng {hotline}.").format(
                hotline=self.hotline
            )
        )
        self.finish.setVisible(self.staff_told)
        self.finish.setText(self.tr("Về màn hình chính"))
