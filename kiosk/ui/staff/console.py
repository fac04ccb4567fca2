"""The staff console: one citizen screen (``Screen.STAFF``) holding every staff and technician
screen, under a bar that says who is signed in and offers "Menu" and "Đăng xuất"."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QSizePolicy, QStackedWidget, QWidget

from kiosk.services.staff_auth import StaffMember
from kiosk.settings import Settings
from kiosk.ui.machine import Screen
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.staff.machine import StaffScreen
from kiosk.ui.staff.page import StaffPage
from kiosk.ui.staff.screens import load
from kiosk.ui.staff.screens.menu import MenuPage
from kiosk.ui.staff.screens.occupancy import CompartmentPage, MapPage, OutOfServicePage
from kiosk.ui.staff.screens.signin import SignInPage
from kiosk.ui.staff.screens.takeout import CollectPage, RecallPage
from kiosk.ui.staff.words import role_name
from kiosk.ui.tech.screens.alarms import TechAlarmsPage
from kiosk.ui.tech.screens.commission import TechCommissionPage
from kiosk.ui.tech.screens.doors import TechDoorsPage
from kiosk.ui.tech.screens.logs import TechLogsPage
from kiosk.ui.tech.screens.menu import TechMenuPage
from kiosk.ui.tech.screens.printer import TechPrinterPage
from kiosk.ui.tech.screens.scanner import TechScannerPage
from kiosk.ui.tech.screens.sync import TechSyncPage
from kiosk.ui.widgets.common import button, label

PAGE_CLASSES: tuple[type[StaffPage], ...] = (
    SignInPage,
    MenuPage,
    *load.PAGES,
    CollectPage,
    RecallPage,
    MapPage,
    CompartmentPage,
    OutOfServicePage,
    TechMenuPage,
    TechDoorsPage,
    TechPrinterPage,
    TechScannerPage,
    TechSyncPage,
    TechAlarmsPage,
    TechLogsPage,
    TechCommissionPage,
)

P = TypeVar("P", bound=StaffPage)


class StaffConsole(KioskScreen):
    kind = Screen.STAFF

    menu = Signal()
    sign_out = Signal()

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(settings, parent)
        self.setObjectName("StaffConsole")
        self.body.setContentsMargins(48, 12, 48, 12)
        self.body.setSpacing(12)
        self.member: StaffMember | None = None
        self._seconds_left = 0

        self.bar = QFrame(self)
        self.bar.setObjectName("StaffBar")
        bar = QHBoxLayout(self.bar)
        bar.setContentsMargins(24, 8, 8, 8)
        bar.setSpacing(20)
        self.who = label("staff-who", self.bar, wrap=False)
        self.countdown = label("staff-countdown", self.bar, wrap=False)
        self.menu_button = button("staff", self.bar)
        self.menu_button.clicked.connect(self.menu.emit)
        self.sign_out_button = button("staff", self.bar)
        self.sign_out_button.clicked.connect(self.sign_out.emit)
        for b in (self.menu_button, self.sign_out_button):
            b.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        bar.addWidget(self.who, 1)
        bar.addWidget(self.countdown)
        bar.addWidget(self.menu_button)
        bar.addWidget(self.sign_out_button)
        self.body.addWidget(self.bar)

        self.notice = label("staff-notice", self)
        self.body.addWidget(self.notice)

        self.stack = QStackedWidget(self)
        self.stack.setObjectName("StaffStack")
        self.pages: dict[StaffScreen, StaffPage] = {}
        for cls in PAGE_CLASSES:
            page = cls(settings, self.stack)
            self.pages[cls.kind] = page
            self.stack.addWidget(page)
        self.body.addWidget(self.stack, 1)
        self.show_member(None)
        self.notify("")
        self.retranslate()

    def idle_applies(self) -> bool:
        # Staff sessions have their own, longer idle time (kiosk/ui/staff/flows.py).
        return False

    def reset(self) -> None:
        for page in self.pages.values():
            page.reset()
        self.notify("")

    def get(self, cls: type[P]) -> P:
        found = self.pages[cls.kind]
        assert isinstance(found, cls)
        return found

    def display(self, kind: StaffScreen) -> None:
        self.stack.setCurrentWidget(self.pages[kind])

    @property
    def current(self) -> StaffPage:
        page = self.stack.currentWidget()
        assert isinstance(page, StaffPage)
        return page

    def show_member(self, member: StaffMember | None) -> None:
        self.member = member
        self.menu_button.setVisible(member is not None)
        self.sign_out_button.setVisible(member is not None)
        self.show_countdown(0)
        self.retranslate()

    def show_countdown(self, seconds: int) -> None:
        self._seconds_left = seconds
        self.countdown.setVisible(seconds > 0)
        self._countdown_text()

    def notify(self, text: str, *, problem: bool = True) -> None:
        """A line under the bar: what went wrong (or right) with the last action."""
        self.notice.setText(text)
        self.notice.setProperty("tone", "bad" if problem else "good")
        self.notice.style().unpolish(self.notice)
        self.notice.style().polish(self.notice)
        self.notice.setVisible(bool(text))

    def retranslate(self) -> None:
        m = self.member
        self.who.setText(
            f"{role_name(m.role)}: {m.name} · {m.staff_id}"
            if m is not None
            else self.tr("Khu vực dành cho cán bộ")
        )
        self.menu_button.setText(self.tr("Menu"))
        self.sign_out_button.setText(self.tr("Đăng xuất"))
        self._countdown_text()

    def _countdown_text(self) -> None:
        self.countdown.setText(self.tr("Tự động đăng xuất sau %n giây", "", self._seconds_left))
