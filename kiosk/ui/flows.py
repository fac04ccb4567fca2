"""The citizen's flows: what each tap and scan leads to, the runtime calls, the screen changes.

Screens emit what the citizen asks for; this class calls the runtime (whose answers come back
on the UI thread through ``RuntimeBridge``) and moves the ``ScreenMachine``. What one citizen
typed or was told lives in a ``Session`` that is dropped whenever the kiosk returns home.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal

from drivers.interfaces import Receipt
from kiosk.runtime import DoorOutcome, KioskRuntime, PrintOutcome
from kiosk.services.availability import Availability, availability
from kiosk.services.door_events import DoorStatus
from kiosk.services.receipt_facts import Facts, facts
from kiosk.services.refusals import Refusal, Refused
from kiosk.services.reports import report_problem
from kiosk.ui.bridge import RuntimeBridge
from kiosk.ui.door_flow import DoorFlow
from kiosk.ui.dropoff_flow import DropoffFlow
from kiosk.ui.i18n import Language, Languages
from kiosk.ui.idle import IdleWatch
from kiosk.ui.lookup_flow import LookupFlow
from kiosk.ui.lost_code_flow import LostCodeFlow
from kiosk.ui.machine import Screen, citizen_machine
from kiosk.ui.receipts import pickup_receipt, report_receipt
from kiosk.ui.scans import dossier_code_in, log_refused, pickup_qr, scan_fault
from kiosk.ui.screens.codes import CodeEntryScreen
from kiosk.ui.screens.door import CloseReminderScreen, DoorOpenScreen, DoorTask
from kiosk.ui.screens.dropoff_cancel import DropoffCancelScreen
from kiosk.ui.screens.home import HomeScreen
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
from kiosk.ui.screens.working import Task, WorkingScreen
from kiosk.ui.session import Session
from kiosk.ui.timers import Timer
from kiosk.ui.window import KioskWindow
from sync.wire import DossierInfo

log = logging.getLogger(__name__)

THANKS_MS = 6000
# How often home asks again what works (a board that went offline says so before the tap).
HOME_STATUS_MS = 10_000
# A scan on these screens does not start a pickup: the kiosk is busy, or papers are going in.
_SCAN_IGNORED = frozenset({Screen.WORKING, Screen.STAFF})  # STAFF: kiosk/ui/staff reads scans
_CODE_ENTRY = {Screen.DROPOFF_CODE, Screen.LOOKUP_CODE, Screen.LOST_CODE}


class CitizenFlows(QObject):
    #: A receipt was handed to the printer (for the benchmark and the tests).
    receipt_queued = Signal(object)
    #: A scan the citizen flows have no use for (a staff badge, say): for whoever has one.
    unused_scan = Signal(str)

    def __init__(
        self,
        runtime: KioskRuntime,
        window: KioskWindow,
        languages: Languages,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.runtime = runtime
        self.settings = runtime.settings
        self.window = window
        self.languages = languages
        self.bridge = RuntimeBridge(runtime, self)
        self.machine = citizen_machine(self)
        self.session = Session()
        #: Counts the 'please wait' tasks: an answer for an earlier one is late and dropped.
        self._work = 0
        t = self.settings.timeouts
        self.idle = IdleWatch(t.idle_s, t.idle_countdown_s, self)
        app = QCoreApplication.instance()
        assert app is not None
        app.installEventFilter(self.idle)
        self.doors = DoorFlow(self)
        self._thanks = Timer(self, THANKS_MS, lambda: self._home("session over"))
        self.home_status = Timer(self, HOME_STATUS_MS, self._show_availability, repeat=True)
        self.accessible = window.accessible
        self.accessible.changed.connect(self._accessible_changed)
        self._connect()
        self.lost_code = LostCodeFlow(self)
        self.lookup = LookupFlow(self)
        self.dropoff = DropoffFlow(self)
        self._entered(Screen.HOME)

    def shutdown(self) -> None:
        """Stop everything that would still call the runtime: before ``runtime.stop()``."""
        self.idle.arm(False)
        self.home_status.stop()
        self.doors.stop()
        self._thanks.stop()
        app = QCoreApplication.instance()
        if app is not None:
            app.removeEventFilter(self.idle)

    # --- wiring ---------------------------------------------------------------------------

    def _connect(self) -> None:
        w = self.window
        self.machine.entered.connect(self._entered)
        self.machine.left.connect(self._left)
        self.idle.countdown.connect(w.show_countdown)
        self.idle.touched.connect(w.hide_countdown)
        self.idle.expired.connect(lambda: self._home("idle"))
        self.bridge.scanned.connect(self._scanned)
        for screen in w.screens.values():
            screen.home.connect(lambda: self._home("citizen chose home"))

        home = w.get(HomeScreen)
        home.pickup.connect(lambda: self._start(Screen.PICKUP_CODE))
        home.dropoff.connect(lambda: self._start(Screen.DROPOFF_CODE))
        home.lookup.connect(lambda: self.go(Screen.LOOKUP_CODE, "citizen chose look-up"))
        home.language.connect(self._choose_language)
        home.accessible.connect(lambda on: self.accessible.set(on, "citizen chose"))
        w.get(WorkingScreen).overdue.connect(self._overdue)
        for door in (DoorOpenScreen, CloseReminderScreen, DropoffCancelScreen):
            w.get(door).report.connect(self._report)

        w.get(PickupCodeScreen).confirmed.connect(lambda otp: self._pickup(otp, None))
        w.get(PhoneDigitsScreen).confirmed.connect(self._phone_digits)
        w.get(WrongCodeScreen).retry.connect(
            lambda: self.go(Screen.PICKUP_CODE, "citizen tries again")
        )
        w.get(WrongCodeScreen).with_digits.connect(
            lambda: self.go(Screen.PHONE_DIGITS, "citizen checks the code with the phone digits")
        )
        w.get(CodePausedScreen).retry.connect(
            lambda: self.go(Screen.PICKUP_CODE, "wait over: citizen tries again")
        )
        w.get(TakeReceiptScreen).next.connect(lambda: self.go(Screen.RATING, "receipt taken"))
        w.get(TakeReceiptScreen).another.connect(
            lambda: self.go(Screen.PICKUP_CODE, "another result")
        )
        w.get(ReceiptOnScreenScreen).next.connect(lambda: self.go(Screen.RATING, "receipt read"))
        w.get(RatingScreen).rated.connect(self._rated)
        w.get(RatingScreen).skipped.connect(lambda: self._home("rating skipped"))
        w.get(ThanksScreen).another.connect(lambda: self.go(Screen.PICKUP_CODE, "another result"))
        w.get(OutOfServiceScreen).lookup.connect(
            lambda: self.go(Screen.LOOKUP_CODE, "citizen chose look-up")
        )

    # --- moving between screens -------------------------------------------------------------

    def go(self, target: Screen, why: str) -> None:
        self.machine.go(target, why)

    def _entered(self, screen: Screen) -> None:
        self.window.display(screen)
        self.window.hide_countdown()
        self.idle.arm(self._idle_applies(screen))
        if screen is Screen.THANKS:
            self._thanks.start()
        if screen is Screen.HOME:
            self._show_availability()
            self.home_status.start()
        else:
            self.home_status.stop()

    def _show_availability(self) -> None:
        self.bridge.when_done(
            self.runtime.call(availability),
            self.window.get(HomeScreen).show_availability,
            self.log_error("availability"),
        )

    def _idle_applies(self, screen: Screen) -> bool:
        """The home screen is watched too while it shows what the last person chose (another
        language): the next person finds it as configured."""
        if screen is Screen.HOME:
            return self.languages.current is not self.languages.default or self.accessible.on
        return self.window.screens[screen].idle_applies()

    def _choose_language(self, language: Language) -> None:
        self.languages.set(language, "citizen chose")
        if self.machine.current is Screen.HOME:
            self.idle.arm(self._idle_applies(Screen.HOME))

    def _accessible_changed(self, on: bool) -> None:
        t, more = self.settings.timeouts, self.accessible.seconds
        self.idle.set_times(more(t.idle_s), more(t.idle_countdown_s))
        self.doors.scale_times(more)
        self._thanks.set_interval(int(more(THANKS_MS)))
        if self.machine.current is Screen.HOME:
            self.idle.arm(self._idle_applies(Screen.HOME))

    def _left(self, screen: Screen) -> None:
        # Whatever was typed is forgotten as soon as its screen is left.
        self.window.screens[screen].reset()
        if screen is Screen.THANKS:
            self._thanks.stop()
        self.doors.left(screen)

    def _home(self, why: str) -> None:
        self.doors.leaving()
        self._work += 1  # whatever is still being worked on is no longer anybody's
        self.session = Session()
        if why in ("idle", "session over"):
            self.languages.set(self.languages.default, why)
            self.accessible.set(False, why)
        if self.machine.current is Screen.HOME:
            self._entered(Screen.HOME)  # already there: only what the last person chose resets
            return
        self.go(Screen.HOME, why)

    def _start(self, screen: Screen) -> None:
        """Pickup or drop-off, if the doors work now (asked afresh: a board may have just gone
        offline); else say what still works."""

        def route(available: Availability) -> None:
            if self.machine.current is not Screen.HOME:
                return  # a second tap, or a scan, got there first
            works = available.pickup if screen is Screen.PICKUP_CODE else available.dropoff
            if works:
                self.go(screen, "citizen chose")
                return
            log.info("%s asked for while unavailable: %s", screen, available)
            self.window.get(OutOfServiceScreen).show_availability(available)
            self.go(Screen.OUT_OF_SERVICE, f"{screen} unavailable")

        self.bridge.when_done(
            self.runtime.call(availability), route, self.log_error("availability")
        )

    def working(self, task: Task, why: str) -> None:
        self._work += 1
        self.window.get(WorkingScreen).show_task(task)
        self.go(Screen.WORKING, why)

    def check_dossier(
        self,
        code: str,
        task: Task,
        checked: Callable[[DossierInfo | None], None],
        failed: Callable[[BaseException], None],
    ) -> None:
        """A new session for the dossier ``code`` and the central system asked about it behind
        the 'please wait' screen: how both the drop-off and the look-up begin."""
        self.session = Session(dossier_code=code)
        self.working(task, "dossier code given")
        self.bridge.when_done(
            self.runtime.check_dossier(code), self.answer(checked), self.answer(failed)
        )

    def _overdue(self) -> None:
        task = self.window.get(WorkingScreen).task
        log.error("%s: no answer within %g s", task, self.settings.timeouts.working_s)
        self.window.get(ProblemScreen).show_cause(overdue=True)
        self.go(Screen.PROBLEM, f"{task} took too long")

    def answer(self, handle: Callable[[Any], None]) -> Callable[[Any], None]:
        """``handle`` for the answer to the task now on the 'please wait' screen, if it comes
        in time. Late, it is dropped (logged), except a door that opened for the citizen still
        reading the 'took too long' screen: that door is theirs."""
        work = self._work

        def deliver(answer: Any) -> None:
            current = self.machine.current
            if work == self._work and current is Screen.WORKING:
                handle(answer)
            elif (
                work == self._work
                and current is Screen.PROBLEM
                and isinstance(answer, DoorOutcome)
                and answer.status in (DoorStatus.OPENED, DoorStatus.UNKNOWN)
            ):
                log.warning("door %s opened after the deadline: shown", answer.grant.compartment)
                handle(answer)
            else:
                log.warning("late answer dropped (%s on %s)", type(answer).__name__, current)

        return deliver

    # --- scans ---------------------------------------------------------------------------

    def _scanned(self, text: str) -> None:
        current = self.machine.current
        fault = scan_fault(text)
        if fault is not None:
            log_refused(text, fault)
            if current not in _SCAN_IGNORED | _CODE_ENTRY and not self._door_in_use():
                self.working(Task.CHECK_CODE, "QR refused")
                self.window.get(WrongCodeScreen).show_bad_qr()
                self.go(Screen.WRONG_CODE, f"scan refused: {fault.value}")
            return
        qr = pickup_qr(text)
        if qr is not None:
            if current in _SCAN_IGNORED:
                log.info("pickup QR ignored on %s", current)
                return
            if self.session.door and not self.session.closed and self.session.task is DoorTask.PUT:
                log.info("pickup QR ignored while a drop-off door is open")
                return
            self._pickup(qr.otp, qr.dossier_code)
            return
        code = dossier_code_in(text)
        if code is not None and current in _CODE_ENTRY:
            screen = self.window.screens[current]
            assert isinstance(screen, CodeEntryScreen)
            screen.scanned(code)
            return
        log.info("scan not used on %s (%d characters)", current, len(text))
        self.unused_scan.emit(text)

    def _door_in_use(self) -> bool:
        return bool(self.session.door) and not self.session.closed

    # --- pickup --------------------------------------------------------------------------

    def _pickup(self, otp: str, qr_dossier: str | None, phone: str | None = None) -> None:
        self.session = Session(otp=otp, qr_dossier=qr_dossier, phone_digits=phone)
        self._ask_pickup("QR scanned" if qr_dossier else "code typed")

    def _ask_pickup(self, why: str) -> None:
        s = self.session
        self.working(Task.CHECK_CODE, why)
        future = self.runtime.pickup(s.otp, s.qr_dossier, s.phone_digits)
        self.bridge.when_done(
            future, self.answer(self._pickup_opened), self.answer(self._pickup_refused)
        )

    def reopen(self) -> None:
        """The same code again, for the door shut with the papers inside (nothing was handed
        over, so the code still opens it); until that door is seen shut empty, the papers
        count as left inside."""
        s = self.session
        self.session = Session(
            otp=s.otp,
            qr_dossier=s.qr_dossier,
            phone_digits=s.phone_digits,
            reopened=True,
            papers_left=True,
        )
        self._ask_pickup("citizen opens the door again")

    def _phone_digits(self, digits: str) -> None:
        s = self.session
        self._pickup(s.otp, s.qr_dossier, digits)

    def _pickup_opened(self, outcome: DoorOutcome) -> None:
        grant = outcome.grant
        s = self.session
        s.dossier_code, s.release_id = grant.dossier_code or "", grant.release_id
        self.doors.answered(outcome)

    def print_pickup_receipt(self) -> None:
        s = self.session
        release_id = s.release_id
        self.bridge.when_done(
            self.runtime.call(lambda sv: facts(sv, release_id)),
            lambda known: self._pickup_facts(s, known),
            self.log_error("receipt facts"),
        )

    def _pickup_facts(self, s: Session, known: Facts) -> None:
        """The procedure's name on the door screen (is it the right result?) and the receipt."""
        s.procedure = known.procedure
        if s is self.session:
            for cls in (DoorOpenScreen, CloseReminderScreen):
                self.window.get(cls).show_procedure(known.procedure)
        self.print_receipt(pickup_receipt(self.settings, s.dossier_code, s.door, known))

    def _pickup_refused(self, error: BaseException) -> None:
        if not isinstance(error, Refused):
            self._problem(error)
            return
        w, reason = self.window, error.reason
        if reason is Refusal.WRONG_CODE or reason is Refusal.BAD_CODE_FORMAT:
            verified = self.session.phone_digits is not None
            w.get(WrongCodeScreen).show_tries(error.tries_left, error.wait_s, verified)
            self.go(Screen.WRONG_CODE, reason.value)
        elif reason in (Refusal.DELAY, Refusal.PAUSED):
            w.get(CodePausedScreen).show_wait(error.wait_s, held=reason is Refusal.PAUSED)
            self.go(Screen.CODE_PAUSED, reason.value)
        elif reason in SeeCounterScreen.REASONS:
            w.get(SeeCounterScreen).show_reason(reason)
            self.go(Screen.SEE_COUNTER, reason.value)
        elif reason is Refusal.NEED_PHONE_DIGITS:
            self.go(Screen.PHONE_DIGITS, reason.value)
        else:
            self._problem(error)

    # --- at the door -----------------------------------------------------------------------

    def _report(self) -> None:
        """Báo sự cố at the open door: a citizen_report alarm, an incident slip."""
        s = self.session
        door, code, task = s.door, s.dossier_code, s.task
        self.bridge.when_done(
            self.runtime.call(lambda sv: report_problem(sv, door, code, task.value)),
            lambda new: log.info("citizen report at %s%s", door, "" if new else " (again)"),
            self.log_error("citizen report"),
        )
        self.window.get(ReportSentScreen).show_report(door)
        self.go(Screen.REPORT_SENT, f"citizen reported a problem at {door}")
        self.print_receipt(
            report_receipt(self.settings, code, door, s.procedure, self.runtime.now())
        )

    # --- receipts and rating ------------------------------------------------------------

    def print_receipt(self, receipt: Receipt) -> None:
        s = self.session
        s.receipt, s.printed = receipt, None
        self.receipt_queued.emit(receipt)
        self.bridge.when_done(
            self.runtime.print_receipt(receipt),
            lambda outcome: self._printed(s, receipt, outcome),
            self.log_error("printing"),
        )

    def _printed(self, session: Session, receipt: Receipt, outcome: PrintOutcome) -> None:
        if session is not self.session:
            return
        session.printed = outcome
        if outcome.printed:
            return
        current = self.machine.current
        if current in (Screen.DOOR_OPEN, Screen.CLOSE_REMINDER):
            for cls in (DoorOpenScreen, CloseReminderScreen):
                self.window.get(cls).show_unprinted(outcome.paper_out)
        elif current is Screen.DOOR_FAILED:
            self.window.get(DoorFailedScreen).show_unprinted(receipt)
        elif current is Screen.REPORT_SENT and receipt is session.receipt:
            self.window.get(ReportSentScreen).show_unprinted(receipt)
        elif current is Screen.TAKE_RECEIPT:
            self.receipt_on_screen("receipt not printed")

    def receipt_on_screen(self, why: str) -> None:
        s = self.session
        assert s.receipt is not None and s.printed is not None
        self.window.get(ReceiptOnScreenScreen).show_receipt(s.receipt, s.printed.paper_out)
        self.go(Screen.RECEIPT_ON_SCREEN, why)

    def _rated(self, score: int) -> None:
        s = self.session
        self.bridge.when_done(
            self.runtime.rate(score, s.dossier_code or None, s.release_id),
            lambda _: None,
            self.log_error("rating"),
        )
        self.go(Screen.THANKS, f"rated {score}")

    # --- failures ------------------------------------------------------------------------

    def problem(self, error: BaseException) -> None:
        """Something failed that the citizen was waiting for: say sorry, log it."""
        self._problem(error)

    def _problem(self, error: BaseException) -> None:
        if isinstance(error, Refused):
            log.warning("refused: %s", error)
        else:
            log.error("citizen flow failed: %r", error, exc_info=error)
        self.window.get(ProblemScreen).show_cause(overdue=False)
        self.go(Screen.PROBLEM, type(error).__name__)

    @staticmethod
    def log_error(what: str) -> Callable[[BaseException], None]:
        def report(error: BaseException) -> None:
            log.error("%s failed: %r", what, error, exc_info=error)

        return report
