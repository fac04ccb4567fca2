"""USB receipt printers through pyusb, opened with python-escpos's ``Usb``.

python-escpos assumes Epson's endpoints (IN 0x82 / OUT 0x01); most Chinese POS58/80 printers
use 0x81 / 0x03 (python-escpos issues #230, #384, #444, #636, #646). The endpoints are read
from the device's own descriptors instead, and the configuration may name them. pyusb reports
a read timeout as ``usb.core.USBTimeoutError``: that is silence, any other ``USBError`` means
the device went away (unplugged, reset, re-enumerated), and the driver opens it again.
"""

from __future__ import annotations

import logging
from typing import Any

from drivers.config import PrinterConfig
from drivers.errors import DeviceError, PortMissingError

log = logging.getLogger(__name__)

#: USB interface class of printers (USB Device Class Definition for Printing Devices 1.1).
PRINTER_CLASS = 7
#: Milliseconds pyusb waits for a write when no timeout is given (0 would mean forever).
DEFAULT_WRITE_MS = 5000
READ_SIZE = 64


class UsbTransport:
    """A USB printer's bulk endpoints. ``backend`` is a pyusb backend; None lets pyusb pick
    libusb (tests pass one that plays a printer, under the real pyusb core)."""

    def __init__(self, config: PrinterConfig, *, backend: object | None = None) -> None:
        assert config.usb_vendor_id is not None and config.usb_product_id is not None
        vendor, product = config.usb_vendor_id, config.usb_product_id
        self.name = f"usb {vendor:04x}:{product:04x}"
        try:
            import usb.core
            from escpos.exceptions import DeviceNotFoundError
            from escpos.printer import Usb
        except ImportError as exc:  # pragma: no cover - pyusb comes with the project
            raise PortMissingError(
                f"printer {self.name}: pyusb is not installed (pip install 'python-escpos[usb]')"
            ) from exc
        self._usb: Any = usb
        args = {} if backend is None else {"backend": backend}
        self._printer = Usb(vendor, product, usb_args=args)
        try:
            self._printer.open()
        except DeviceNotFoundError as exc:
            raise PortMissingError(
                f"printer {self.name} is not on the USB bus (switched on? does `lsusb` list "
                "it? check usb_vendor_id / usb_product_id)"
            ) from exc
        except usb.core.NoBackendError as exc:
            raise PortMissingError(
                f"printer {self.name}: libusb is missing (apt install libusb-1.0-0)"
            ) from exc
        self._device: Any = self._printer.device
        try:
            found_in, found_out = bulk_endpoints(self._device)
        except (usb.core.USBError, ValueError) as exc:
            self.close()
            raise PortMissingError(
                f"printer {self.name}: cannot read its descriptors: {exc}"
            ) from exc
        self.out_ep = _chosen(self.name, "usb_out_ep", config.usb_out_ep, found_out)
        self.in_ep = (
            None
            if found_in is None and config.usb_in_ep is None
            else (_chosen(self.name, "usb_in_ep", config.usb_in_ep, found_in))
        )
        #: A printer without a bulk IN endpoint (USB "unidirectional") cannot report status.
        self.can_read = self.in_ep is not None
        log.info(
            "printer %s: bulk OUT %#04x, IN %s",
            self.name,
            self.out_ep,
            "none" if self.in_ep is None else f"{self.in_ep:#04x}",
        )

    def write(self, data: bytes, *, timeout: float | None = None) -> None:
        ms = DEFAULT_WRITE_MS if timeout is None else max(1, int(timeout * 1000))
        try:
            self._device.write(self.out_ep, data, ms)
        except self._usb.core.USBTimeoutError as exc:
            raise DeviceError(
                f"printer {self.name} did not take the data within {ms} ms (paper out, cover "
                "open, or its buffer full)"
            ) from exc
        except (self._usb.core.USBError, ValueError) as exc:
            raise DeviceError(f"printer {self.name}: write failed: {exc}") from exc

    def read_some(self, timeout: float) -> bytes:
        if self.in_ep is None:
            return b""
        try:
            data = self._device.read(self.in_ep, READ_SIZE, max(1, int(timeout * 1000)))
        except self._usb.core.USBTimeoutError:
            return b""
        except (self._usb.core.USBError, ValueError) as exc:
            raise DeviceError(f"printer {self.name}: read failed: {exc}") from exc
        return bytes(data)

    def discard_input(self) -> bytes:
        return self.read_some(0.001)

    def close(self) -> None:
        try:
            self._printer.close()
        except self._usb.core.USBError as exc:  # closing a device that is already gone
            log.debug("closing %s: %s", self.name, exc)


def bulk_endpoints(device: Any) -> tuple[int | None, int]:
    """(IN, OUT) bulk endpoint addresses of the printer interface (else the first interface
    with a bulk OUT endpoint) of the active configuration. IN is None on a write-only one."""
    import usb.util

    interfaces = sorted(
        device.get_active_configuration(), key=lambda i: i.bInterfaceClass != PRINTER_CLASS
    )
    for interface in interfaces:
        bulk = [
            e
            for e in interface
            if usb.util.endpoint_type(e.bmAttributes) == usb.util.ENDPOINT_TYPE_BULK
        ]
        outs = [
            e.bEndpointAddress
            for e in bulk
            if usb.util.endpoint_direction(e.bEndpointAddress) == usb.util.ENDPOINT_OUT
        ]
        ins = [e.bEndpointAddress for e in bulk if e.bEndpointAddress not in outs]
        if outs:
            return (ins[0] if ins else None), outs[0]
    raise ValueError("no interface with a bulk OUT endpoint (is this a printer?)")


def _chosen(name: str, setting: str, configured: int | None, found: int | None) -> int:
    if configured is None:
        assert found is not None
        return found
    if found is not None and configured != found:
        log.warning(
            "printer %s: %s = %#04x overrides the descriptors' %#04x",
            name,
            setting,
            configured,
            found,
        )
    return configured
