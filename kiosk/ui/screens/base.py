"""What every screen shares: the frame, re-reading texts on a language change, clearing input."""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from drivers.interfaces import Receipt
from kiosk.settings import Settings
from kiosk.ui.machine import Screen
from kiosk.ui.voice_prompts import PROMPTS
from kiosk.ui.widgets.common import button, label
from kiosk.ui.widgets.page import Page
from kiosk.ui.widgets.paper import PaperReceipt

MARGIN = 72
# Above and below the screen's content, and between its parts; less in the accessible mode,
# whose larger text needs the room.
SPACE = (28, 24)
COMPACT_SPACE = (8, 12)


class KioskScreen(Page):
    """A citizen screen, with a way home."""

    kind: ClassVar[Screen]
    button_spacing = 32

    home = Signal()

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(settings, parent)
        self.setObjectName("Screen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._space(SPACE)

    def idle_applies(self) -> bool:
        """Untouched for the idle time, the screen returns home; not while the kiosk works or
        waits for a door (the citizen is not the one keeping it busy)."""
        return True

    def spoken(self) -> list[str]:
        """The prompts said when the screen appears (keys of kiosk/ui/voice_prompts.py)."""
        return [self.kind.value] if self.kind.value in PROMPTS else []

    def show_accessible(self, on: bool) -> None:
        """The accessible mode turned on or off (its larger text is the stylesheet's)."""
        self._space(COMPACT_SPACE if on else SPACE)

    def _space(self, space: tuple[int, int]) -> None:
        edge, between = space
        self.body.setContentsMargins(MARGIN, edge, MARGIN, edge)
        self.body.setSpacing(between)

    # --- helpers for subclasses -------------------------------------------------------------

    def home_button(self, role: str = "") -> QPushButton:
        widget = button(role, self)
        widget.clicked.connect(self.home.emit)
        return widget

    def title_row(self, title: QLabel, back: QPushButton) -> QHBoxLayout:
        """The title with "Quay lại" at its right: where every entry screen has its way back."""
        row = QHBoxLayout()
        row.addWidget(title, 1)
        back.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        row.addWidget(back)
        return row

    @property
    def hotline(self) -> str:
        return self.settings.kiosk.hotline

    def with_hours(self, text: str) -> str:
        """Fill ``{hours}`` (Vietnamese) or ``{hours_en}``, whichever the translation uses."""
        k = self.settings.kiosk
        return text.format(hours=k.office_hours, hours_en=k.office_hours_en)


class NoticeScreen(KioskScreen):
    """A message with what to do next: the refusals, the apologies, the thanks.

    Subclasses call ``show_notice`` from ``retranslate`` with texts from their own ``tr``.
    """

    def __init__(
        self, settings: Settings, parent: QWidget | None = None, title_role: str = "danger"
    ) -> None:
        super().__init__(settings, parent)
        self.title = label(title_role, self)
        self.message = label("subtitle", self)
        self.card = QFrame(self)
        self.card.setProperty("role", "card")
        card_layout = QVBoxLayout(self.card)
        card_layout.setContentsMargins(40, 28, 40, 28)
        card_layout.setSpacing(16)
        self.next_heading = label("body", self.card)
        card_layout.addWidget(self.next_heading)
        self.steps: list[QLabel] = []
        self._card_layout = card_layout
        self.body.addStretch(1)
        self.body.addWidget(self.title)
        self.body.addWidget(self.message)
        #: The card, and beside it whatever a subclass adds (a receipt drawn on screen).
        self.middle = QHBoxLayout()
        self.middle.setSpacing(40)
        self.middle.addWidget(self.card, 1)
        self.body.addLayout(self.middle)
        self.body.addStretch(2)

    def show_notice(self, title: str, message: str, steps: list[str]) -> None:
        self.title.setText(title)
        self.message.setText(message)
        self.message.setVisible(bool(message))
        while len(self.steps) < len(steps):
            step = label("body", self.card)
            self._card_layout.addWidget(step)
            self.steps.append(step)
        for i, step in enumerate(self.steps):
            step.setVisible(i < len(steps))
            if i < len(steps):
                step.setText(f"•  {steps[i]}")
        self.card.setVisible(bool(steps))
        self.next_heading.setText(self.tr("Ông/Bà có thể:"))

    # The two ways to a person that most notices offer.

    def counter_step(self) -> str:
        return self.with_hours(self.tr("Đến bộ phận một cửa trong giờ hành chính: {hours}."))

    def hotline_step(self) -> str:
        return self.tr("Gọi Đường dây nóng {hotline}.").format(hotline=self.hotline)


class IncidentSlipScreen(NoticeScreen):
    """A notice that comes with an incident slip: printed, or drawn beside the notice when the
    printer could not (``show_unprinted``) so the citizen can photograph it. Subclasses word
    the slip's line from ``printed`` in their ``retranslate``."""

    def __init__(
        self, settings: Settings, parent: QWidget | None = None, title_role: str = "danger"
    ) -> None:
        super().__init__(settings, parent, title_role)
        self.printed = True
        self.paper = PaperReceipt(self)
        self.paper.hide()
        self.middle.addWidget(self.paper, 1)
        self.back = self.home_button("primary")
        self.button_row(self.back)

    def expect_slip(self) -> None:
        """A new notice: its slip is on its way to the printer."""
        self.printed = True
        self.paper.hide()

    def show_unprinted(self, receipt: Receipt) -> None:
        """The slip could not be printed: show it."""
        self.printed = False
        self.paper.show_receipt(receipt)
        self.paper.show()
        self.retranslate()
