"""Rate the service with one of five faces, then thanks."""

from __future__ import annotations

from PySide6.QtCore import QSize, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from kiosk.settings import Settings
from kiosk.ui.assets import icon_path
from kiosk.ui.machine import Screen
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.widgets.common import button, label

SCORES = (5, 4, 3, 2, 1)  # left to right, as the one-stop counters' rating pads show them
FACE_PX = 150


class RatingScreen(KioskScreen):
    kind = Screen.RATING

    rated = Signal(int)
    skipped = Signal()

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(settings, parent)
        self.title = label("title", self, center=True)
        self.question = label("subtitle", self, center=True)
        self.faces: dict[int, QPushButton] = {}
        faces = QHBoxLayout()
        faces.setSpacing(28)
        for score in SCORES:
            face = button("face", self)
            face.setIcon(QIcon(icon_path(f"face-{score}.svg")))
            face.setIconSize(QSize(FACE_PX, FACE_PX))
            face.clicked.connect(lambda _=False, s=score: self.rated.emit(s))
            faces.addWidget(face)
            self.faces[score] = face
        self.captions: dict[int, QLabel] = {}
        captions = QHBoxLayout()
        captions.setSpacing(28)
        for score in SCORES:
            caption = label("body", self, center=True)
            captions.addWidget(caption)
            self.captions[score] = caption
        self.skip = button("", self)
        self.skip.clicked.connect(self.skipped.emit)
        self.body.addStretch(1)
        self.body.addWidget(self.title)
        self.body.addWidget(self.question)
        self.body.addSpacing(24)
        self.body.addLayout(faces)
        self.body.addLayout(captions)
        self.body.addStretch(1)
        self.body.addWidget(self.skip)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Đánh giá mức độ hài lòng"))
        self.question.setText(self.tr("Ông/Bà có hài lòng với dịch vụ hôm nay không?"))
        names = {
            5: self.tr("Rất hài lòng"),
            4: self.tr("Hài lòng"),
            3: self.tr("Bình thường"),
            2: self.tr("Không hài lòng"),
            1: self.tr("Rất không hài lòng"),
        }
        for score, name in names.items():
            self.captions[score].setText(name)
            self.faces[score].setAccessibleName(name)
        self.skip.setText(self.tr("Bỏ qua"))


class ThanksScreen(KioskScreen):
    kind = Screen.THANKS

    another = Signal()

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(settings, parent)
        self.title = label("good", self, center=True)
        self.message = label("subtitle", self, center=True)
        self.home_now = self.home_button("primary")
        self.another_button = button("", self)
        self.another_button.clicked.connect(self.another.emit)
        self.body.addStretch(1)
        self.body.addWidget(self.title)
        self.body.addWidget(self.message)
        self.body.addStretch(1)
        self.button_row(self.another_button, self.home_now)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Xin cảm ơn!"))
        self.message.setText(self.tr("Cảm ơn Ông/Bà đã sử dụng ATM hồ sơ 24/7. Hẹn gặp lại!"))
        self.home_now.setText(self.tr("Về màn hình chính"))
        self.another_button.setText(self.tr("Nhận kết quả khác"))
