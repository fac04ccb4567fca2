"""The kiosk's window: a header (who we are, the time), the screens, the idle countdown and a
footer (the hotline). Which screen shows is the state machine's business."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QDateTime, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from kiosk.settings import Settings
from kiosk.ui.accessible import AccessibleMode
from kiosk.ui.i18n import Language, Languages
from kiosk.ui.machine import Screen
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.screens.door import CloseReminderScreen, DoorOpenScreen
from kiosk.ui.screens.door_doubts import DoorUnknownScreen, PapersLeftScreen
from kiosk.ui.screens.dropoff import (
    DropoffCodeScreen,
    DropoffRefusedScreen,
    DropoffSizeScreen,
    NoFreeCompartmentScreen,
)
from kiosk.ui.screens.dropoff_cancel import DropoffCancelledScreen, DropoffCancelScreen
from kiosk.ui.screens.home import HomeScreen
from kiosk.ui.screens.lookup import LookupCodeScreen, LookupResultScreen
from kiosk.ui.screens.lost_code import LostCodePhoneScreen, LostCodeScreen, LostCodeSentScreen
from kiosk.ui.screens.pickup import PhoneDigitsScreen, PickupCodeScreen
from kiosk.ui.screens.rating import RatingScreen, ThanksScreen
from kiosk.ui.screens.receipt import ReceiptOnScreenScreen, TakeReceiptScreen
from kiosk.ui.screens.refusals import (
    CodePausedScreen,
    DoorFailedScreen,
    OutOfServiceScreen,
    ProblemScreen,
    SeeCounterScreen,
    WrongCodeScreen,
)
from kiosk.ui.screens.report import ReportSentScreen
from kiosk.ui.screens.working import WorkingScreen
from kiosk.ui.staff.console import StaffConsole
from kiosk.ui.widgets.common import button, label

SCREEN_CLASSES: tuple[type[KioskScreen], ...] = (
    HomeScreen,
    PickupCodeScreen,
    PhoneDigitsScreen,
    WorkingScreen,
    DoorOpenScreen,
    CloseReminderScreen,
    DoorUnknownScreen,
    PapersLeftScreen,
    TakeReceiptScreen,
    ReceiptOnScreenScreen,
    RatingScreen,
    ThanksScreen,
    WrongCodeScreen,
    CodePausedScreen,
    SeeCounterScreen,
    DoorFailedScreen,
    ProblemScreen,
    OutOfServiceScreen,
    DropoffCodeScreen,
    DropoffSizeScreen,
    DropoffRefusedScreen,
    NoFreeCompartmentScreen,
    DropoffCancelScreen,
    DropoffCancelledScreen,
    LookupCodeScreen,
    LookupResultScreen,
    LostCodeScreen,
    LostCodePhoneScreen,
    LostCodeSentScreen,
    ReportSentScreen,
    StaffConsole,
)
CLOCK_TICK_MS = 1000
CLOCK_FORMAT = "HH:mm  ·  dddd dd/MM/yyyy"

T = TypeVar("T", bound=KioskScreen)


class KioskWindow(QWidget):
    #: "Nghe lại": say the screen's line again.
    listen_again = Signal()

    def __init__(
        self, settings: Settings, languages: Languages, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("KioskWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.settings = settings
        self.languages = languages
        #: False in production: nothing on the touch screen may close the kiosk.
        self.closable = True
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)

        layout.addWidget(self._build_header())

        self.stack = QStackedWidget(self)
        self.screens: dict[Screen, KioskScreen] = {}
        for cls in SCREEN_CLASSES:
            screen = cls(settings, self.stack)
            self.screens[cls.kind] = screen
            self.stack.addWidget(screen)
        layout.addWidget(self.stack, 1)
        home = self.get(HomeScreen)
        home.show_language(languages.current)
        languages.changed.connect(home.show_language)

        layout.addWidget(self._build_footer())

        # Floats over the header (names and the clock, nothing to tap) so that showing it moves
        # nothing and hides no control of the screen below.
        self.countdown = QFrame(self)
        self.countdown.setObjectName("Countdown")
        bar = QHBoxLayout(self.countdown)
        bar.setContentsMargins(48, 8, 48, 8)
        bar.setSpacing(32)
        self.countdown_text = label("", self.countdown)
        self.more_time_button = button("primary", self.countdown)
        self.more_time_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        # The tap itself restarts the wait (the idle watch sees every touch); this only hides.
        self.more_time_button.clicked.connect(self.hide_countdown)
        bar.addWidget(self.countdown_text, 1)
        bar.addWidget(self.more_time_button)
        self.countdown.hide()
        self._seconds_left = 0

        #: Larger text here; the flows make the waits longer and the doors low.
        citizen = [s for s in self.screens.values() if not isinstance(s, StaffConsole)]
        self.accessible = AccessibleMode([*citizen, self.countdown], self)
        for screen in citizen:
            self.accessible.changed.connect(screen.show_accessible)
        self.accessible.changed.connect(self._accessible_header)

        self._ticker = QTimer(self)
        self._ticker.setInterval(CLOCK_TICK_MS)
        self._ticker.timeout.connect(self._show_time)
        self._ticker.start()
        self.retranslate()

    def _build_header(self) -> QFrame:
        self.header = QFrame(self)
        self.header.setObjectName("Header")
        head = QHBoxLayout(self.header)
        head.setContentsMargins(48, 8, 48, 8)
        self.brand = label("brand", self.header, wrap=False)
        self.ward = label("", self.header)
        self.clock = label("clock", self.header, wrap=False)
        self.clock.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        names = QVBoxLayout()
        names.setSpacing(0)
        names.addWidget(self.brand)
        names.addWidget(self.ward)
        head.addLayout(names, 1)
        # In the header, where it hides nothing of the screens; shown while a voice can speak.
        self.listen_button = button("", self.header)
        self.listen_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.listen_button.clicked.connect(self.listen_again.emit)
        self.listen_button.hide()
        self.voice_ready = False
        head.addWidget(self.listen_button)
        head.addSpacing(32)
        head.addWidget(self.clock)
        return self.header

    def _build_footer(self) -> QFrame:
        self.footer = QFrame(self)
        self.footer.setObjectName("Footer")
        foot = QHBoxLayout(self.footer)
        foot.setContentsMargins(48, 12, 48, 12)
        self.hotline = label("", self.footer, wrap=False)
        self.hours = label("", self.footer, wrap=False)
        self.hours.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        foot.addWidget(self.hotline)
        foot.addWidget(self.hours, 1)
        return self.footer

    def get(self, cls: type[T]) -> T:
        found = self.screens[cls.kind]
        assert isinstance(found, cls)
        return found

    def display(self, screen: Screen) -> None:
        self.stack.setCurrentWidget(self.screens[screen])
        self.listen_button.setVisible(self.voice_ready and screen is not Screen.STAFF)

    def show_voice(self, ready: bool) -> None:
        """Whether spoken guidance works now (else "Nghe lại" would do nothing)."""
        self.voice_ready = ready
        current = self.stack.currentWidget()
        self.listen_button.setVisible(ready and not isinstance(current, StaffConsole))

    def show_countdown(self, seconds: int) -> None:
        self._seconds_left = seconds
        self._countdown_text()
        height = max(self._countdown_height(), self.header.height())
        self.countdown.setGeometry(0, 0, self.width(), height)
        self.countdown.show()
        self.countdown.raise_()

    def hide_countdown(self) -> None:
        self.countdown.hide()

    def _accessible_header(self, on: bool) -> None:
        """The countdown's larger text must still fit over the header: the header grows to
        it for as long as the accessible mode lasts (so showing the countdown moves nothing)."""
        self._countdown_text()
        self.header.setMinimumHeight(self._countdown_height() if on else 0)

    def _countdown_height(self) -> int:
        """The bar's height across the whole window (a wrapping label's own size hint would
        assume a narrow one)."""
        bar = self.countdown.layout()
        assert bar is not None
        self.countdown.ensurePolished()
        bar.invalidate()  # measured with the fonts set now, not the cached ones
        return bar.totalHeightForWidth(self.width())

    @override
    def closeEvent(self, event: QCloseEvent) -> None:
        if self.closable:
            event.accept()
        else:
            event.ignore()

    @override
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        k = self.settings.kiosk
        self.brand.setText(k.name)
        self.ward.setText(k.ward)
        self.hotline.setText(self.tr("Đường dây nóng: {hotline}").format(hotline=k.hotline))
        self.hours.setText(
            self.tr("Giờ hành chính: {hours}").format(
                hours=k.office_hours, hours_en=k.office_hours_en
            )
        )
        self._countdown_text()
        self._show_time()

    def _countdown_text(self) -> None:
        # In larger text, the button beside it says the rest: one line, over the header.
        self.countdown_text.setText(
            self.tr("Về màn hình chính sau %n giây.", "", self._seconds_left)
            if self.accessible.on
            else self.tr(
                "Về màn hình chính sau %n giây. Chạm vào màn hình để tiếp tục.",
                "",
                self._seconds_left,
            )
        )
        self.more_time_button.setText(self.tr("Cần thêm thời gian"))
        self.listen_button.setText(self.tr("Nghe lại"))

    def _show_time(self) -> None:
        locale = self.languages.current.locale
        now = QDateTime.currentDateTime()
        self.clock.setText(locale.toString(now, CLOCK_FORMAT))
        self._fit_clock(now)

    def _fit_clock(self, now: QDateTime) -> None:
        """As wide as the clock's widest text this week in either language ("Wednesday",
        "Thứ Năm"): never cut, and the header does not shift when the day changes."""
        self.clock.ensurePolished()  # the font is the stylesheet's
        metrics = self.clock.fontMetrics()
        widest = max(
            metrics.horizontalAdvance(language.locale.toString(now.addDays(day), CLOCK_FORMAT))
            for language in Language
            for day in range(7)
        )
        margins = self.clock.contentsMargins()
        width = widest + margins.left() + margins.right() + 2 * self.clock.margin()
        if self.clock.minimumWidth() != width:
            self.clock.setMinimumWidth(width)
