"""Home: collect a result, drop off a dossier, look a dossier up, choose the language."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QWidget

from kiosk.services.availability import Availability
from kiosk.settings import Settings
from kiosk.ui.i18n import Language
from kiosk.ui.machine import Screen
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.widgets.common import ChoiceButton, button, label, set_role


class HomeScreen(KioskScreen):
    kind = Screen.HOME

    def idle_applies(self) -> bool:
        return False

    pickup = Signal()
    dropoff = Signal()
    lookup = Signal()
    language = Signal(object)  # Language
    accessible = Signal(bool)  # the citizen turned the accessible mode on or off
    staff = Signal()  # the discreet corner that opens the staff sign-in (kiosk/ui/staff)

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(settings, parent)
        self.available = Availability()
        self.greeting = label("title", self, center=True)
        self.question = label("subtitle", self, center=True)
        self.pickup_button = ChoiceButton("choice", self)
        self.pickup_button.clicked.connect(self.pickup.emit)
        self.dropoff_button = ChoiceButton("choice", self)
        self.dropoff_button.clicked.connect(self.dropoff.emit)
        self.lookup_button = button("choice-secondary", self)
        self.lookup_button.clicked.connect(self.lookup.emit)
        self.scan_hint = label("hint", self, center=True)
        self.accessible_note = label("body", self, center=True)
        self.accessible_note.hide()

        self.body.addWidget(self.greeting)
        self.body.addWidget(self.question)
        self.body.addSpacing(16)
        choices = QHBoxLayout()
        choices.setSpacing(40)
        choices.addWidget(self.pickup_button)
        choices.addWidget(self.dropoff_button)
        self.body.addLayout(choices)
        self.body.addWidget(self.lookup_button)
        self.body.addWidget(self.scan_hint)
        self.body.addWidget(self.accessible_note)
        self.body.addStretch(1)

        self.vietnamese = button("lang", self)
        self.vietnamese.setText("Tiếng Việt")
        self.english = button("lang", self)
        self.english.setText("English")
        langs = QHBoxLayout()
        # For ward staff, not citizens: small, in the corner.
        self.staff_corner = button("staff-corner", self)
        self.staff_corner.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.staff_corner.clicked.connect(self.staff.emit)
        langs.addWidget(self.staff_corner)
        langs.addStretch(1)
        # Larger text, more time, a low door: for whoever needs it, beside the languages.
        self.accessible_button = button("lang", self)
        self.accessible_button.setCheckable(True)
        self.accessible_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.accessible_button.clicked.connect(
            lambda: self.accessible.emit(self.accessible_button.isChecked())
        )
        langs.addWidget(self.accessible_button)
        for b, lang in ((self.vietnamese, Language.VI), (self.english, Language.EN)):
            b.setCheckable(True)
            b.clicked.connect(lambda _=False, lg=lang: self.language.emit(lg))
            b.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
            langs.addWidget(b)
        self.body.addLayout(langs)
        self.show_language(Language.VI)
        self.retranslate()

    def show_language(self, language: Language) -> None:
        self.vietnamese.setChecked(language is Language.VI)
        self.english.setChecked(language is Language.EN)

    def show_availability(self, available: Availability) -> None:
        """Say what does not work now on its button, before the citizen taps it (the tap
        still leads to what does)."""
        self.available = available
        self.retranslate()

    def show_accessible(self, on: bool) -> None:
        super().show_accessible(on)
        self.accessible_button.setChecked(on)
        self.accessible_note.setVisible(on)
        # The pickup button says "mã OTP hoặc mã QR" too: the larger text needs the room.
        self.scan_hint.setVisible(not on)

    def retranslate(self) -> None:
        self.greeting.setText(self.tr("Xin chào!"))
        self.question.setText(self.tr("Ông/Bà cần làm gì? Chạm vào một nút bên dưới."))
        stopped = self.tr("Tạm ngưng phục vụ")
        a = self.available
        self.pickup_button.set_texts(
            self.tr("Nhận kết quả"),
            self.tr("bằng mã OTP hoặc mã QR trong tin nhắn SMS") if a.pickup else stopped,
        )
        self.dropoff_button.set_texts(
            self.tr("Nộp hồ sơ"), self.tr("hồ sơ giấy đã có mã hồ sơ") if a.dropoff else stopped
        )
        for choice, works in ((self.pickup_button, a.pickup), (self.dropoff_button, a.dropoff)):
            if (choice.property("role") == "choice") is not works:
                set_role(choice, "choice" if works else "choice-off")
                for part in (choice.title, choice.detail):  # their colour follows the button's
                    set_role(part, str(part.property("role")))
        self.lookup_button.setText(self.tr("Tra cứu hồ sơ"))
        self.accessible_button.setText(self.tr("Hỗ trợ"))
        self.accessible_note.setText(
            self.tr("Chế độ hỗ trợ: chữ lớn, thêm thời gian, ô tủ thấp cho người đi xe lăn.")
        )
        self.staff_corner.setText(self.tr("Cán bộ"))
        self.scan_hint.setText(
            self.tr(
                "Có mã QR trong tin nhắn? Đưa mã QR vào máy quét bên dưới màn hình để nhận kết quả."
            )
        )
