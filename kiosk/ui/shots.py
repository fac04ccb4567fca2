"""Render every citizen screen, and every variant of a refusal, in both languages, to PNG.

For the docs and for review: ``kiosk screenshots DIR`` writes ``<screen>[-<variant>].<lang>.png``
at 1920×1080. No runtime is needed: each screen is given sample data, as the flows would.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from kiosk.domain import Size
from kiosk.services.availability import Availability
from kiosk.services.receipt_facts import Facts
from kiosk.settings import Settings
from kiosk.ui.app import SCREEN_SIZE
from kiosk.ui.i18n import Language, Languages
from kiosk.ui.machine import Screen
from kiosk.ui.receipts import incident_receipt, pickup_receipt, report_receipt
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.screens.door import CloseReminderScreen, DoorOpenScreen, DoorTask
from kiosk.ui.screens.door_doubts import DoorUnknownScreen, PapersLeftScreen
from kiosk.ui.screens.dropoff import (
    DropoffCodeScreen,
    DropoffRefusal,
    DropoffRefusedScreen,
    DropoffSizeScreen,
    NoFreeCompartmentScreen,
)
from kiosk.ui.screens.dropoff_cancel import DropoffCancelledScreen, DropoffCancelScreen
from kiosk.ui.screens.home import HomeScreen
from kiosk.ui.screens.lookup import Found, LookupResultScreen
from kiosk.ui.screens.lost_code import LostCodeSentScreen
from kiosk.ui.screens.pickup import PickupCodeScreen
from kiosk.ui.screens.receipt import Done, ReceiptOnScreenScreen, TakeReceiptScreen
from kiosk.ui.screens.refusals import (
    CodePausedScreen,
    DoorFailedScreen,
    OutOfServiceScreen,
    SeeCounterScreen,
    WrongCodeScreen,
)
from kiosk.ui.screens.report import ReportSentScreen
from kiosk.ui.screens.working import Task, WorkingScreen
from kiosk.ui.staff.shots import staff_variants
from kiosk.ui.window import KioskWindow

SAMPLE_CODE = "000.00.07.H29-251123-0001"
SAMPLE_PROCEDURE = "Cấp giấy phép xây dựng nhà ở riêng lẻ"
SAMPLE_TIME = datetime(2026, 11, 23, 21, 7).astimezone()

Setup = Callable[[KioskWindow], None]


def _call(cls: type[KioskScreen], method: Callable[..., None], *args: object) -> Setup:
    """A setup that calls ``method`` of the window's ``cls`` screen with ``args``."""

    def setup(w: KioskWindow) -> None:
        method(w.get(cls), *args)

    return setup


def _nothing(w: KioskWindow) -> None:
    pass


def _both(first: Setup, then: Setup) -> Setup:
    def setup(w: KioskWindow) -> None:
        first(w)
        then(w)

    return setup


def _typed(w: KioskWindow) -> None:
    keypad = w.get(PickupCodeScreen).keypad
    for digit in "482133":
        keypad.digit.emit(digit)


def _counting_down(w: KioskWindow) -> None:
    """Digits typed, then left untouched: the idle countdown over the header."""
    _typed(w)
    w.show_countdown(8)


def _accessible(then: Setup) -> Setup:
    """``then``, in the accessible mode (larger text)."""

    def setup(w: KioskWindow) -> None:
        w.accessible.set(True, "screenshots")
        then(w)

    return setup


