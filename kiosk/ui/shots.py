"""Render every citizen screen, and every variant of a refusal, in both languages, to PNG.

For the docs and for review: ``kiosk screenshots DIR`` writes ``<screen>[-<variant>].<lang>.png``
at 1920×1080. No runtime is needed: each screen is given sample data, as the flows would.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

from PySide6.QtWidgets import QApplication

from drivers.interfaces import Receipt
from kiosk.settings import Settings
from kiosk.ui.app import SCREEN_SIZE
from kiosk.ui.availability import Availability
from kiosk.ui.i18n import Language, Languages
from kiosk.ui.machine import Screen
from kiosk.ui.receipts import Facts, incident_receipt, pickup_receipt
from kiosk.ui.screens.door import CloseReminderScreen, DoorOpenScreen, DoorTask
from kiosk.ui.screens.dropoff import DropoffRefusal, DropoffRefusedScreen, DropoffSizeScreen
from kiosk.ui.screens.lookup import Found, LookupResultScreen
from kiosk.ui.screens.pickup import PickupCodeScreen
from kiosk.ui.screens.receipt import Done, ReceiptOnScreenScreen, TakeReceiptScreen
from kiosk.ui.screens.refusals import (
    CodePausedScreen,
    DoorFailedScreen,
    OutOfServiceScreen,
    SeeCounterScreen,
    WrongCodeScreen,
)
from kiosk.ui.screens.working import Task, WorkingScreen
from kiosk.ui.window import KioskWindow

SAMPLE_CODE = "000.00.07.H29-251123-0001"
SAMPLE_PROCEDURE = "Cấp giấy phép xây dựng nhà ở riêng lẻ"
SAMPLE_TIME = datetime(2026, 11, 23, 21, 7).astimezone()

Setup = Callable[[KioskWindow], None]


def _sample_receipt(settings: Settings) -> Receipt:
    return pickup_receipt(settings, SAMPLE_CODE, "A03", Facts(SAMPLE_PROCEDURE, SAMPLE_TIME))


def variants(settings: Settings) -> Iterator[tuple[str, Screen, Setup]]:
    """(file stem, screen, how to fill it) for every picture."""

    def nothing(w: KioskWindow) -> None:
        pass

    yield "home", Screen.HOME, nothing

    def typed(w: KioskWindow) -> None:
        screen = w.get(PickupCodeScreen)
        for digit in "482133":
            screen.keypad.digit.emit(digit)

    yield "pickup_code", Screen.PICKUP_CODE, typed
    yield "phone_digits", Screen.PHONE_DIGITS, nothing
    for task in Task:
        yield f"working-{task}", Screen.WORKING, lambda w, t=task: w.get(WorkingScreen).show_task(t)
    label = settings.locker.compartments[2].label if settings.locker.compartments else "A03"
    for door_task in DoorTask:
        yield (
            f"door_open-{door_task}",
            Screen.DOOR_OPEN,
            lambda w, t=door_task: w.get(DoorOpenScreen).show_door(label, t),
        )
    yield (
        "close_reminder",
        Screen.CLOSE_REMINDER,
        lambda w: w.get(CloseReminderScreen).show_door(label, DoorTask.TAKE),
    )

    def staff_told(w: KioskWindow) -> None:
        screen = w.get(CloseReminderScreen)
        screen.show_door(label, DoorTask.TAKE)
        screen.show_staff_told()

    yield "close_reminder-staff_told", Screen.CLOSE_REMINDER, staff_told
    for done in Done:
        yield (
            f"take_receipt-{done}",
            Screen.TAKE_RECEIPT,
            lambda w, d=done: w.get(TakeReceiptScreen).show_done(d, SAMPLE_CODE),
        )
    yield (
        "receipt_on_screen",
        Screen.RECEIPT_ON_SCREEN,
        lambda w: w.get(ReceiptOnScreenScreen).show_receipt(_sample_receipt(settings), True),
    )
    yield "rating", Screen.RATING, nothing
    yield "thanks", Screen.THANKS, nothing
    for left in (2, 0):
        yield (
            f"wrong_code-{left}_left",
            Screen.WRONG_CODE,
            lambda w, n=left: w.get(WrongCodeScreen).show_tries(n),
        )
    yield (
        "code_paused",
        Screen.CODE_PAUSED,
        lambda w: w.get(CodePausedScreen).show_wait(14 * 60 + 5),
    )
    for reason in SeeCounterScreen.REASONS:
        yield (
            f"see_counter-{reason}",
            Screen.SEE_COUNTER,
            lambda w, r=reason: w.get(SeeCounterScreen).show_reason(r),
        )
    yield "door_failed", Screen.DOOR_FAILED, lambda w: w.get(DoorFailedScreen).show_failure(False)

    def failed_unprinted(w: KioskWindow) -> None:
        screen = w.get(DoorFailedScreen)
        screen.show_failure(False)
        screen.show_unprinted(incident_receipt(settings, SAMPLE_CODE, label, False, SAMPLE_TIME))

    yield "door_failed-unprinted", Screen.DOOR_FAILED, failed_unprinted
    yield "problem", Screen.PROBLEM, nothing
    yield (
        "out_of_service",
        Screen.OUT_OF_SERVICE,
        lambda w: w.get(OutOfServiceScreen).show_availability(
            Availability(pickup=False, dropoff=False)
        ),
    )
    yield "dropoff_code", Screen.DROPOFF_CODE, nothing
    for verified in (True, False):
        yield (
            f"dropoff_size-{'verified' if verified else 'offline'}",
            Screen.DROPOFF_SIZE,
            lambda w, v=verified: w.get(DropoffSizeScreen).show_dossier(
                SAMPLE_CODE, SAMPLE_PROCEDURE if v else None, v
            ),
        )
    for refusal in DropoffRefusal:
        yield (
            f"dropoff_refused-{refusal}",
            Screen.DROPOFF_REFUSED,
            lambda w, r=refusal: w.get(DropoffRefusedScreen).show_refusal(r, SAMPLE_CODE),
        )
    yield "no_free_compartment", Screen.NO_FREE_COMPARTMENT, nothing
    yield "lookup_code", Screen.LOOKUP_CODE, nothing
    yield (
        "lookup_result-found",
        Screen.LOOKUP_RESULT,
        lambda w: w.get(LookupResultScreen).show_found(
            SAMPLE_CODE, SAMPLE_PROCEDURE, "processing", SAMPLE_TIME
        ),
    )
    for found in (Found.NOT_FOUND, Found.OFFLINE):
        yield (
            f"lookup_result-{found}",
            Screen.LOOKUP_RESULT,
            lambda w, f=found: w.get(LookupResultScreen).show_missing(SAMPLE_CODE, f),
        )


def render_all(settings: Settings, out: Path) -> list[Path]:
    """Write every picture into ``out``; returns the files written."""
    app = QApplication.instance()
    assert app is not None
    out.mkdir(parents=True, exist_ok=True)
    languages = Languages(Language.VI)
    window = KioskWindow(settings, languages)
    window.resize(*SCREEN_SIZE)
    window.show()
    written = []
    for language in Language:
        languages.set(language, "screenshots")
        for stem, screen, setup in variants(settings):
            window.screens[screen].reset()
            setup(window)
            window.display(screen)
            app.processEvents()
            path = out / f"{stem}.{language}.png"
            if not window.grab().save(str(path)):
                raise OSError(f"{path}: could not write the picture")
            written.append(path)
    window.close()
    return written
