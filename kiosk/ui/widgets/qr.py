"""A QR code drawn as a pixmap, for a receipt shown on screen when the printer cannot print."""

from __future__ import annotations

import qrcode
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap

QUIET_MODULES = 4


def qr_pixmap(data: str, size_px: int) -> QPixmap:
    code = qrcode.QRCode(border=0, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(data)
    code.make(fit=True)
    matrix: list[list[bool]] = code.get_matrix()
    modules = len(matrix) + 2 * QUIET_MODULES
    module_px = max(size_px // modules, 1)
    side = module_px * modules
    image = QImage(side, side, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("black"))
    for y, line in enumerate(matrix):
        for x, dark in enumerate(line):
            if dark:
                painter.drawRect(
                    QRect(
                        (x + QUIET_MODULES) * module_px,
                        (y + QUIET_MODULES) * module_px,
                        module_px,
                        module_px,
                    )
                )
    painter.end()
    return QPixmap.fromImage(image)
