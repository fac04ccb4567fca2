"""A receipt drawn on screen, for when the printer cannot print it: its text and its QR."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from drivers.interfaces import Receipt
from kiosk.ui.widgets.common import label
from kiosk.ui.widgets.qr import qr_pixmap

QR_PX = 300


class PaperReceipt(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "paper")
        row = QHBoxLayout(self)
        row.setContentsMargins(32, 24, 32, 24)
        row.setSpacing(32)
        self.qr = QLabel(self)
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr.setFixedSize(QR_PX, QR_PX)
        row.addWidget(self.qr)
        text = QVBoxLayout()
        text.setSpacing(8)
        self.title = label("title", self)
        self.lines = label("body", self)
        text.addWidget(self.title)
        text.addWidget(self.lines)
        text.addStretch(1)
        row.addLayout(text, 1)

    def show_receipt(self, receipt: Receipt) -> None:
        """The receipt's own words, as the printer would have printed them."""
        self.qr.setPixmap(qr_pixmap(receipt.qr_data, QR_PX))
        self.title.setText(receipt.title)
        labels = receipt.labels
        lines = [
            f"{labels.dossier}: {receipt.dossier_code}",
            receipt.procedure,
            f"{labels.compartment}: {receipt.compartment}" if receipt.compartment else "",
            f"{labels.time}: {receipt.time:%H:%M %d/%m/%Y}",
            receipt.message,
            *receipt.extra_lines,
        ]
        self.lines.setText("\n".join(line for line in lines if line))
