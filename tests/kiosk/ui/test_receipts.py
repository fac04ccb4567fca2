"""Receipts in the citizen's language: printed (the bytes the printer received) and on screen."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest

from drivers.interfaces import PaperState
from kiosk.commands.demo import load_results, pull_now
from kiosk.ui.machine import Screen
from kiosk.ui.screens.home import HomeScreen
from kiosk.ui.screens.receipt import ReceiptOnScreenScreen
from tests.kiosk.ui.conftest import Kiosk


def test_a_citizen_on_the_english_screens_gets_an_english_receipt(kiosk: Kiosk) -> None:
    result = kiosk.loaded[0]
    kiosk.tap(kiosk.ui.window.get(HomeScreen).english)
    assert kiosk.sims.scanner is not None and kiosk.sims.printer is not None
    printer = kiosk.sims.printer
    kiosk.sims.scanner.scan(result.qr)
    kiosk.wait_for(Screen.DOOR_OPEN)
    kiosk.qtbot.waitUntil(lambda: len(printer.receipts) == 1)
    lines = printer.receipts[0].lines
    assert "COLLECTION SLIP" in lines
    assert f"Dossier code: {result.dossier_code}" in lines
    assert f"Door: {result.compartment}" in lines
    assert "Hotline: 1900 0000" in lines
    assert b"Dossier code: " + result.dossier_code.encode() in printer.received
    assert "Mã hồ sơ" not in "\n".join(lines)
    assert printer.receipts[0].qr_codes == [result.dossier_code]


def test_on_the_vietnamese_screens_the_receipt_is_vietnamese(kiosk: Kiosk) -> None:
    second = kiosk.loaded[1]
    assert kiosk.sims.scanner is not None and kiosk.sims.printer is not None
    printer = kiosk.sims.printer
    kiosk.sims.scanner.scan(second.qr)
    kiosk.wait_for(Screen.DOOR_OPEN)
    kiosk.qtbot.waitUntil(lambda: len(printer.receipts) == 1)
    assert "PHIẾU NHẬN KẾT QUẢ" in printer.receipts[0].lines
    assert f"Mã hồ sơ: {second.dossier_code}" in printer.receipts[0].lines


@pytest.mark.logs(logging.ERROR)
def test_a_receipt_shown_on_screen_is_in_english_too(kiosk: Kiosk) -> None:
    result = kiosk.loaded[0]
    assert kiosk.sims.printer is not None and kiosk.sims.scanner is not None
    kiosk.sims.printer.paper = PaperState.OUT
    kiosk.tap(kiosk.ui.window.get(HomeScreen).english)
    kiosk.sims.scanner.scan(result.qr)
    kiosk.wait_for(Screen.DOOR_OPEN)
    kiosk.close_door(result.compartment, item=False)
    kiosk.wait_for(Screen.RECEIPT_ON_SCREEN)
    paper = kiosk.ui.window.get(ReceiptOnScreenScreen).paper
    assert paper.title.text() == "COLLECTION SLIP"
    assert f"Dossier code: {result.dossier_code}" in paper.lines.text()
    assert f"Door: {result.compartment}" in paper.lines.text()


def test_control_characters_from_the_central_system_never_reach_the_printer(
    make_kiosk: Callable[..., Kiosk],
) -> None:
    """A procedure name carrying ESC @ (reset) and GS V (cut) is printed as plain text."""
    kiosk = make_kiosk(results=0)
    code, otp = "000.00.07.H29-251123-0555", "86420975"
    kiosk.central.release(
        kiosk.runtime.settings.kiosk.id,
        dossier_code=code,
        procedure_name="Đăng ký\x1b@\x1dV\x41\x03 khai\nsinh\x9b",
        holder_name="Trần Thị Bình",
        phone_last_digits="456",
        otp=otp,
    )
    kiosk.runtime.call(pull_now).result()
    (loaded,) = load_results(kiosk.runtime, {code: otp}, 1)
    assert kiosk.sims.scanner is not None and kiosk.sims.printer is not None
    printer = kiosk.sims.printer
    kiosk.sims.scanner.scan(loaded.qr)
    kiosk.wait_for(Screen.DOOR_OPEN)
    kiosk.qtbot.waitUntil(lambda: len(printer.receipts) == 1)
    # (the printer's code page has one capital Đ/Ð; the rest reads back as sent)
    assert "|Thủ tục: Ðăng ký@VA khai sinh|" in "|".join(printer.receipts[0].lines)
    assert b"\x1b@\x1dV" not in printer.received
    assert b"\x1dVA\x03" not in printer.received
