"""The occupancy map of the whole locker, one compartment in detail, and out-of-service reasons."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from kiosk.services.inspections import Finding, needs_inspection
from kiosk.services.staff_ops import CompartmentState, CompartmentView
from kiosk.settings import Settings
from kiosk.ui.staff.machine import StaffScreen
from kiosk.ui.staff.page import DoorGrid, StaffPage
from kiosk.ui.staff.words import OosReason, oos_reason, recall_reason, short_time, state_name
from kiosk.ui.widgets.common import label

STATE_ROLES = {
    CompartmentState.FREE: "door-free",
    CompartmentState.LOADED: "door-loaded",
    CompartmentState.DROPOFF: "door-dropoff",
    CompartmentState.EXPIRED: "door-expired",
    CompartmentState.OUT_OF_SERVICE: "door-oos",
    CompartmentState.OPEN: "door-open",
}


class MapPage(StaffPage):
    kind = StaffScreen.MAP

    tapped = Signal(str)

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(settings, parent)
        self.counts: dict[CompartmentState, int] = {}
        self.grid = DoorGrid(settings.locker.compartments, self)
        self.grid.tapped.connect(self.tapped.emit)
        self.legend: dict[CompartmentState, QLabel] = {}
        legend = QHBoxLayout()
        legend.setSpacing(16)
        for state, role in STATE_ROLES.items():
            key = label(role, self, center=True, wrap=False)
            legend.addWidget(key)
            self.legend[state] = key
        self.body.addWidget(self.grid, 1)
        self.body.addLayout(legend)
        self.retranslate()

    def show_map(self, views: Sequence[CompartmentView]) -> None:
        self.counts = {s: 0 for s in CompartmentState}
        for v in views:
            self.counts[v.state] += 1
            text = (
                v.label
                if v.state is CompartmentState.FREE
                else f"{v.label} · {state_name(v.state)}"
            )
            self.grid.set_door(v.label, text, STATE_ROLES[v.state])
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Sơ đồ tủ: chạm vào một ô để xem hoặc thao tác"))
        for state, key in self.legend.items():
            key.setText(f"{state_name(state)}: {self.counts.get(state, 0)}")


class CompartmentAction(StrEnum):
    INSPECT = "inspect"  # open to look (nothing changes hands)
    COLLECT = "collect"  # take the dropped-off dossier
    RETRIEVE = "retrieve"  # take back a result due for recall
    OUT_OF_SERVICE = "out_of_service"
    BACK_IN_SERVICE = "back_in_service"
    # The inspection of a compartment the kiosk stopped trusting (forced, contents missing):
    # what staff found, which returns it to service.
    FOUND_PRESENT = "found_present"
    FOUND_MISSING = "found_missing"
    FOUND_EMPTY = "found_empty"


#: The finding each inspection action records.
FINDINGS = {
    CompartmentAction.FOUND_PRESENT: Finding.PRESENT,
    CompartmentAction.FOUND_MISSING: Finding.MISSING,
    CompartmentAction.FOUND_EMPTY: Finding.EMPTY,
}


class CompartmentPage(StaffPage):
    kind = StaffScreen.COMPARTMENT

    action = Signal(object)  # CompartmentAction
    back = Signal()

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(settings, parent)
        self.view: CompartmentView | None = None
        self.state_label = label("staff-subtitle", self)
        self.facts = label("staff-text", self)
        self.buttons = {a: self.staff_button() for a in CompartmentAction}
        for a, b in self.buttons.items():
            b.clicked.connect(lambda _=False, act=a: self.action.emit(act))
            # Each is shown when it applies (show_compartment): all of them at once would not
            # fit the screen, and a hidden one takes no room.
            b.hide()
        self.back_button = self.staff_button()
        self.back_button.clicked.connect(self.back.emit)
        left = QVBoxLayout()
        left.setSpacing(16)
        left.addWidget(self.state_label)
        left.addWidget(self.facts)
        left.addStretch(1)
        actions = QVBoxLayout()
        actions.setSpacing(20)
        for b in self.buttons.values():
            actions.addWidget(b)
        actions.addStretch(1)
        actions.addWidget(self.back_button)
        row = QHBoxLayout()
        row.setSpacing(48)
        row.addLayout(left, 3)
        row.addLayout(actions, 2)
        self.body.addLayout(row, 1)
        self.retranslate()

    def show_compartment(self, view: CompartmentView) -> None:
        self.view = view
        idle = not view.busy
        out = view.state is CompartmentState.OUT_OF_SERVICE
        # Shown as open while its door_forced alarm stands: the reason says what it waits for.
        inspect = needs_inspection(view.oos_reason)
        holds = view.dossier_code is not None
        offer = {
            CompartmentAction.INSPECT: idle and view.state is not CompartmentState.OPEN,
            CompartmentAction.COLLECT: idle and view.state is CompartmentState.DROPOFF,
            CompartmentAction.RETRIEVE: idle and view.recall is not None,
            CompartmentAction.OUT_OF_SERVICE: view.state is not CompartmentState.OUT_OF_SERVICE,
            CompartmentAction.BACK_IN_SERVICE: out
            and view.oos_reason != "disabled"
            and not inspect,
            CompartmentAction.FOUND_PRESENT: inspect and idle and holds,
            CompartmentAction.FOUND_MISSING: inspect and idle and holds,
            CompartmentAction.FOUND_EMPTY: inspect and idle and not holds,
        }
        for a, b in self.buttons.items():
            b.setVisible(offer[a])
        self.retranslate()

    def retranslate(self) -> None:
        v = self.view
        self.title.setText(self.tr("Ô tủ {label}").format(label=v.label if v else ""))
        if v is not None:
            self.state_label.setText(
                self.tr("Cỡ {size} · {state}").format(size=v.size, state=state_name(v.state))
            )
            self.facts.setText(self._facts(v))
        self.buttons[CompartmentAction.INSPECT].setText(self.tr("Mở cửa để kiểm tra"))
        self.buttons[CompartmentAction.COLLECT].setText(self.tr("Lấy hồ sơ đã nộp"))
        self.buttons[CompartmentAction.RETRIEVE].setText(self.tr("Thu hồi kết quả"))
        self.buttons[CompartmentAction.OUT_OF_SERVICE].setText(self.tr("Tạm ngưng phục vụ…"))
        self.buttons[CompartmentAction.BACK_IN_SERVICE].setText(self.tr("Phục vụ trở lại"))
        self.buttons[CompartmentAction.FOUND_PRESENT].setText(
            self.tr("Đã kiểm tra: hồ sơ còn trong ô")
        )
        self.buttons[CompartmentAction.FOUND_MISSING].setText(
            self.tr("Đã kiểm tra: hồ sơ không còn")
        )
        self.buttons[CompartmentAction.FOUND_EMPTY].setText(self.tr("Đã kiểm tra: ô trống"))
        self.back_button.setText(self.tr("Quay lại sơ đồ"))

    def _facts(self, v: CompartmentView) -> str:
        lines = []
        if v.dossier_code:
            lines.append(self.tr("Mã hồ sơ: {code}").format(code=v.dossier_code))
        if v.holder_masked:
            lines.append(self.tr("Người nhận: {holder}").format(holder=v.holder_masked))
        if v.procedure_name:
            lines.append(self.tr("Thủ tục: {procedure}").format(procedure=v.procedure_name))
        if v.since:
            lines.append(self.tr("Từ lúc: {time}").format(time=short_time(v.since)))
        if v.expires_at:
            lines.append(self.tr("Mã OTP hết hạn: {time}").format(time=short_time(v.expires_at)))
        if v.recall is not None:
            lines.append(self.tr("Cần thu hồi: {why}").format(why=recall_reason(v.recall)))
        if v.oos_reason:
            lines.append(self.tr("Lý do ngưng: {why}").format(why=oos_reason(v.oos_reason)))
        if v.busy:
            lines.append(self.tr("Đang có lệnh mở cửa cho ô này."))
        return "\n".join(lines) or self.tr("Ô trống.")


class OutOfServicePage(StaffPage):
    kind = StaffScreen.OUT_OF_SERVICE

    chosen = Signal(object)  # OosReason
    back = Signal()

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(settings, parent)
        self.compartment = ""
        self.hint = label("staff-text", self)
        self.body.addWidget(self.hint)
        grid = QGridLayout()
        grid.setSpacing(24)
        self.reasons = {r: self.staff_button() for r in OosReason}
        for n, (r, b) in enumerate(self.reasons.items()):
            b.clicked.connect(lambda _=False, why=r: self.chosen.emit(why))
            grid.addWidget(b, n // 2, n % 2)
        # "Hủy" as large as a reason, at the bottom right where the other pages keep their
        # way back, apart from the reasons so that it is not read as one of them.
        rows = (len(self.reasons) + 1) // 2
        grid.setRowStretch(rows, 1)
        self.back_button = self.staff_button()
        self.back_button.clicked.connect(self.back.emit)
        grid.addWidget(self.back_button, rows + 1, 1)
        self.body.addLayout(grid, 1)
        self.retranslate()

    def show_compartment(self, compartment: str) -> None:
        self.compartment = compartment
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Tạm ngưng phục vụ ô {label}").format(label=self.compartment))
        self.hint.setText(
            self.tr("Chọn lý do. Ô tủ sẽ không được dùng cho đến khi cán bộ cho phục vụ trở lại.")
        )
        for r, b in self.reasons.items():
            b.setText(oos_reason(r.value))
        self.back_button.setText(self.tr("Hủy"))
