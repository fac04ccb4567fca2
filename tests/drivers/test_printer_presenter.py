"""Kiosk printers with a presenter: the receipt is presented, pulled back when nobody takes it
(it shows a dossier code), counted as taken where the printer says so, and a cutter jam is
recovered with DLE ENQ 2."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator

import pytest
from drivertest import printer_config, sample_receipt
from pydantic import ValidationError

from drivers.printer.driver import EscposPrinter
from drivers.printer.sim import PrinterSimulator


@pytest.fixture(params=["custom", "epic"])
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def sim(kind: str) -> Iterator[PrinterSimulator]:
    printer = PrinterSimulator(presenter=kind).start()
    yield printer
    printer.close()


def wait_until(condition: Callable[[], bool], timeout: float = 4.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.02)


PRESENT = {"custom": b"\x1de\x03\x28", "epic": b"\x1bi"}
RETRACT = {"custom": b"\x1de\x02", "epic": b"\x1bk"}


def test_an_untaken_receipt_is_retracted_after_the_timeout(
    sim: PrinterSimulator, kind: str
) -> None:
    driver = EscposPrinter(
        printer_config(presenter=kind, retract_after_s=1, text_mode="codepage"), port=sim.port
    )
    try:
        driver.print_receipt(sample_receipt())
        assert sim.in_mouth is not None and sim.in_mouth.cut == "full"
        assert PRESENT[kind] + b"\x1dr\x01" in bytes(sim.received)  # after the cut, then GS r
        assert driver.health()["receipt_in_mouth"] == sample_receipt().dossier_code
        wait_until(lambda: bool(sim.retracted))
        assert sim.in_mouth is None and RETRACT[kind] in bytes(sim.received)
        assert (driver.health()["retracted"], driver.health()["receipt_in_mouth"]) == (1, None)
    finally:
        driver.close()


def test_a_taken_receipt_is_counted_taken_where_the_printer_says_so() -> None:
    sim = PrinterSimulator(presenter="custom").start()
    driver = EscposPrinter(printer_config(presenter="custom", retract_after_s=1), port=sim.port)
    try:
        driver.print_receipt(sample_receipt())
        assert sim.take()
        wait_until(lambda: driver.health()["taken"] == 1)
        assert not sim.retracted
        assert b"\x1de\x06" in bytes(sim.received) and b"\x1de\x02" not in bytes(sim.received)
    finally:
        driver.close()
        sim.close()


def test_the_next_receipt_retracts_the_one_still_in_the_mouth(
    sim: PrinterSimulator, kind: str
) -> None:
    driver = EscposPrinter(printer_config(presenter=kind, retract_after_s=60), port=sim.port)
    try:
        driver.print_receipt(sample_receipt(dossier_code="H29-0001"))
        driver.print_receipt(sample_receipt(dossier_code="H29-0002"))
        assert len(sim.retracted) == 1 and sim.in_mouth is not None
        assert driver.health()["receipt_in_mouth"] == "H29-0002"
    finally:
        driver.close()


def test_citizen_times_the_retraction_itself() -> None:
    sim = PrinterSimulator(presenter="citizen").start()
    driver = EscposPrinter(printer_config(presenter="citizen", retract_after_s=1), port=sim.port)
    try:
        driver.print_receipt(sample_receipt())
        assert bytes(sim.received).count(b"\x1dR\x01\x01") == 1  # GS R 1 1 before the receipt
        assert sim.in_mouth is not None
        wait_until(lambda: bool(sim.retracted))
    finally:
        driver.close()
        sim.close()


def test_citizen_timer_is_at_most_9_s() -> None:
    with pytest.raises(ValidationError, match="collection timer is 1-9 s"):
        printer_config(presenter="citizen", retract_after_s=30)


@pytest.mark.logs(logging.WARNING)
def test_a_cutter_jam_is_recovered_with_dle_enq() -> None:
    sim = PrinterSimulator(presenter="custom").start()
    sim.cutter_error = True
    driver = EscposPrinter(printer_config(presenter="custom", retract_after_s=60), port=sim.port)
    try:
        driver.print_receipt(sample_receipt())
        assert b"\x10\x05\x02" in bytes(sim.received)
        assert sim.in_mouth is not None
    finally:
        driver.close()
        sim.close()
