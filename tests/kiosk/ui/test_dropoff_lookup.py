"""Dropping off a dossier (checked with the central system, or unverified offline) and looking
one up."""

from __future__ import annotations

import json

import pytest

from hub.sim.faults import Endpoint, Fault, FaultKind
from kiosk.ui.machine import Screen
from kiosk.ui.screens.dropoff import DropoffCodeScreen, DropoffSizeScreen
from kiosk.ui.screens.home import HomeScreen
from kiosk.ui.screens.lookup import LookupCodeScreen, LookupResultScreen
from kiosk.ui.screens.rating import RatingScreen
from kiosk.ui.screens.receipt import TakeReceiptScreen
from kiosk.ui.widgets.codepad import type_key
from tests.kiosk.ui.conftest import Kiosk


def type_dossier_code(
    kiosk: Kiosk, screen: DropoffCodeScreen | LookupCodeScreen, code: str
) -> None:
    for char in code:
        kiosk.tap_text(screen.keyboard, char)
    assert screen.field.text() == code
    kiosk.tap(screen.confirm)


def test_dropoff_typed_on_the_code_keyboard_checked_received_and_printed(kiosk: Kiosk) -> None:
    dossier = kiosk.dossiers("awaiting_paper")[0]
    code = dossier["dossier_code"]
    window = kiosk.ui.window
    kiosk.tap(window.get(HomeScreen).dropoff_button)
    kiosk.wait_for(Screen.DROPOFF_CODE)
    type_dossier_code(kiosk, window.get(DropoffCodeScreen), code)
    kiosk.wait_for(Screen.DROPOFF_SIZE)
    sizes = window.get(DropoffSizeScreen)
    assert dossier["procedure_name"] in sizes.dossier.text()
    assert not sizes.note.isVisible()
    kiosk.tap(sizes.sizes[None])
    kiosk.wait_for(Screen.DOOR_OPEN)
    label = kiosk.ui.flows.session.door

    kiosk.close_door(label, item=True)
    kiosk.wait_for(Screen.TAKE_RECEIPT)
    assert code in window.get(TakeReceiptScreen).message.text()
    printer = kiosk.sims.printer
    assert printer is not None
    kiosk.qtbot.waitUntil(lambda: len(printer.receipts) == 1)
    assert printer.receipts[0].qr_codes == [code]
    received = kiosk.events("dropoff.received")
    assert [(r[0], r[1]) for r in received] == [(code, label)]
    assert json.loads(received[0][3]) == {"verified": True}


def test_dropoff_offline_is_accepted_unverified_and_an_empty_door_is_refused(
    kiosk: Kiosk,
) -> None:
    kiosk.central.faults.add(Fault(FaultKind.SERVER_ERROR, Endpoint.DOSSIERS, times=None))
    code = kiosk.dossiers("awaiting_paper")[0]["dossier_code"]
    window = kiosk.ui.window
    kiosk.tap(window.get(HomeScreen).dropoff_button)
    kiosk.wait_for(Screen.DROPOFF_CODE)
    assert kiosk.sims.scanner is not None
    # The appointment slip's QR carries more than the code: the code is found in it.
    kiosk.sims.scanner.scan(f"{code}|Đăng ký khai sinh|Nguyễn Văn An|30/11/2026")
    kiosk.wait_for(Screen.DROPOFF_SIZE)
    assert window.get(DropoffSizeScreen).note.isVisible()
    kiosk.tap(window.get(DropoffSizeScreen).sizes[None])
    kiosk.wait_for(Screen.DOOR_OPEN)
    label = kiosk.ui.flows.session.door

    kiosk.close_door(label, item=False)
    kiosk.wait_for(Screen.DROPOFF_REFUSED)
    assert kiosk.events("dropoff.received") == []
    # The code and the size are kept: one tap opens a door again, nothing to type.
    kiosk.tap_text(window, "Mở lại ô tủ")
    kiosk.wait_for(Screen.DOOR_OPEN)
    kiosk.close_door(kiosk.ui.flows.session.door, item=True)
    kiosk.wait_for(Screen.TAKE_RECEIPT)
    received = kiosk.events("dropoff.received")
    assert [r[0] for r in received] == [code]
    assert json.loads(received[0][3]) == {"verified": False}


def test_a_code_unknown_to_the_central_system_is_kept_for_its_correction(kiosk: Kiosk) -> None:
    window = kiosk.ui.window
    kiosk.tap(window.get(HomeScreen).dropoff_button)
    kiosk.wait_for(Screen.DROPOFF_CODE)
    typo = "000.00.07.H29-251123-9999"
    type_dossier_code(kiosk, window.get(DropoffCodeScreen), typo)
    kiosk.wait_for(Screen.DROPOFF_REFUSED)
    kiosk.tap_text(window, "Nhập lại mã")
    kiosk.wait_for(Screen.DROPOFF_CODE)
    assert window.get(DropoffCodeScreen).field.text() == typo


