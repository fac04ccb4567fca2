"""The real printer driver against the ESC/POS simulator on a pty."""

from __future__ import annotations

import logging
import time

import pytest
from drivertest import printer_config, sample_receipt

from drivers.errors import DeviceError, NoReplyError, PaperOutError, PrinterNotReadyError
from drivers.interfaces import PaperState
from drivers.printer.driver import EscposPrinter
from drivers.printer.sim import PrinterSimulator

# python-escpos's TCVN-3 table decodes Đ as the look-alike Ð (see drivers/printer/layout.py).
EXPECTED_LINES = [
    "ATM hồ sơ 24/7",
    "Phường Bến Nghé",
    "",
    "PHIẾU NHẬN KẾT QUẢ",
    "",
    "Mã hồ sơ: H29-261123-0001",
    "Thủ tục: Cấp bản sao trích lục khai sinh",
    "Ô tủ: A03",
    "Thời gian: 09:30 23/11/2026",
    "",
    "Vui lòng lấy hồ sơ và đóng cửa ô tủ. Xin",
    "cảm ơn!",
]


def test_status_asks_dle_eot_1_to_4(printer_sim: PrinterSimulator, printer: EscposPrinter) -> None:
    assert printer.status().ready
    # Automatic status back off first (GS a 0), then DLE EOT 1..4.
    assert bytes(printer_sim.received) == (
        b"\x1da\x00\x10\x04\x01\x10\x04\x02\x10\x04\x03\x10\x04\x04"
    )


def test_vietnamese_receipt_prints_with_qr_and_cut(
    printer_sim: PrinterSimulator, printer: EscposPrinter
) -> None:
    printer.print_receipt(sample_receipt())
    [receipt] = printer_sim.receipts
    assert receipt.lines == EXPECTED_LINES
    assert receipt.qr_codes == [sample_receipt().qr_data]
    assert receipt.cut == "full"
    assert bytes(printer_sim.received).endswith(b"\x1dV\x00\x1dr\x01")
    assert printer.health()["printed"] == 1


def test_raster_receipt_prints_images(printer_sim: PrinterSimulator) -> None:
    driver = EscposPrinter(printer_config(text_mode="raster", qr="raster"), port=printer_sim.port)
    try:
        driver.print_receipt(sample_receipt(extra_lines=("Đăng ký",)))
    finally:
        driver.close()
    [receipt] = printer_sim.receipts
    assert receipt.lines == []  # blank lines are paper feeds (ESC J); all text is in images
    assert receipt.qr_codes == []
    assert len(receipt.images) == 10  # 8 lines, the QR code, the message
    assert all(width <= 576 for width, _ in receipt.images)


@pytest.mark.parametrize(
    ("fault", "error", "message"),
    [
        ({"paper": PaperState.OUT}, PaperOutError, "out of paper"),
        ({"cover_open": True}, PrinterNotReadyError, "cover open"),
        ({"cutter_error": True}, PrinterNotReadyError, "cutter error"),
        ({"silent": True}, PrinterNotReadyError, "no answer to DLE EOT"),
        ({"garbled": True}, PrinterNotReadyError, "garbled status"),
    ],
)
@pytest.mark.logs(logging.ERROR)
def test_faults_refuse_the_receipt_before_sending_it(
    printer_sim: PrinterSimulator,
    printer: EscposPrinter,
    fault: dict[str, object],
    error: type[DeviceError],
    message: str,
) -> None:
    for name, value in fault.items():
        setattr(printer_sim, name, value)
    with pytest.raises(error, match=message):
        printer.print_receipt(sample_receipt())
    assert b"\x1d(k" not in printer_sim.received
    assert printer.health()["failed"] == 1


@pytest.mark.logs(logging.WARNING)
def test_paper_near_end_still_prints(printer_sim: PrinterSimulator, printer: EscposPrinter) -> None:
    printer_sim.paper = PaperState.NEAR_END
    assert printer.status().to_json()["paper"] == "near_end"
    printer.print_receipt(sample_receipt())
    assert len(printer_sim.receipts) == 1


@pytest.mark.logs(logging.ERROR)
def test_paper_out_mid_print_is_reported(
    printer_sim: PrinterSimulator, printer: EscposPrinter
) -> None:
    printer_sim.run_out_of_paper_after(150)
    with pytest.raises(PaperOutError, match="receipt is incomplete"):
        printer.print_receipt(sample_receipt())
    assert printer_sim.receipts == []
    assert printer.status().paper is PaperState.OUT


@pytest.mark.logs(logging.ERROR)
def test_printer_that_never_confirms_is_an_error_unless_configured(
    printer_sim: PrinterSimulator,
) -> None:
    printer_sim.answers_job_end = False
    strict = EscposPrinter(printer_config(), port=printer_sim.port)
    with pytest.raises(NoReplyError, match="did not confirm"):
        strict.print_receipt(sample_receipt())
    strict.close()
    lenient = EscposPrinter(printer_config(confirm_printed=False), port=printer_sim.port)
    lenient.print_receipt(sample_receipt())
    lenient.close()
    assert len(printer_sim.receipts) == 2


@pytest.mark.logs(logging.WARNING)
def test_silent_printer_status_is_quick_offline_and_recovers(
    printer_sim: PrinterSimulator, printer: EscposPrinter
) -> None:
    printer_sim.silent = True
    started = time.monotonic()
    status = printer.status()
    assert time.monotonic() - started < 0.3 + 0.2  # status_timeout_ms, and some slack
    assert (status.online, status.paper) == (False, PaperState.UNKNOWN)
    assert printer.health()["status"]["responding"] is False
    printer_sim.silent = False
    assert printer.status().ready


@pytest.mark.logs(logging.ERROR)
def test_missing_port_is_offline_with_a_clear_detail() -> None:
    driver = EscposPrinter(printer_config(), port="/dev/does-not-exist")
    status = driver.status()
    assert not status.online
    assert "does not exist" in status.detail
    with pytest.raises(PrinterNotReadyError, match="does not exist"):
        driver.print_receipt(sample_receipt())


@pytest.mark.logs(logging.ERROR)
def test_asb_packets_are_read_for_what_they_say_never_taken_for_the_gs_r_answer(
    printer_sim: PrinterSimulator, printer: EscposPrinter
) -> None:
    # A printer that keeps automatic status back on whatever GS a 0 says (a DIP switch wins):
    # its "paper end" packet's bytes 2-4 look like a GS r answer of "paper ok".
    printer_sim.asb = True
    printer_sim.asb_ignores_off = True
    assert printer.status().ready  # the packet sent on GS a is skipped, DLE EOT still answered
    printer_sim.run_out_of_paper_after(200)
    with pytest.raises(PaperOutError, match="incomplete"):
        printer.print_receipt(sample_receipt())
    assert printer.health()["asb_packets"] >= 1  # the paper-end packet, parsed


def test_each_status_query_gets_its_own_timeout(printer_sim: PrinterSimulator) -> None:
    # A LAN bridge answering every query in 150 ms: 4 x 150 ms exceeds one 300 ms budget.
    printer_sim.reply_delay = 0.15
    driver = EscposPrinter(printer_config(status_timeout_ms=300), port=printer_sim.port)
    try:
        assert driver.status().ready
    finally:
        driver.close()
