"""A forced door, then the victim's code, then staff's inspection: through the real UI, drivers
and simulators."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

import pytest

from kiosk.ui.machine import Screen
from kiosk.ui.screens.refusals import SeeCounterScreen, WrongCodeScreen
from kiosk.ui.staff.machine import StaffScreen
from kiosk.ui.staff.screens.occupancy import CompartmentAction, CompartmentPage, MapPage
from tests.kiosk.ui.staff.conftest import Staffed
from tests.kiosk.ui.test_throttle import phone_digits, type_digits

OOS = "SELECT content, out_of_service, oos_reason FROM compartments WHERE label = ?"
OPEN_ALARMS = "SELECT kind, subject FROM alarms WHERE cleared_at IS NULL ORDER BY id"


def forced_open_and_emptied(staffed: Staffed) -> str:
    """Someone pulls the loaded door open without a command, takes the envelope, shuts it."""
    kiosk = staffed.kiosk
    (result,) = kiosk.loaded
    locks = kiosk.sims.locks
    assert locks is not None
    board, lock = kiosk.door(result.compartment)
    locks.force_open(board, lock)
    kiosk.qtbot.waitUntil(
        lambda: kiosk.rows(OOS, result.compartment) == [("result", 1, "door_forced")]
    )
    kiosk.close_door(result.compartment, item=False)
    kiosk.qtbot.waitUntil(
        lambda: (
            kiosk.rows(OPEN_ALARMS)
            == [("door_forced", result.compartment), ("item_missing", result.compartment)]
        )
    )
    return result.compartment


def open_compartment_page(staffed: Staffed, label: str) -> CompartmentPage:
    staffed.sign_in(staffed.hire("cb-0700"))
    staffed.choose(StaffScreen.MAP)
    staffed.tap(staffed.page(MapPage).grid.doors[label])
    staffed.wait_for(StaffScreen.COMPARTMENT)
    return staffed.page(CompartmentPage)


@pytest.mark.logs(logging.WARNING)
def test_a_forced_door_holds_its_result_and_the_victims_code_opens_nothing(
    make_staffed: Callable[..., Staffed],
) -> None:
    staffed = make_staffed()
    kiosk = staffed.kiosk
    (result,) = kiosk.loaded
    label = forced_open_and_emptied(staffed)
    [(details,)] = kiosk.rows("SELECT details FROM alarms WHERE kind = 'item_missing'")
    assert json.loads(details) == {"content": "result", "dossier_code": result.dossier_code}

    # The victim comes with the code. A held result is a live code that cannot open its door,
    # so without a second factor it looks like a wrong one (docs/security.md); with the phone's
    # digits the victim gets the out-of-service answer, and nothing stays counted.
    assert kiosk.sims.scanner is not None
    kiosk.sims.scanner.scan(result.qr)
    kiosk.wait_for(Screen.WRONG_CODE)
    kiosk.tap(kiosk.ui.window.get(WrongCodeScreen).digits_button)
    kiosk.wait_for(Screen.PHONE_DIGITS)
    type_digits(kiosk, phone_digits(kiosk, result.dossier_code))
    kiosk.wait_for(Screen.SEE_COUNTER)
    assert kiosk.ui.window.get(SeeCounterScreen).isVisible()
    assert kiosk.events("result.picked_up") == []
    assert kiosk.rows("SELECT count(*) FROM otp_failures WHERE NOT forgiven") == [(0,)]
    assert kiosk.rows(
        "SELECT otp_used FROM releases WHERE dossier_code = ?", result.dossier_code
    ) == [(0,)]
    kinds = [json.loads(e[3])["kind"] for e in kiosk.events("alarm.raised")]
    assert kinds == ["door_forced", "item_missing"]
    assert {e[2] for e in kiosk.events("alarm.raised")} == {"kiosk"}
    assert label == result.compartment


@pytest.mark.logs(logging.WARNING)
def test_staff_return_a_forced_door_only_through_an_inspection_that_records_the_finding(
    make_staffed: Callable[..., Staffed],
) -> None:
    staffed = make_staffed()
    kiosk = staffed.kiosk
    (result,) = kiosk.loaded
    label = forced_open_and_emptied(staffed)
    page = open_compartment_page(staffed, label)
    staffed.wait(lambda: page.facts.text().endswith("Hồ sơ không còn trong ô: cần kiểm tra"))
    buttons = page.buttons
    assert not buttons[CompartmentAction.BACK_IN_SERVICE].isVisible()
    assert buttons[CompartmentAction.FOUND_PRESENT].isVisible()
    assert not buttons[CompartmentAction.FOUND_EMPTY].isVisible()
    staffed.tap(buttons[CompartmentAction.FOUND_MISSING])
    staffed.wait(lambda: kiosk.rows(OOS, label) == [("empty", 0, None)])
    assert kiosk.rows(
        "SELECT state, ended_by FROM results s JOIN releases r ON r.release_id = s.release_id"
        " WHERE r.dossier_code = ?",
        result.dossier_code,
    ) == [("retrieved", "staff:cb-0700")]
    [(actor, details)] = kiosk.rows(
        "SELECT actor, details FROM audit WHERE action = 'compartment.inspected'"
    )
    assert actor == "staff:cb-0700"
    assert json.loads(details) == {
        "found": "missing",
        "reason": "item_missing",
        "content": "result",
        "dossier_code": result.dossier_code,
    }
    assert kiosk.rows(OPEN_ALARMS) == []
    assert kiosk.events("result.picked_up") == []
    assert kiosk.events("result.retrieved") == []