def accessible_variants(settings: Settings, label: str) -> Iterator[tuple[str, Screen, Setup]]:
    """The screens a citizen goes through, in the accessible mode."""
    door = _call(DoorOpenScreen, DoorOpenScreen.show_door, label, DoorTask.TAKE)
    sizes = _call(
        DropoffSizeScreen, DropoffSizeScreen.show_dossier, SAMPLE_CODE, SAMPLE_PROCEDURE, True
    )
    yield "home-accessible", Screen.HOME, _accessible(_nothing)
    yield "pickup_code-accessible", Screen.PICKUP_CODE, _accessible(_counting_down)
    yield "door_open-accessible", Screen.DOOR_OPEN, _accessible(door)
    yield "dropoff_code-accessible", Screen.DROPOFF_CODE, _accessible(_nothing)
    yield "dropoff_size-accessible", Screen.DROPOFF_SIZE, _accessible(sizes)
    put = _call(DoorOpenScreen, DoorOpenScreen.show_door, label, DoorTask.PUT)
    yield "door_open-put-accessible", Screen.DOOR_OPEN, _accessible(put)
    cancel = _call(DropoffCancelScreen, DropoffCancelScreen.show_door, label, DoorTask.PUT)
    inside = _call(DropoffCancelScreen, DropoffCancelScreen.show_papers_inside, True)
    yield "dropoff_cancel-accessible", Screen.DROPOFF_CANCEL, _accessible(_both(cancel, inside))
    larger = [Size.M, Size.L]
    cancelled = _call(
        DropoffCancelledScreen, DropoffCancelledScreen.show_cancelled, SAMPLE_CODE, label, larger
    )
    yield "dropoff_cancelled-accessible", Screen.DROPOFF_CANCELLED, _accessible(cancelled)
    full = _call(NoFreeCompartmentScreen, NoFreeCompartmentScreen.show_full, Size.S, larger, True)
    yield "no_free_compartment-accessible", Screen.NO_FREE_COMPARTMENT, _accessible(full)
    yield (
        "wrong_code-accessible",
        Screen.WRONG_CODE,
        _accessible(_call(WrongCodeScreen, WrongCodeScreen.show_tries, 2)),
    )


def _door_variants(label: str) -> Iterator[tuple[str, Screen, Setup]]:
    """The open door, the close reminder, the door whose unlock had no trustworthy answer, and
    papers left inside."""
    for door_task in DoorTask:
        opened = _call(DoorOpenScreen, DoorOpenScreen.show_door, label, door_task)
        named = _call(DoorOpenScreen, DoorOpenScreen.show_procedure, SAMPLE_PROCEDURE)
        yield f"door_open-{door_task}", Screen.DOOR_OPEN, _both(opened, named)
    reminder = _call(CloseReminderScreen, CloseReminderScreen.show_door, label, DoorTask.TAKE)
    yield "close_reminder", Screen.CLOSE_REMINDER, reminder
    told = _call(CloseReminderScreen, CloseReminderScreen.show_staff_told)
    yield "close_reminder-staff_told", Screen.CLOSE_REMINDER, lambda w: (reminder(w), told(w))[0]
    unknown = _call(DoorUnknownScreen, DoorUnknownScreen.show_door, label, DoorTask.TAKE)
    yield "door_unknown", Screen.DOOR_UNKNOWN, unknown
    never = _call(DoorUnknownScreen, DoorUnknownScreen.show_not_opened)
    yield "door_unknown-not_opened", Screen.DOOR_UNKNOWN, lambda w: (unknown(w), never(w))[0]
    staff_check = _call(DoorUnknownScreen, DoorUnknownScreen.show_uncertain)
    yield "door_unknown-uncertain", Screen.DOOR_UNKNOWN, lambda w: (unknown(w), staff_check(w))[0]
    inside = _call(PapersLeftScreen, PapersLeftScreen.show_door, label, DoorTask.TAKE)
    yield "papers_left", Screen.PAPERS_LEFT, inside
    late = _call(PapersLeftScreen, PapersLeftScreen.show_staff_told)
    yield "papers_left-staff_told", Screen.PAPERS_LEFT, lambda w: (inside(w), late(w))[0]