def test_typing_a_code_puts_its_dots_and_dashes_in_by_itself(kiosk: Kiosk) -> None:
    """The citizen types the letters and digits on the slip; Xóa takes back what is shown."""
    code = kiosk.dossiers("awaiting_paper")[0]["dossier_code"]
    window = kiosk.ui.window
    kiosk.tap(window.get(HomeScreen).dropoff_button)
    kiosk.wait_for(Screen.DROPOFF_CODE)
    screen = window.get(DropoffCodeScreen)
    shown = []
    for char in code.replace(".", "").replace("-", ""):
        kiosk.tap_text(screen.keyboard, char)
        shown.append(screen.field.text())
    assert shown[:4] == ["0", "00", "000.", "000.0"]
    assert screen.field.text() == code
    for _ in range(5):  # the last four digits, then the dash before them
        kiosk.tap(screen.keyboard.delete_key)
    assert screen.field.text() == code[: -len("-0001")]
    kiosk.tap_text(screen.keyboard, "-")  # typed by hand where it belongs: as typed by itself
    for char in code[-4:]:
        kiosk.tap_text(screen.keyboard, char)
    assert screen.field.text() == code
    kiosk.tap(screen.confirm)
    kiosk.wait_for(Screen.DROPOFF_SIZE)
    assert code in window.get(DropoffSizeScreen).dossier.text()


@pytest.mark.parametrize(
    ("start", "keys", "shown"),
    [
        ("", "0000007H292511230001", "000.00.07.H29-251123-0001"),
        ("", "000.00.07.H29-251123-0001", "000.00.07.H29-251123-0001"),  # separators typed too
        ("", "000..", "000."),  # a separator never doubles…
        ("", "000.0.", "000.0"),  # …nor ends a part shorter than a code allows
        ("", "0000007H2.251123000123", "000.00.07.H2-251123-000123"),  # shorter, longer parts
        ("", "0000007H292511230001234", "000.00.07.H29-251123-000123"),  # complete: ignored
        ("000.00", "107H29", "000.001.07.H29-"),  # the dot deleted: a longer part typed on
        ("000", "0", "000.0"),  # the dot deleted where the part is full: it comes back
    ],
)
def test_the_separators_follow_the_parts_of_a_dossier_code(
    start: str, keys: str, shown: str
) -> None:
    code = start
    for key in keys:
        code = type_key(code, key)
    assert code == shown


def test_lookup_shows_the_state_or_says_the_central_system_is_unreachable(
    kiosk: Kiosk,
) -> None:
    dossier = kiosk.dossiers("processing")[0]
    window = kiosk.ui.window
    kiosk.tap(window.get(HomeScreen).lookup_button)
    type_dossier_code(kiosk, window.get(LookupCodeScreen), dossier["dossier_code"])
    kiosk.wait_for(Screen.LOOKUP_RESULT)
    result = window.get(LookupResultScreen)
    assert result.state_line.text() == "Tình trạng: Đang giải quyết"
    assert result.procedure_line.text() == dossier["procedure_name"]

    kiosk.central.faults.add(Fault(FaultKind.SERVER_ERROR, Endpoint.DOSSIERS, times=None))
    kiosk.tap(result.again_button)
    type_dossier_code(kiosk, window.get(LookupCodeScreen), dossier["dossier_code"])
    kiosk.wait_for(Screen.LOOKUP_RESULT)
    assert result.title.text() == "Chưa tra cứu được"
    assert "Hiện không kết nối được" in result.advice.text()


def test_a_result_collected_here_is_looked_up_as_collected_even_offline(kiosk: Kiosk) -> None:
    """The central system has not been told yet (its outbox is not sent): the kiosk's own
    knowledge wins, and with the central system unreachable it still answers."""
    result = kiosk.loaded[0]
    window = kiosk.ui.window
    kiosk.central.faults.add(Fault(FaultKind.SERVER_ERROR, Endpoint.EVENTS, times=None))
    assert kiosk.sims.scanner is not None
    kiosk.sims.scanner.scan(result.qr)
    kiosk.wait_for(Screen.DOOR_OPEN)
    kiosk.close_door(result.compartment, item=False)
    kiosk.wait_for(Screen.TAKE_RECEIPT)
    kiosk.tap(window.get(TakeReceiptScreen).continue_button)
    kiosk.wait_for(Screen.RATING)
    kiosk.tap(window.get(RatingScreen).skip)
    kiosk.wait_for(Screen.HOME)
    kiosk.tap(window.get(HomeScreen).lookup_button)
    type_dossier_code(kiosk, window.get(LookupCodeScreen), result.dossier_code)
    kiosk.wait_for(Screen.LOOKUP_RESULT)
    screen = window.get(LookupResultScreen)
    assert screen.state_line.text() == "Tình trạng: Đã trả kết quả"

    kiosk.central.faults.add(Fault(FaultKind.SERVER_ERROR, Endpoint.DOSSIERS, times=None))
    kiosk.tap(screen.again_button)
    type_dossier_code(kiosk, window.get(LookupCodeScreen), result.dossier_code)
    kiosk.wait_for(Screen.LOOKUP_RESULT)
    assert screen.title.text() == "Tình trạng hồ sơ"
    assert screen.state_line.text() == "Tình trạng: Đã trả kết quả"
