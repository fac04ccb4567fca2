"""The printer's byte pipes: serial (device, URL or simulator pty), USB (python-escpos) and TCP."""

from __future__ import annotations

import contextlib
import socket
from typing import Any, Protocol

from drivers.config import PrinterConfig
from drivers.errors import DeviceError, PortMissingError
from drivers.serial_link import SerialLink


class PrinterTransport(Protocol):
    name: str

    def write(self, data: bytes, *, timeout: float | None = None) -> None: ...

    def read_some(self, timeout: float) -> bytes: ...

    def discard_input(self) -> bytes: ...

    def close(self) -> None: ...


def open_transport(config: PrinterConfig, *, port: str) -> PrinterTransport:
    """``port`` is the serial port to open (the simulator's pty when config.port is sim:)."""
    if config.transport == "network":
        return NetworkTransport(config.host, config.tcp_port, config.status_timeout_ms / 1000)
    if config.transport == "usb":
        assert config.usb_vendor_id is not None and config.usb_product_id is not None
        return UsbTransport(config.usb_vendor_id, config.usb_product_id)
    return SerialLink(port, config.baud, device="printer")


class NetworkTransport:
    """Raw TCP (port 9100): the printer answers status bytes on the same connection."""

    def __init__(self, host: str, port: int, connect_timeout: float) -> None:
        self.name = f"{host}:{port}"
        try:
            self._sock = socket.create_connection((host, port), timeout=max(connect_timeout, 1))
        except OSError as exc:
            raise PortMissingError(f"printer at {self.name} unreachable: {exc}") from exc

    def write(self, data: bytes, *, timeout: float | None = None) -> None:
        try:
            self._sock.settimeout(timeout)
            self._sock.sendall(data)
        except OSError as exc:
            raise DeviceError(f"printer at {self.name}: send failed: {exc}") from exc

    def read_some(self, timeout: float) -> bytes:
        try:
            self._sock.settimeout(max(timeout, 0.0001))
            return self._sock.recv(64)
        except TimeoutError:
            return b""
        except OSError as exc:
            raise DeviceError(f"printer at {self.name}: receive failed: {exc}") from exc

    def discard_input(self) -> bytes:
        return self.read_some(0)

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self._sock.close()


class UsbTransport:
    """USB printer class device through python-escpos's ``Usb`` (needs pyusb and libusb)."""

    def __init__(self, vendor: int, product: int) -> None:
        self.name = f"usb {vendor:04x}:{product:04x}"
        try:
            from escpos.exceptions import DeviceNotFoundError
            from escpos.printer import Usb
        except ImportError as exc:  # pragma: no cover - depends on the machine
            raise PortMissingError(f"printer {self.name}: pyusb is not installed") from exc
        self._printer = Usb(vendor, product)
        if not self._printer.is_usable():
            raise PortMissingError(f"printer {self.name}: pyusb is not installed")
        try:
            self._printer.open()
        except DeviceNotFoundError as exc:
            raise PortMissingError(f"printer {self.name} not found: {exc}") from exc
        self._device: Any = self._printer.device

    def write(self, data: bytes, *, timeout: float | None = None) -> None:
        try:
            self._device.write(self._printer.out_ep, data, int((timeout or 0) * 1000))
        except Exception as exc:  # pyusb raises USBError and its subclasses
            raise DeviceError(f"printer {self.name}: write failed: {exc}") from exc

    def read_some(self, timeout: float) -> bytes:
        try:
            data = self._device.read(self._printer.in_ep, 16, max(1, int(timeout * 1000)))
        except Exception as exc:
            if "timeout" in str(exc).lower():
                return b""
            raise DeviceError(f"printer {self.name}: read failed: {exc}") from exc
        return bytes(data)

    def discard_input(self) -> bytes:
        return self.read_some(0.001)

    def close(self) -> None:
        self._printer.close()


def wire_seconds(size: int, baud: int) -> float:
    """Time on a serial wire at 8N1: ten bit times per byte."""
    return size * 10 / baud
