"""The scanner: read any code to see that it works."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from PySide6.QtWidgets import QWidget

from kiosk.settings import Settings
from kiosk.ui.staff.machine import StaffScreen
from kiosk.ui.staff.page import StaffPage
from kiosk.ui.widgets.common import label


class TechScannerPage(StaffPage):
    kind = StaffScreen.TECH_SCANNER

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(settings, parent)
        self.last: str | None = None
        self.at: datetime | None = None
        self.reads = 0
        self.health: Mapping[str, Any] = {}
        self.instruction = label("staff-subtitle", self)
        self.code = label("code-field-small", self, center=True)
        self.when = label("staff-text", self)
        self.facts = label("staff-small", self)
        for w in (self.instruction, self.code, self.when, self.facts):
            self.body.addWidget(w)
        self.body.addStretch(1)
        self.retranslate()

    def reset(self) -> None:
        self.last, self.at, self.reads = None, None, 0

    def show_read(self, text: str, at: datetime) -> None:
        self.last, self.at = text, at
        self.reads += 1
        self.retranslate()

    def show_health(self, health: Mapping[str, Any]) -> None:
        self.health = health
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Máy quét: thử đọc mã"))
        self.instruction.setText(self.tr("Đưa một mã QR hoặc mã vạch bất kỳ vào máy quét."))
        self.code.setText(self.last if self.last is not None else self.tr("Chưa đọc được mã nào"))
        self.when.setText(
            self.tr("Đọc lúc {time} · %n lần trong lần thử này", "", self.reads).format(
                time=f"{self.at:%H:%M:%S}"
            )
            if self.at is not None
            else ""
        )
        h = self.health
        self.facts.setText(
            self.tr("Loại: {kind} · cổng: {port} · đã đọc {reads} · bỏ qua {discarded}").format(
                kind=self._kind(h.get("kind")),
                port=h.get("port", "—"),
                reads=h.get("reads", "—"),
                discarded=h.get("discarded", "—"),
            )
        )

    def _kind(self, kind: object) -> str:
        """How the scanner is connected (the driver's ``kind``)."""
        return {
            "serial": self.tr("cổng nối tiếp"),
            "evdev": self.tr("bàn phím USB (evdev)"),
            "none": self.tr("không có máy quét"),
        }.get(str(kind), "—" if kind is None else str(kind))
