"""Open alarms: acknowledge (seen, being handled) or clear (fixed; reported to central)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from kiosk.services.diagnostics import AlarmView
from kiosk.settings import Settings
from kiosk.ui.staff.machine import StaffScreen
from kiosk.ui.staff.page import Row, RowList, StaffPage
from kiosk.ui.staff.words import alarm_kind, alarm_subject, short_time


class TechAlarmsPage(StaffPage):
    kind = StaffScreen.TECH_ALARMS

    acknowledge = Signal(int)
    clear = Signal(int)

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(settings, parent)
        self.alarms: list[AlarmView] = []
        self.list = RowList(self)
        self.body.addWidget(self.list, 1)
        self.retranslate()

    def show_alarms(self, alarms: Sequence[AlarmView]) -> None:
        self.alarms = list(alarms)
        self.list.clear()
        for a in self.alarms:
            row = Row(self.list.widget())
            row.text(alarm_kind(a.kind), "staff-text", 1)
            row.text(
                " · ".join(
                    x for x in (alarm_subject(a.subject), a.details.get("dossier_code")) if x
                )
                + f"\n{short_time(a.raised_at)}"
                + (" · " + self.tr("đã xác nhận") if a.acknowledged else ""),
                "staff-small",
            )
            if not a.acknowledged:
                ack = row.action(self.tr("Xác nhận"))
                ack.clicked.connect(lambda _=False, n=a.id: self.acknowledge.emit(n))
            done = row.action(self.tr("Xóa"))
            done.clicked.connect(lambda _=False, n=a.id: self.clear.emit(n))
            self.list.add(row)
        self.list.show_empty(not self.alarms)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Cảnh báo đang mở: %n", "", len(self.alarms)))
        self.list.set_empty_text(self.tr("Không có cảnh báo nào."))
