"""USB receipt printers: the real driver, python-escpos and the pyusb core, over a pyusb backend
that plays the printer (drivers/printer/usb_sim.py), and the kernel's write-only usblp device."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from drivertest import printer_config, sample_receipt

from drivers.errors import PrinterNotReadyError
from drivers.interfaces import PaperState
from drivers.printer.driver import EscposPrinter
from drivers.printer.sim import PrinterSimulator
from drivers.printer.usb_sim import EPSON, WRITE_ONLY, XPRINTER, UsbModel, UsbPrinterBackend
from drivers.registry import build_printer

# Printers that fail log it, as in production: these tests expect warnings and errors.
pytestmark = pytest.mark.logs(logging.ERROR)

STATUS_QUERIES = b"\x10\x04\x01\x10\x04\x02\x10\x04\x03\x10\x04\x04"


def usb_printer(backend: UsbPrinterBackend, **overrides: object) -> EscposPrinter:
    model = backend.model
    config = printer_config(
        transport="usb", usb_vendor_id=model.vendor, usb_product_id=model.product, **overrides
    )
    return EscposPrinter(config, port="", usb_backend=backend)


@pytest.mark.parametrize("model", [XPRINTER, EPSON], ids=["xprinter-81-03", "epson-82-01"])
def test_usb_printer_prints_on_the_endpoints_its_descriptors_name(model: UsbModel) -> None:
    backend = UsbPrinterBackend(model)
    printer = usb_printer(backend)
    try:
        assert printer.status().ready
        printer.print_receipt(sample_receipt())
    finally:
        printer.close()
    [receipt] = backend.printer.receipts
    assert receipt.qr_codes == [sample_receipt().qr_data]
    assert receipt.cut == "full"
    # ASB off first, then the four status queries, then the receipt ending in GS r 1.
    assert bytes(backend.printer.received).startswith(b"\x1da\x00" + STATUS_QUERIES)
    assert bytes(backend.printer.received).endswith(b"\x1dV\x00\x1dr\x01")


def test_a_silent_usb_printer_reads_as_not_answering_not_as_an_error() -> None:
    # pyusb raises USBTimeoutError ("Operation timed out"): silence, never "read failed".
    backend = UsbPrinterBackend(XPRINTER)
    backend.printer.silent = True
    printer = usb_printer(backend)
    try:
        status = printer.status()
    finally:
        printer.close()
    assert not status.responding
    assert status.detail.startswith("no answer to DLE EOT")


def test_usb_printer_reset_or_replugged_is_opened_again_by_itself() -> None:
    backend = UsbPrinterBackend(EPSON)
    printer = usb_printer(backend)
    try:
        assert printer.status().ready
        opened = backend.opened
        backend.replug()  # old handle: "No such device"; the device is back at a new address
        assert printer.status().ready
        assert backend.opened > opened
        printer.print_receipt(sample_receipt())
    finally:
        printer.close()
    assert len(backend.printer.receipts) == 1


def test_usb_printer_unplugged_says_so_and_comes_back() -> None:
    backend = UsbPrinterBackend(XPRINTER)
    printer = usb_printer(backend)
    try:
        assert printer.status().ready
        backend.unplug()
        status = printer.status()
        assert not status.responding
        assert "is not on the USB bus" in status.detail
        backend.plug()
        assert printer.status().ready
    finally:
        printer.close()


def test_configured_endpoint_overrides_the_descriptors() -> None:
    # Epson's endpoints configured on an Xprinter-class device: the write is refused by it.
    backend = UsbPrinterBackend(XPRINTER)
    printer = usb_printer(backend, usb_out_ep=0x01, usb_in_ep=0x82)
    try:
        status = printer.status()
    finally:
        printer.close()
    assert not status.responding
    assert "write failed" in status.detail


def test_usb_printer_without_an_in_endpoint_prints_with_status_unknown() -> None:
    backend = UsbPrinterBackend(WRITE_ONLY)
    printer = usb_printer(backend)
    try:
        status = printer.status()
        printer.print_receipt(sample_receipt())
    finally:
        printer.close()
    assert status.paper is PaperState.UNKNOWN and not status.responding
    assert status.detail.startswith("status unknown:")
    assert len(backend.printer.receipts) == 1


def test_usb_simulator_is_picked_by_the_port_name() -> None:
    config = printer_config(
        transport="usb", usb_vendor_id=0x0416, usb_product_id=0x5011, port="sim:escpos"
    )
    printer, sim = build_printer(config)
    try:
        printer.print_receipt(sample_receipt())
    finally:
        printer.close()
    assert sim is not None and len(sim.receipts) == 1


def test_usblp_device_is_written_and_its_status_is_said_to_be_unknown(tmp_path: Path) -> None:
    device = tmp_path / "lp0"  # stands in for /dev/usb/lp0: a file that takes bytes
    device.touch()
    printer = EscposPrinter(printer_config(transport="usblp", port=str(device)), port="")
    try:
        status = printer.status()
        printer.print_receipt(sample_receipt())
    finally:
        printer.close()
    assert not status.responding
    assert "write-only" in status.detail and "status unknown" in status.detail
    played = PrinterSimulator(replies=_Nowhere())
    played.feed(device.read_bytes())
    [receipt] = played.receipts
    assert receipt.qr_codes == [sample_receipt().qr_data]


def test_usblp_missing_device_is_a_clear_error(tmp_path: Path) -> None:
    printer = EscposPrinter(printer_config(transport="usblp", port=str(tmp_path / "lp9")), port="")
    with pytest.raises(PrinterNotReadyError, match="does not exist"):
        printer.print_receipt(sample_receipt())
    printer.close()


class _Nowhere:
    def send(self, data: bytes) -> None:
        pass

    def schedule(self, delay: float, action: object) -> None:
        pass