def _dropoff_variants(label: str) -> Iterator[tuple[str, Screen, Setup]]:
    """A code being typed (its separators put in by themselves), a size that is full (the free
    ones offered) or no door at all, a drop-off taken back at its door, and cancelled."""

    def typing(w: KioskWindow) -> None:
        keyboard = w.get(DropoffCodeScreen).keyboard
        for char in "0000007H2925":
            keyboard.key.emit(char)

    yield "dropoff_code-typing", Screen.DROPOFF_CODE, typing
    full = NoFreeCompartmentScreen.show_full
    yield (
        "no_free_compartment-size",
        Screen.NO_FREE_COMPARTMENT,
        _call(NoFreeCompartmentScreen, full, Size.M, [Size.S, Size.L], False),
    )
    yield (
        "no_free_compartment-all",
        Screen.NO_FREE_COMPARTMENT,
        _call(NoFreeCompartmentScreen, full, None, [], False),
    )
    cancel = _call(DropoffCancelScreen, DropoffCancelScreen.show_door, label, DoorTask.PUT)
    yield "dropoff_cancel", Screen.DROPOFF_CANCEL, cancel
    inside = _call(DropoffCancelScreen, DropoffCancelScreen.show_papers_inside, True)
    yield "dropoff_cancel-papers_inside", Screen.DROPOFF_CANCEL, _both(cancel, inside)
    left = _call(DropoffCancelScreen, DropoffCancelScreen.show_staff_told)
    yield "dropoff_cancel-staff_told", Screen.DROPOFF_CANCEL, _both(cancel, left)
    cancelled = DropoffCancelledScreen.show_cancelled
    yield (
        "dropoff_cancelled",
        Screen.DROPOFF_CANCELLED,
        _call(DropoffCancelledScreen, cancelled, SAMPLE_CODE, label, [Size.M, Size.L]),
    )
    yield (
        "dropoff_cancelled-none_larger",
        Screen.DROPOFF_CANCELLED,
        _call(DropoffCancelledScreen, cancelled, SAMPLE_CODE, label, []),
    )


def help_variants(settings: Settings, label: str) -> Iterator[tuple[str, Screen, Setup]]:
    """Where a citizen finds help: home saying what is stopped, "Báo sự cố", a lost code."""
    stopped = Availability(pickup=False, dropoff=False)
    yield "home-unavailable", Screen.HOME, _call(HomeScreen, HomeScreen.show_availability, stopped)
    reported = _call(ReportSentScreen, ReportSentScreen.show_report, label)
    yield "report_sent", Screen.REPORT_SENT, reported
    report = report_receipt(settings, SAMPLE_CODE, label, SAMPLE_PROCEDURE, SAMPLE_TIME)
    report_unprinted = _call(ReportSentScreen, ReportSentScreen.show_unprinted, report)
    yield "report_sent-unprinted", Screen.REPORT_SENT, _both(reported, report_unprinted)
    yield "lost_code", Screen.LOST_CODE, _nothing
    yield "lost_code_phone", Screen.LOST_CODE_PHONE, _nothing
    sent = LostCodeSentScreen.show_answer
    yield "lost_code_sent", Screen.LOST_CODE_SENT, _call(LostCodeSentScreen, sent, 0.0)
    limited = _call(LostCodeSentScreen, sent, 11 * 60.0)
    yield "lost_code_sent-limited", Screen.LOST_CODE_SENT, limited


