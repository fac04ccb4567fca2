"""Logs: the last lines, the audit log's check, an export to a USB stick or the data folder."""

from __future__ import annotations

import errno
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QWidget

from kiosk.services.diagnostics import ExportFailed, ExportResult
from kiosk.settings import Settings
from kiosk.store.audit import ChainReport, Finding
from kiosk.ui.staff.machine import StaffScreen
from kiosk.ui.staff.page import RowList, StaffPage
from kiosk.ui.widgets.common import button, label, set_role

SHOWN_LINES = 40


class TechLogsPage(StaffPage):
    kind = StaffScreen.TECH_LOGS

    verify = Signal()
    export = Signal(object)  # Path

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(settings, parent)
        self.lines: list[str] = []
        self.targets: list[Path] = []
        self.report: ChainReport | None = None
        self.exporting = False
        self.exported: ExportResult | BaseException | None = None  # what the last one wrote
        self.log_view = RowList(self)
        self.log_text = label("staff-log", self.log_view.widget())
        self.log_view.add(self.log_text)
        # The newest lines are at the bottom: keep them in view.
        bar = self.log_view.verticalScrollBar()
        bar.rangeChanged.connect(lambda _low, high: bar.setValue(high))
        self.audit = label("staff-text", self)
        self.verify_button = self.staff_button()
        self.verify_button.clicked.connect(self.verify.emit)
        self.export_title = label("staff-text", self)
        self.export_result = label("staff-small", self)
        self.targets_row = QHBoxLayout()
        self.targets_row.setSpacing(16)
        self.body.addWidget(self.log_view, 1)
        row = QHBoxLayout()
        row.setSpacing(24)
        row.addWidget(self.audit, 1)
        row.addWidget(self.verify_button)
        self.body.addLayout(row)
        self.body.addWidget(self.export_title)
        self.body.addLayout(self.targets_row)
        self.body.addWidget(self.export_result)
        self.retranslate()

    def reset(self) -> None:
        self.report = None
        self.exporting, self.exported = False, None

    def show_lines(self, lines: Sequence[str]) -> None:
        self.lines = list(lines)[-SHOWN_LINES:]
        self.log_text.setText("\n".join(self.lines))
        self.log_view.show_empty(not self.lines)
        self.retranslate()

    def show_targets(self, targets: Sequence[Path]) -> None:
        self.targets = list(targets)
        while self.targets_row.count():
            item = self.targets_row.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()  # at once: the deletion waits for the event loop
                widget.deleteLater()
        for target in self.targets:
            b = button("staff", self)
            b.setText(str(target))
            b.clicked.connect(lambda _=False, t=target: self.export.emit(t))
            self.targets_row.addWidget(b)

    def show_verify(self, report: ChainReport) -> None:
        self.report = report
        self.retranslate()

    def show_exporting(self) -> None:
        self.exporting, self.exported = True, None
        self.retranslate()

    def show_export(self, outcome: ExportResult | BaseException) -> None:
        """The export's files, or why there are none."""
        self.exporting, self.exported = False, outcome
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Nhật ký"))
        self.log_view.set_empty_text(self.tr("Chưa có dòng nhật ký nào."))
        # The result is the line ``kiosk audit verify`` prints, as technicians know it.
        self.audit.setText(
            self.tr("Nhật ký kiểm toán: chưa kiểm tra")
            if self.report is None
            else self._report_text(self.report)
        )
        self.verify_button.setText(self.tr("Kiểm tra nhật ký kiểm toán"))
        self.export_title.setText(
            self.tr("Xuất nhật ký, cấu hình (không có mật khẩu) và nhật ký kiểm toán ra:")
        )
        self.export_result.setText(
            self.tr("Đang xuất…") if self.exporting else self._export_text(self.exported)
        )
        ok = not isinstance(self.exported, BaseException) and (
            not isinstance(self.exported, ExportResult) or self.exported.verify.ok
        )
        set_role(self.export_result, "staff-small" if ok else "staff-bad")

    def _export_text(self, outcome: ExportResult | BaseException | None) -> str:
        if outcome is None:
            return ""
        if isinstance(outcome, ExportResult):
            files, v = len(outcome.files), outcome.verify
            return (
                self.tr(
                    "Đã xuất %n tệp vào {folder}; nhật ký kiểm toán trong đó nguyên vẹn.", "", files
                )
                if v.ok
                else self.tr(
                    "Đã xuất %n tệp vào {folder}; nhật ký kiểm toán trong đó BỊ HỎNG tại dòng"
                    " {seq}.",
                    "",
                    files,
                )
            ).format(folder=outcome.folder, seq=v.first_bad_seq)
        if isinstance(outcome, ExportFailed):
            return self.tr("Không xuất được vào {dest}: {why}.").format(
                dest=outcome.dest, why=self._os_problem(outcome.errno)
            )
        return self.tr("Không xuất được: có lỗi không mong đợi; chi tiết đã được ghi vào nhật ký.")

    def _os_problem(self, number: int | None) -> str:
        return {
            errno.ENOSPC: self.tr("hết chỗ trống"),
            errno.EROFS: self.tr("ổ chỉ cho đọc, không cho ghi"),
            errno.EACCES: self.tr("không có quyền ghi"),
            errno.EPERM: self.tr("không có quyền ghi"),
            errno.ENOENT: self.tr("không còn thấy thư mục (ổ USB đã được rút ra?)"),
            errno.ENODEV: self.tr("không còn thấy ổ (ổ USB đã được rút ra?)"),
            errno.EIO: self.tr("lỗi đọc ghi trên ổ"),
            errno.ENOTDIR: self.tr("đường dẫn không phải là một thư mục"),
        }.get(number or 0, self.tr("lỗi khi ghi tệp (mã lỗi {number})").format(number=number))

    def _report_text(self, r: ChainReport) -> str:
        """The check's result from its fields (``ChainReport.text`` is the command line's)."""
        if not r.ok:
            return self.tr("Nhật ký kiểm toán BỊ HỎNG tại dòng {seq}: {finding}").format(
                seq=r.first_bad_seq, finding=self._finding(r.finding)
            )
        lines = [self.tr("Nhật ký kiểm toán nguyên vẹn: %n dòng", "", r.rows)]
        if r.checkpoint_seq:
            lines.append(self.tr("kiểm tra từ điểm mốc ở dòng {seq}").format(seq=r.checkpoint_seq))
        lines.append(
            self.tr("dòng cuối khớp với mốc neo ở dòng {seq}").format(seq=r.head_seq)
            if r.anchor_checked
            else self.tr("chưa kiểm tra mốc neo: không có khóa thiết bị")
        )
        return ", ".join(lines)

    def _finding(self, finding: Finding) -> str:
        return {
            Finding.OK: self.tr("không có lỗi"),
            Finding.MISSING: self.tr("thiếu một dòng ở giữa"),
            Finding.OUT_OF_ORDER: self.tr("một dòng không nối tiếp dòng trước"),
            Finding.ALTERED: self.tr("nội dung một dòng đã bị sửa"),
            Finding.TRUNCATED: self.tr("các dòng mới nhất đã bị xóa"),
            Finding.RECOMPUTED: self.tr("chuỗi đã bị tính lại, không khớp mốc neo"),
            Finding.ADDED: self.tr("có dòng được ghi thêm ngoài phần mềm kiosk"),
            Finding.ANCHOR_MISSING: self.tr("mất mốc neo"),
            Finding.ANCHOR_FORGED: self.tr("mốc neo bị giả mạo"),
            Finding.NO_ANCHOR_TABLE: self.tr("cơ sở dữ liệu chưa được nâng cấp để có mốc neo"),
        }[finding]
