"""The receipt printer: live status, a test receipt, and when the paper ran low."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from drivers.interfaces import PrinterStatus
from kiosk.services.diagnostics import PaperChange
from kiosk.settings import Settings
from kiosk.ui.staff.machine import StaffScreen
from kiosk.ui.staff.page import Row, RowList, StaffPage
from kiosk.ui.staff.words import paper_name, short_time, yes_no
from kiosk.ui.widgets.common import label


class TrialPrint(StrEnum):
    NONE = "none"
    PRINTING = "printing"
    PRINTED = "printed"
    FAILED = "failed"


class TechPrinterPage(StaffPage):
    kind = StaffScreen.TECH_PRINTER

    test = Signal()

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(settings, parent)
        self.status: PrinterStatus | None = None
        self.health: Mapping[str, Any] = {}
        self.history: list[PaperChange] = []
        self.test_state = TrialPrint.NONE
        self.paper_out = False
        self.facts = label("staff-text", self)
        self.test_result = label("staff-text", self)
        self.test_button = self.staff_button("primary")
        self.test_button.clicked.connect(self.test.emit)
        self.history_title = label("staff-subtitle", self)
        self.history_list = RowList(self)
        left = QVBoxLayout()
        left.setSpacing(16)
        left.addWidget(self.facts)
        left.addStretch(1)
        left.addWidget(self.test_result)
        left.addWidget(self.test_button)
        right = QVBoxLayout()
        right.setSpacing(16)
        right.addWidget(self.history_title)
        right.addWidget(self.history_list, 1)
        row = QHBoxLayout()
        row.setSpacing(48)
        row.addLayout(left, 1)
        row.addLayout(right, 1)
        self.body.addLayout(row, 1)
        self.retranslate()

    def reset(self) -> None:
        self.test_state = TrialPrint.NONE

    def show_status(
        self, status: PrinterStatus, health: Mapping[str, Any], history: Sequence[PaperChange]
    ) -> None:
        self.status, self.health, self.history = status, health, list(history)
        self.history_list.clear()
        for change in self.history:
            row = Row(self.history_list.widget())
            row.text(short_time(change.at), "staff-small")
            row.text(paper_name(change.paper), "staff-text", 1)
            self.history_list.add(row)
        self.history_list.show_empty(not self.history)
        self.retranslate()

    def show_test(self, state: TrialPrint, paper_out: bool = False) -> None:
        self.test_state, self.paper_out = state, paper_out
        self.test_button.setEnabled(state is not TrialPrint.PRINTING)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Máy in"))
        s = self.status
        if s is None:
            self.facts.setText(self.tr("Đang hỏi trạng thái máy in…"))
        else:
            self.facts.setText(
                "\n".join(
                    [
                        self.tr("Sẵn sàng: {value}").format(value=yes_no(s.ready)),
                        self.tr("Trả lời: {value}").format(value=yes_no(s.responding)),
                        self.tr("Giấy: {value}").format(value=paper_name(s.paper)),
                        self.tr("Nắp mở: {value}").format(value=yes_no(s.cover_open)),
                        self.tr("Lỗi dao cắt: {value}").format(value=yes_no(s.cutter_error)),
                        self.tr("Đã in {printed} phiếu, lỗi {failed}").format(
                            printed=self.health.get("printed", 0),
                            failed=self.health.get("failed", 0),
                        ),
                    ]
                )
            )
        self.test_result.setText(
            {
                TrialPrint.NONE: "",
                TrialPrint.PRINTING: self.tr("Đang in phiếu thử…"),
                TrialPrint.PRINTED: self.tr("Đã in phiếu thử."),
                TrialPrint.FAILED: self.tr("Không in được: máy in hết giấy.")
                if self.paper_out
                else self.tr("Không in được: máy in không sẵn sàng (xem trạng thái ở trên)."),
            }[self.test_state]
        )
        self.test_button.setText(self.tr("In phiếu thử"))
        self.history_title.setText(self.tr("Lịch sử giấy in"))
        self.history_list.set_empty_text(self.tr("Chưa ghi nhận thay đổi nào."))
