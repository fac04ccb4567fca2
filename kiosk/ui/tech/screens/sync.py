"""Sync with the central system: online or not, last success and error, what waits, rejections."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from kiosk.services.diagnostics import SyncState
from kiosk.settings import Settings
from kiosk.ui.staff.machine import StaffScreen
from kiosk.ui.staff.page import Row, RowList, StaffPage
from kiosk.ui.staff.words import event_name, short_time, sync_failure
from kiosk.ui.widgets.common import label


class TechSyncPage(StaffPage):
    kind = StaffScreen.TECH_SYNC

    sync_now = Signal()

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(settings, parent)
        self.state: SyncState | None = None
        self.requested = False
        self.online = label("staff-subtitle", self)
        self.facts = label("staff-text", self)
        self.sync_button = self.staff_button("primary")
        self.sync_button.clicked.connect(self.sync_now.emit)
        self.requested_label = label("staff-small", self)
        self.rejected_title = label("staff-subtitle", self)
        self.rejected = RowList(self)
        for w in (self.online, self.facts, self.sync_button, self.requested_label):
            self.body.addWidget(w)
        self.body.addWidget(self.rejected_title)
        self.body.addWidget(self.rejected, 1)
        self.retranslate()

    def reset(self) -> None:
        self.requested = False

    def show_state(self, state: SyncState) -> None:
        self.state = state
        self.rejected.clear()
        for r in state.rejected:
            row = Row(self.rejected.widget())
            where = " · ".join(x for x in (r.dossier_code, r.compartment) if x)
            row.text(f"{event_name(r.type)} {where}\n{short_time(r.occurred_at)}", "staff-small")
            # The reason is the central system's own text, quoted as it came.
            row.text(
                self.tr("Hệ thống trả lời: “{reason}”").format(reason=r.reason)
                if r.reason
                else self.tr("Hệ thống không nêu lý do."),
                "staff-text",
                1,
            )
            self.rejected.add(row)
        self.rejected.show_empty(not state.rejected)
        self.retranslate()

    def show_requested(self) -> None:
        self.requested = True
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Đồng bộ với hệ thống một cửa điện tử"))
        s = self.state
        if s is not None:
            self.online.setText(self.tr("Trực tuyến") if s.online else self.tr("Mất kết nối"))
            self.online.setProperty("role", "staff-good" if s.online else "staff-bad")
            self.online.style().polish(self.online)
            self.facts.setText(
                "\n".join(
                    [
                        self.tr("Lần đồng bộ thành công gần nhất: {time}").format(
                            time=short_time(s.last_success_at)
                        ),
                        self.tr("Lỗi gần nhất: {error}").format(
                            error=sync_failure(s.last_failure) if s.last_failure else "—"
                        ),
                        self.tr("Sự kiện chờ gửi: {count} (cũ nhất: {time})").format(
                            count=s.outbox_pending, time=short_time(s.outbox_oldest_at)
                        ),
                    ]
                )
            )
        self.sync_button.setText(self.tr("Đồng bộ ngay"))
        self.requested_label.setText(
            self.tr("Đã yêu cầu đồng bộ; kết quả hiện ở trên sau vài giây.")
            if self.requested
            else ""
        )
        self.rejected_title.setText(self.tr("Sự kiện bị hệ thống từ chối"))
        self.rejected.set_empty_text(self.tr("Không có sự kiện nào bị từ chối."))
