"""Taking things out: dropped-off dossiers to collect, results to recall.

Each compartment is one row with its own "Mở" button; "Mở tất cả" opens them one after another
once the PIN is typed again (a session left unattended must not empty the locker in one tap).
A row is done when its door closes on an empty compartment (the item sensor).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from kiosk.services.staff_ops import DropoffItem, RecallItem
from kiosk.settings import Settings
from kiosk.ui.staff.machine import StaffScreen
from kiosk.ui.staff.page import Row, RowList, StaffPage
from kiosk.ui.staff.screens.pin_prompt import PinPrompt
from kiosk.ui.staff.words import recall_reason, short_time
from kiosk.ui.widgets.common import label


class TakeStatus(StrEnum):
    WAITING = "waiting"
    OPENING = "opening"
    OPEN = "open"  # take it out and close the door
    DONE = "done"  # closed on an empty compartment: recorded
    STILL_INSIDE = "still_inside"  # closed with the item still inside: nothing recorded
    FAILED = "failed"  # the door did not open
    # The board gave no trustworthy answer: the door may be open; the door monitor settles it
    # (no "Mở" meanwhile: the door's intent is pending).
    UNKNOWN = "unknown"
    NO_ANSWER = "no_answer"  # still unknown after ``timeouts.working_s``
    CHECK = "check"  # the board answered, but nothing says whether it opened: staff inspect


@dataclass(frozen=True)
class TakeItem:
    """One row: the door, what it holds, and a second line."""

    label: str
    dossier_code: str
    detail: str


class TakeOutPage(StaffPage):
    open_one = Signal(str)
    open_all = Signal()

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(settings, parent)
        self.items: list[TakeItem] = []
        self.status: dict[str, TakeStatus] = {}
        self.hint = label("staff-text", self)
        self.all_button = self.staff_button("primary")
        self.all_button.clicked.connect(self.open_all.emit)
        self.list = RowList(self)
        self.body.addWidget(self.hint)
        self.body.addWidget(self.all_button)
        self.body.addWidget(self.list, 1)
        self.prompt = PinPrompt(self)
        self.prompt.cancelled.connect(self.close_prompt)
        self.body.addWidget(self.prompt, 1)

    def reset(self) -> None:
        self.status = {}
        self.close_prompt()

    def ask_pin(self) -> None:
        """The PIN again before "Mở tất cả": the prompt in place of the list."""
        for part in (self.hint, self.all_button, self.list):
            part.hide()
        self.prompt.ask()

    def close_prompt(self) -> None:
        self.prompt.hide()
        for part in (self.hint, self.all_button, self.list):
            part.show()

    def show_rows(self, items: Sequence[TakeItem]) -> None:
        self.items = list(items)
        self.status = {i.label: self.status.get(i.label, TakeStatus.WAITING) for i in self.items}
        self._rebuild()

    def set_status(self, compartment: str, status: TakeStatus) -> None:
        if compartment in self.status:
            self.status[compartment] = status
            self._rebuild()

    def _rebuild(self) -> None:
        self.list.clear()
        for item in self.items:
            status = self.status[item.label]
            row = Row(self.list.widget())
            row.text(item.label, "staff-door")
            row.text(f"{item.dossier_code}\n{item.detail}", "staff-small", 1)
            tone = {
                TakeStatus.DONE: "staff-good",
                TakeStatus.FAILED: "staff-bad",
                TakeStatus.NO_ANSWER: "staff-bad",
                TakeStatus.CHECK: "staff-bad",
            }
            row.text(self._status_text(status), tone.get(status, "staff-text"), wrap=False)
            if status in (TakeStatus.WAITING, TakeStatus.STILL_INSIDE, TakeStatus.FAILED):
                b = row.action(self.tr("Mở"))
                b.clicked.connect(lambda _=False, name=item.label: self.open_one.emit(name))
            self.list.add(row)
        self.list.show_empty(not self.items)
        waiting = [s for s in self.status.values() if s is TakeStatus.WAITING]
        self.all_button.setEnabled(bool(waiting))
        self.retranslate()

    def _status_text(self, status: TakeStatus) -> str:
        return {
            TakeStatus.WAITING: "",
            TakeStatus.OPENING: self.tr("Đang mở…"),
            TakeStatus.OPEN: self.tr("Đã mở: lấy ra rồi đóng cửa"),
            TakeStatus.DONE: self.tr("Đã lấy ✓"),
            TakeStatus.STILL_INSIDE: self.tr("Vẫn còn trong ô"),
            TakeStatus.FAILED: self.tr("Cửa không mở được"),
            TakeStatus.UNKNOWN: self.tr("Chưa rõ đã mở chưa: nhìn cửa, chờ máy báo"),
            TakeStatus.NO_ANSWER: self.tr("Bo mạch khóa chưa trả lời: báo kỹ thuật viên"),
            TakeStatus.CHECK: self.tr("Cần kiểm tra ô: xem Sơ đồ tủ"),
        }[status]


class CollectPage(TakeOutPage):
    kind = StaffScreen.COLLECT

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(settings, parent)
        self.retranslate()

    def show_dropoffs(self, dropoffs: Sequence[DropoffItem]) -> None:
        self.show_rows(
            [
                TakeItem(
                    d.label,
                    d.dossier_code + (f" · {d.procedure_name}" if d.procedure_name else ""),
                    self.tr("Nộp lúc {time}").format(time=short_time(d.received_at))
                    + ("" if d.verified else " · " + self.tr("chưa đối chiếu với hệ thống")),
                )
                for d in dropoffs
            ]
        )

    def retranslate(self) -> None:
        self.title.setText(self.tr("Lấy hồ sơ đã nộp: %n ô", "", len(self.items)))
        self.hint.setText(self.tr("Mở từng ô hoặc mở tất cả, lấy hồ sơ ra rồi đóng cửa từng ô."))
        self.all_button.setText(self.tr("Mở tất cả"))
        self.list.set_empty_text(self.tr("Không có hồ sơ nào đang chờ lấy."))


class RecallPage(TakeOutPage):
    kind = StaffScreen.RECALL

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(settings, parent)
        self.retranslate()

    def show_recalls(self, recalls: Sequence[RecallItem]) -> None:
        self.show_rows(
            [TakeItem(r.label, r.dossier_code, recall_reason(r.reason)) for r in recalls]
        )

    def retranslate(self) -> None:
        self.title.setText(self.tr("Thu hồi kết quả quá hạn: %n ô", "", len(self.items)))
        self.hint.setText(
            self.tr(
                "Kết quả có mã hết hạn, bị thu hồi, hoặc để quá thời hạn lưu giữ. Mở ô, lấy"
                " kết quả ra rồi đóng cửa; hệ thống một cửa điện tử sẽ được báo."
            )
        )
        self.all_button.setText(self.tr("Mở tất cả"))
        self.list.set_empty_text(self.tr("Không có kết quả nào cần thu hồi."))
