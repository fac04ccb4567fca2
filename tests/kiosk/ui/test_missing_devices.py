"""A kiosk whose scanner, printer or lock bus is unplugged serves what it still can."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest

from kiosk.ui.machine import Screen
from kiosk.ui.screens.home import HomeScreen
from kiosk.ui.screens.pickup import PickupCodeScreen
from kiosk.ui.screens.receipt import ReceiptOnScreenScreen
from tests.kiosk.ui.conftest import Kiosk
from tests.kiosk.ui.test_pickup import type_code

ABSENT = "/dev/atm-ho-so-test-absent"


@pytest.mark.logs(logging.ERROR)
def test_without_scanner_and_printer_a_typed_code_opens_and_the_receipt_is_on_screen(
    make_kiosk: Callable[..., Kiosk],
) -> None:
    kiosk = make_kiosk(
        results=1, scanner={"port": f"{ABSENT}-scanner"}, printer={"port": f"{ABSENT}-printer"}
    )
    result = kiosk.loaded[0]
    window = kiosk.ui.window
    kiosk.tap(window.get(HomeScreen).pickup_button)
    kiosk.wait_for(Screen.PICKUP_CODE)
    type_code(kiosk, result.otp)
    kiosk.tap(window.get(PickupCodeScreen).confirm)
    kiosk.wait_for(Screen.DOOR_OPEN)
    kiosk.close_door(result.compartment, item=False)
    kiosk.wait_for(Screen.RECEIPT_ON_SCREEN)
    screen = window.get(ReceiptOnScreenScreen)
    assert screen.title.text() == "Máy in đang gặp sự cố"
    assert result.dossier_code in screen.paper.lines.text()
    assert [e[0] for e in kiosk.events("result.picked_up")] == [result.dossier_code]
    health = kiosk.runtime.devices.health()
    assert health["scanner"]["online"] is False
    assert f"{ABSENT}-scanner does not exist" in health["scanner"]["last_error"]


@pytest.mark.logs(logging.ERROR)
def test_without_the_lock_bus_the_citizen_services_are_out_of_service(
    make_kiosk: Callable[..., Kiosk],
) -> None:
    kiosk = make_kiosk(results=0, lock_bus={"port": f"{ABSENT}-locks"})
    kiosk.qtbot.waitUntil(
        lambda: len(kiosk.rows("SELECT 1 FROM alarms WHERE kind = 'board_offline'")) == 2,
        timeout=8000,
    )
    kiosk.tap(kiosk.ui.window.get(HomeScreen).pickup_button)
    kiosk.wait_for(Screen.OUT_OF_SERVICE)
    assert kiosk.rows("SELECT count(*) FROM door_intents") == [(0,)]
