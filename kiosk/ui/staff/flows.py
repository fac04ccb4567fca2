"""The staff console's flows: getting in (badge, PIN), the session, the menu, scans and doors.

The console is reached from the home screen's discreet corner or by scanning a staff badge
(not while a citizen's door is open). Any badge-shaped scan leads to the PIN step, known or not;
who it belongs to is shown only once the PIN is right (kiosk/services/staff_auth.py). A session
ends on "Đăng xuất", after ``timeouts.staff_idle_s`` untouched, or ``staff.session_max_min``
after sign-in however busy; each way ``staff.signed_out`` is recorded and the kiosk returns
home. What staff do once signed in is in ``loading.py`` and ``jobs.py``, what technicians
do in ``kiosk/ui/tech/flows.py``.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Signal

from kiosk.runtime import DoorNotice, KioskRuntime
from kiosk.services import staff_auth, staff_ops
from kiosk.services.core import Services
from kiosk.services.diagnostics import LogTail, open_alarms
from kiosk.services.staff_auth import PinCheck, SignInRefused, SignOutReason, StaffMember
from kiosk.services.staff_ops import CompartmentState
from kiosk.ui.flows import CitizenFlows
from kiosk.ui.idle import IdleWatch
from kiosk.ui.machine import Screen
from kiosk.ui.scans import dossier_code_in
from kiosk.ui.screens.home import HomeScreen
from kiosk.ui.staff.console import StaffConsole
from kiosk.ui.staff.host import StaffHost
from kiosk.ui.staff.jobs import StaffJobs
from kiosk.ui.staff.loading import LoadFlow
from kiosk.ui.staff.machine import TECH_SCREENS, StaffScreen, staff_machine
from kiosk.ui.staff.screens.menu import MenuCounts, MenuPage
from kiosk.ui.staff.screens.signin import SignInPage, SignInStep
from kiosk.ui.tech.flows import TechFlows
from kiosk.ui.timers import Timer
from kiosk.ui.window import KioskWindow

log = logging.getLogger(__name__)

COUNTDOWN_S = 10
# A citizen's door is open or being opened: a badge must not take the screen from them.
_CITIZEN_BUSY = frozenset({Screen.WORKING, Screen.DOOR_OPEN, Screen.CLOSE_REMINDER})


def menu_counts(services: Services) -> MenuCounts:
    views = staff_ops.occupancy(services)
    return MenuCounts(
        free=sum(v.state is CompartmentState.FREE for v in views),
        dropoffs=len(staff_ops.dropoffs(services)),
        recalls=len(staff_ops.recalls(services)),
        alarms=len(open_alarms(services)),
    )


class StaffFlows(QObject):
    signed_in = Signal(object)  # StaffMember
    signed_out = Signal(object)  # SignOutReason

    def __init__(
        self,
        runtime: KioskRuntime,
        window: KioskWindow,
        citizen: CitizenFlows,
        tail: LogTail | None = None,
        config_path: Path | None = None,
        parent: QObject | None = None,
    ) -> None:
        """``config_path``: the file the kiosk was started with, which commissioning rewrites."""
        super().__init__(parent)
        self.citizen = citizen
        self.console = window.get(StaffConsole)
        self.home = window.get(HomeScreen)
        self.machine = staff_machine(self)
        self.host = StaffHost(runtime, citizen.bridge, self.console, self.machine)
        self.loading = LoadFlow(self.host, self)
        self.jobs = StaffJobs(self.host, self)
        self.tech = TechFlows(self.host, tail, config_path, self)
        if tail is not None:
            # The technician's log screen shows this process's lines while the UI lives.
            tail.attach()
            self.destroyed.connect(tail.detach)
        self._check: PinCheck | None = None
        t = runtime.settings.timeouts
        self.idle = IdleWatch(t.staff_idle_s, min(COUNTDOWN_S, t.staff_idle_s / 2), self)
        # The absolute limit: a session left open on a busy day still ends.
        self.session_limit = Timer(
            self,
            int(runtime.settings.staff.session_max_min * 60_000),
            lambda: self.sign_out(SignOutReason.SESSION_LIMIT),
        )
        app = QCoreApplication.instance()
        assert app is not None
        app.installEventFilter(self.idle)
        self._connect()

    def _connect(self) -> None:
        c = self.console
        self.machine.entered.connect(c.display)
        self.citizen.machine.left.connect(self._citizen_left)
        self.host.bridge.scanned.connect(self._scanned)
        self.host.bridge.door.connect(self._door)
        self.home.staff.connect(lambda: self.open_console("home screen corner"))
        self.idle.countdown.connect(c.show_countdown)
        self.idle.touched.connect(lambda: c.show_countdown(0))
        self.idle.expired.connect(lambda: self.sign_out(SignOutReason.IDLE))
        c.menu.connect(self.show_menu)
        c.sign_out.connect(lambda: self.sign_out(SignOutReason.SIGNED_OUT))
        sign_in = c.get(SignInPage)
        sign_in.pin_entered.connect(self._pin)
        sign_in.cancel.connect(self._leave)
        c.get(MenuPage).chosen.connect(self._chosen)

    @property
    def member(self) -> StaffMember | None:
        return self.host.member

    # --- getting in ----------------------------------------------------------------------------

    def open_console(self, why: str, badge: str | None = None) -> None:
        current = self.citizen.machine.current
        if current in _CITIZEN_BUSY:
            log.info("staff console not opened on %s: a citizen is being served (%s)", current, why)
            return
        self._check = None
        self.console.get(SignInPage).reset()
        if current is not Screen.STAFF:
            self.citizen.go(Screen.STAFF, why)
        self.host.go(StaffScreen.SIGN_IN, why)
        if badge is not None:
            self._badge(badge)

    def _leave(self) -> None:
        """Back home from the sign-in screen without signing in."""
        self._check = None
        self.citizen.go(Screen.HOME, "staff sign-in cancelled")

    def _badge(self, badge: str) -> None:
        page = self.console.get(SignInPage)
        self.host.call(
            lambda s: staff_auth.check_badge(s, badge), self._badge_known, "badge", self._refused
        )
        page.show_step(SignInStep.CHECKING)

    def _badge_known(self, check: PinCheck) -> None:
        self._check = check
        self.console.get(SignInPage).show_step(SignInStep.PIN)

    def _pin(self, pin: str) -> None:
        check = self._check
        if check is None:
            return
        # PBKDF2 takes most of a second: on the io pool, not the services thread (the doors).
        self.host.io(
            lambda: staff_auth.verify_pin(check.pin_pbkdf2, pin),
            lambda ok: self._pin_checked(check, ok),
            "PIN check",
            self._refused,
        )

    def _pin_checked(self, check: PinCheck, ok: bool) -> None:
        self.host.call(
            lambda s: staff_auth.settle(s, check, ok), self._signed_in, "sign-in", self._refused
        )

    def _refused(self, error: BaseException) -> None:
        page = self.console.get(SignInPage)
        if isinstance(error, SignInRefused):
            log.info("sign-in refused: %s (wait %.0f s)", error.reason, error.wait_s)
            # The same badge may try again after the wait, whether it is known or not.
            step = SignInStep.BADGE if self._check is None else SignInStep.PIN
            page.show_refusal(error.reason, error.wait_s, step)
        else:
            self._check = None
            page.show_step(SignInStep.BADGE)
            self.host.tell_problem("sign-in", error)

    def _signed_in(self, member: StaffMember) -> None:
        self._check = None
        self.host.member = member
        self.console.show_member(member)
        self.idle.arm(True)
        self.session_limit.start()
        self.signed_in.emit(member)
        self.show_menu()

    # --- getting out ---------------------------------------------------------------------------

    def shutdown(self) -> None:
        """Stop every timer that would still call the runtime: before ``runtime.stop()``."""
        self.idle.arm(False)
        self.session_limit.stop()
        self.loading.end()
        self.jobs.stop()
        self.tech.stop()
        app = QCoreApplication.instance()
        if app is not None:
            app.removeEventFilter(self.idle)

    def sign_out(self, reason: SignOutReason) -> None:
        member = self.host.member
        if member is None:
            return
        self.host.member = None
        self.idle.arm(False)
        self.session_limit.stop()
        self.loading.end()
        self.jobs.stop()
        self.tech.stop()
        self.host.call(lambda s: staff_auth.sign_out(s, member, reason), lambda _: None, "sign-out")
        self.console.show_member(None)
        self.console.reset()
        self.host.go(StaffScreen.SIGN_IN, f"signed out ({reason})")
        self.signed_out.emit(reason)
        if self.citizen.machine.current is Screen.STAFF:
            self.citizen.go(Screen.HOME, f"staff signed out ({reason})")

    def _citizen_left(self, screen: Screen) -> None:
        # Whatever takes the screen away from the console ends the session with it.
        if screen is Screen.STAFF and self.citizen.machine.current is not Screen.STAFF:
            self.sign_out(SignOutReason.SIGNED_OUT)

    # --- the menu ------------------------------------------------------------------------------

    def show_menu(self) -> None:
        member = self.host.member
        if member is None:
            return
        if self.machine.current in TECH_SCREENS - {StaffScreen.TECH_MENU}:
            # A diagnostics sub-screen's "Menu" is the diagnostics menu; from there, the menu.
            self.tech.show(StaffScreen.TECH_MENU)
            return
        self.host.go(StaffScreen.MENU, "menu")
        self.host.call(
            menu_counts,
            lambda counts: self.console.get(MenuPage).show_menu(counts, member.technician),
            "menu counts",
        )

    def _chosen(self, target: StaffScreen) -> None:
        member = self.host.member
        if member is None:
            return
        if target in TECH_SCREENS and not member.technician:
            log.warning("%s is not a technician: %s refused", member.actor, target)
            return
        if target is StaffScreen.LOAD_SCAN:
            self.loading.start()
        elif target is StaffScreen.COLLECT:
            self.jobs.show_collect()
        elif target is StaffScreen.RECALL:
            self.jobs.show_recall()
        elif target is StaffScreen.MAP:
            self.jobs.show_map()
        else:
            self.tech.show(target)

    # --- scans and doors -----------------------------------------------------------------------

    def _scanned(self, text: str) -> None:
        badge = staff_auth.is_badge(text)
        if self.citizen.machine.current is not Screen.STAFF:
            if badge:
                self.open_console("staff badge scanned", text)
            return
        current = self.machine.current
        if current is StaffScreen.SIGN_IN and badge and self.host.member is None:
            self._badge(text)
        elif current is StaffScreen.LOAD_SCAN and (code := dossier_code_in(text)) is not None:
            self.loading.scanned(code)
        elif current is StaffScreen.TECH_SCANNER:
            self.tech.scanned(text)
        else:
            log.info("scan not used on staff screen %s (%d characters)", current, len(text))

    def _door(self, notice: DoorNotice) -> None:
        self.loading.door_changed(notice)
        self.jobs.door_changed(notice)
        self.tech.door_changed(notice)