def variants(settings: Settings) -> Iterator[tuple[str, Screen, Setup]]:
    """(file stem, screen, how to fill it) for every picture."""
    label = settings.locker.compartments[2].label if settings.locker.compartments else "A03"
    receipt = pickup_receipt(settings, SAMPLE_CODE, label, Facts(SAMPLE_PROCEDURE, SAMPLE_TIME))
    incident = incident_receipt(settings, SAMPLE_CODE, label, False, SAMPLE_TIME)
    yield "home", Screen.HOME, _nothing
    yield "pickup_code", Screen.PICKUP_CODE, _typed
    yield "pickup_code-countdown", Screen.PICKUP_CODE, _counting_down
    yield "phone_digits", Screen.PHONE_DIGITS, _nothing
    for task in Task:
        yield f"working-{task}", Screen.WORKING, _call(WorkingScreen, WorkingScreen.show_task, task)
    yield from _door_variants(label)
    for done in Done:
        yield (
            f"take_receipt-{done}",
            Screen.TAKE_RECEIPT,
            _call(TakeReceiptScreen, TakeReceiptScreen.show_done, done, SAMPLE_CODE),
        )
    yield (
        "receipt_on_screen",
        Screen.RECEIPT_ON_SCREEN,
        _call(ReceiptOnScreenScreen, ReceiptOnScreenScreen.show_receipt, receipt, True),
    )
    yield "rating", Screen.RATING, _nothing
    yield "thanks", Screen.THANKS, _nothing
    for left in (2, 0):
        yield (
            f"wrong_code-{left}_left",
            Screen.WRONG_CODE,
            _call(WrongCodeScreen, WrongCodeScreen.show_tries, left),
        )
    yield (
        "code_paused",
        Screen.CODE_PAUSED,
        _call(CodePausedScreen, CodePausedScreen.show_wait, 14 * 60 + 5),
    )
    for reason in SeeCounterScreen.REASONS:
        yield (
            f"see_counter-{reason}",
            Screen.SEE_COUNTER,
            _call(SeeCounterScreen, SeeCounterScreen.show_reason, reason),
        )
    failed = _call(DoorFailedScreen, DoorFailedScreen.show_failure, False)
    yield "door_failed", Screen.DOOR_FAILED, failed
    unprinted = _call(DoorFailedScreen, DoorFailedScreen.show_unprinted, incident)
    yield "door_failed-unprinted", Screen.DOOR_FAILED, lambda w: (failed(w), unprinted(w))[0]
    yield "problem", Screen.PROBLEM, _nothing
    yield (
        "out_of_service",
        Screen.OUT_OF_SERVICE,
        _call(
            OutOfServiceScreen,
            OutOfServiceScreen.show_availability,
            Availability(pickup=False, dropoff=False),
        ),
    )
    yield "dropoff_code", Screen.DROPOFF_CODE, _nothing
    yield (
        "dropoff_size-verified",
        Screen.DROPOFF_SIZE,
        _call(
            DropoffSizeScreen, DropoffSizeScreen.show_dossier, SAMPLE_CODE, SAMPLE_PROCEDURE, True
        ),
    )
    yield (
        "dropoff_size-offline",
        Screen.DROPOFF_SIZE,
        _call(DropoffSizeScreen, DropoffSizeScreen.show_dossier, SAMPLE_CODE, None, False),
    )
    for refusal in DropoffRefusal:
        yield (
            f"dropoff_refused-{refusal}",
            Screen.DROPOFF_REFUSED,
            _call(DropoffRefusedScreen, DropoffRefusedScreen.show_refusal, refusal, SAMPLE_CODE),
        )
    yield from _dropoff_variants(label)
    yield "lookup_code", Screen.LOOKUP_CODE, _nothing
    yield (
        "lookup_result-found",
        Screen.LOOKUP_RESULT,
        _call(
            LookupResultScreen,
            LookupResultScreen.show_found,
            SAMPLE_CODE,
            SAMPLE_PROCEDURE,
            "processing",
            SAMPLE_TIME,
        ),
    )
    for found in (Found.NOT_FOUND, Found.OFFLINE):
        yield (
            f"lookup_result-{found}",
            Screen.LOOKUP_RESULT,
            _call(LookupResultScreen, LookupResultScreen.show_missing, SAMPLE_CODE, found),
        )
    yield from help_variants(settings, label)
    yield from accessible_variants(settings, label)
    yield from staff_variants(settings)


def settle(app: QCoreApplication) -> None:
    """Let the texts just set lay themselves out: a ``setText`` posts a layout request that
    is handled on the next pass of the event loop, and that may post another in its parent."""
    for _ in range(3):
        app.sendPostedEvents()
        app.processEvents()


def render(settings: Settings) -> Iterator[tuple[str, KioskWindow]]:
    """Show each variant in turn, both languages; yields ("<stem>.<lang>", the window)."""
    app = QApplication.instance()
    assert app is not None
    languages = Languages(Language.VI)
    window = KioskWindow(settings, languages)
    window.show_voice(True)  # drawn as on a kiosk with a sound card ("Nghe lại")
    window.resize(*SCREEN_SIZE)
    window.show()
    try:
        for language in Language:
            languages.set(language, "screenshots")
            for stem, screen, setup in variants(settings):
                window.screens[screen].reset()
                window.hide_countdown()
                window.accessible.set(False, "screenshots")
                window.get(HomeScreen).show_availability(Availability())
                setup(window)
                window.display(screen)
                window.resize(*SCREEN_SIZE)
                settle(app)
                if window.size().toTuple() != SCREEN_SIZE:
                    raise ValueError(
                        f"{stem} ({language}) does not fit {SCREEN_SIZE}: {window.size().toTuple()}"
                    )
                yield f"{stem}.{language}", window
    finally:
        languages.set(Language.VI, "screenshots done")
        window.close()
        window.deleteLater()


def render_all(settings: Settings, out: Path) -> list[Path]:
    """Write every picture into ``out``; returns the files written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, window in render(settings):
        path = out / f"{name}.png"
        if not window.grab().save(str(path)):
            raise OSError(f"{path}: could not write the picture")
        written.append(path)
    return written
