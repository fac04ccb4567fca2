"""The simulator window's receipts: what the simulated printer printed, drawn as paper.

The pictures come from the bytes the printer simulator received (``drivers.printer.render``),
so they show what our driver sent, not what it meant to send. Newest first.
"""

from __future__ import annotations

from PIL import Image
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from drivers.printer.render import render_receipts
from drivers.printer.sim import PrinterSimulator

POLL_MS = 500
SHOWN_WIDTH = 380  # px: the paper's 576 dots scaled to the panel


def to_pixmap(picture: Image.Image, width: int = SHOWN_WIDTH) -> QPixmap:
    grey = picture.convert("L")
    image = QImage(
        grey.tobytes(), grey.width, grey.height, grey.width, QImage.Format.Format_Grayscale8
    )
    return QPixmap.fromImage(image.copy()).scaledToWidth(
        width, Qt.TransformationMode.SmoothTransformation
    )


class ReceiptsView(QScrollArea):
    def __init__(self, printer: PrinterSimulator, width_dots: int, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("SimReceipts")
        self._printer = printer
        self._width_dots = width_dots
        self.pictures: list[QLabel] = []
        inner = QWidget(self)
        self._column = QVBoxLayout(inner)
        self._empty = QLabel("Nothing printed yet.", inner)
        self._column.addWidget(self._empty)
        self._column.addStretch(1)
        self.setWidget(inner)
        self.setWidgetResizable(True)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.refresh)
        self._timer.start(POLL_MS)

    def refresh(self) -> None:
        """Draw the receipts cut since the last look. The whole stream is drawn again (a
        raster image may hold any byte, so only a parse finds the cuts), but only when the
        simulator has counted a new cut."""
        if len(self._printer.receipts) <= len(self.pictures):
            return
        drawn = render_receipts(bytes(self._printer.received), width_dots=self._width_dots)
        self._empty.setVisible(not drawn)
        for picture in drawn[len(self.pictures) :]:
            label = QLabel(self.widget())
            label.setPixmap(to_pixmap(picture))
            label.setToolTip(f"receipt {len(self.pictures) + 1}")
            self._column.insertWidget(0, label)
            self.pictures.append(label)
