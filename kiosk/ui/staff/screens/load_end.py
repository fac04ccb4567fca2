"""Loading results, after the door: the envelope placed (with its re-open grace) and the
session's printed summary, and the list of the session's envelopes both the scan page and the
summary show."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from kiosk.services.staff_ops import LoadedEnvelope
from kiosk.settings import Settings
from kiosk.ui.staff.machine import StaffScreen
from kiosk.ui.staff.page import Row, RowList, StaffPage
from kiosk.ui.widgets.common import label, set_role


class SessionList(RowList):
    """The envelopes loaded so far in this session."""

    def show_envelopes(self, envelopes: Sequence[LoadedEnvelope]) -> None:
        self.clear()
        for e in envelopes:
            row = Row(self.widget())
            row.text(e.compartment, "staff-door")
            row.text(f"{e.dossier_code}\n{e.holder_masked}", "staff-small", 1)
            self.add(row)
        self.show_empty(not envelopes)


class LoadDonePage(StaffPage):
    kind = StaffScreen.LOAD_DONE

    reopen = Signal()
    next_envelope = Signal()
    finish = Signal()

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(settings, parent)
        self.envelope: LoadedEnvelope | None = None
        self.grace_s = 0
        self.count = 0
        self.facts = label("staff-text", self)
        self.note = label("staff-small", self)
        self.next_button = self.staff_button("primary")
        self.next_button.clicked.connect(self.next_envelope.emit)
        self.reopen_button = self.staff_button()
        self.reopen_button.clicked.connect(self.reopen.emit)
        self.finish_button = self.staff_button()
        self.finish_button.clicked.connect(self.finish.emit)
        self.body.addWidget(self.facts)
        self.body.addWidget(self.note)
        self.body.addStretch(1)
        self.body.addWidget(self.next_button)
        self.button_row(self.reopen_button, self.finish_button)
        self.retranslate()

    def show_done(self, envelope: LoadedEnvelope, grace_s: float, count: int) -> None:
        self.envelope, self.count = envelope, count
        self.show_grace(grace_s)

    def show_grace(self, grace_s: float) -> None:
        self.grace_s = int(grace_s)
        self.reopen_button.setEnabled(self.grace_s > 0)
        self.retranslate()

    def retranslate(self) -> None:
        e = self.envelope
        label_ = e.compartment if e else ""
        set_role(self.title, "staff-title-good")
        self.title.setText(self.tr("Đã nạp vào ô {label}").format(label=label_))
        if e is not None:
            self.facts.setText(
                self.tr("Mã hồ sơ: {code}\nNgười nhận: {holder}\nThủ tục: {procedure}").format(
                    code=e.dossier_code, holder=e.holder_masked, procedure=e.procedure_name
                )
            )
        self.note.setText(
            self.tr(
                "Mã OTP của công dân đã dùng được. Đã nạp %n phong bì trong phiên này.",
                "",
                self.count,
            )
        )
        self.next_button.setText(self.tr("Nạp phong bì tiếp theo"))
        self.reopen_button.setText(
            self.tr("Mở lại ô {label} (còn {seconds} giây)").format(
                label=label_, seconds=self.grace_s
            )
            if self.grace_s > 0
            else self.tr("Hết thời gian mở lại ô {label}").format(label=label_)
        )
        self.finish_button.setText(self.tr("Kết thúc, in phiếu tổng hợp"))


class PrintStep(StrEnum):
    PRINTING = "printing"
    PRINTED = "printed"
    FAILED = "failed"


class LoadSummaryPage(StaffPage):
    kind = StaffScreen.LOAD_SUMMARY

    reprint = Signal()
    more = Signal()

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(settings, parent)
        self.loaded: list[LoadedEnvelope] = []
        self.step = PrintStep.PRINTING
        self.paper_out = False
        self.status = label("staff-subtitle", self)
        self.session = SessionList(self)
        self.reprint_button = self.staff_button("primary")
        self.reprint_button.clicked.connect(self.reprint.emit)
        self.more_button = self.staff_button()
        self.more_button.clicked.connect(self.more.emit)
        self.body.addWidget(self.status)
        self.body.addWidget(self.session, 1)
        self.button_row(self.reprint_button, self.more_button)
        self.retranslate()

    def show_summary(
        self, loaded: Sequence[LoadedEnvelope], step: PrintStep, paper_out: bool = False
    ) -> None:
        """``paper_out``: why a print failed, when it is known to be the paper."""
        self.loaded, self.step, self.paper_out = list(loaded), step, paper_out
        self.session.show_envelopes(self.loaded)
        self.reprint_button.setVisible(step is PrintStep.FAILED)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Tổng hợp phiên nạp: %n phong bì", "", len(self.loaded)))
        self.status.setText(
            {
                PrintStep.PRINTING: self.tr("Đang in phiếu tổng hợp…"),
                PrintStep.PRINTED: self.tr("Đã in phiếu tổng hợp. Vui lòng lấy phiếu."),
                PrintStep.FAILED: self.tr("Không in được phiếu: máy in hết giấy.")
                if self.paper_out
                else self.tr("Không in được phiếu: máy in không sẵn sàng."),
            }[self.step]
        )
        self.session.set_empty_text(self.tr("Chưa nạp phong bì nào."))
        self.reprint_button.setText(self.tr("In lại"))
        self.more_button.setText(self.tr("Nạp thêm phong bì"))
