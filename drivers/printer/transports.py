"""The printer's byte pipes: serial (device, URL or simulator pty), USB (pyusb, in
``usb_transport``), the kernel's write-only usblp device, and TCP."""

from __future__ import annotations

import contextlib
import os
import socket
from typing import Protocol

from drivers.config import PrinterConfig
from drivers.errors import DeviceError, PortMissingError
from drivers.printer.usb_transport import UsbTransport
from drivers.serial_link import SerialLink


class PrinterTransport(Protocol):
    name: str
    #: False for write-only pipes (usblp, a USB printer without a bulk IN endpoint).
    can_read: bool

    def write(self, data: bytes, *, timeout: float | None = None) -> None: ...

    def read_some(self, timeout: float) -> bytes: ...

    def discard_input(self) -> bytes: ...

    def close(self) -> None: ...


def open_transport(
    config: PrinterConfig, *, port: str, usb_backend: object | None = None
) -> PrinterTransport:
    """``port`` is the serial port to open (the simulator's pty when config.port is sim:);
    ``usb_backend`` the pyusb backend for the usb transport (None: libusb)."""
    if config.transport == "network":
        return NetworkTransport(config.host, config.tcp_port, config.status_timeout_ms / 1000)
    if config.transport == "usb":
        return UsbTransport(config, backend=usb_backend)
    if config.transport == "usblp":
        return UsblpTransport(config.port)
    return SerialLink(port, config.baud, device="printer")


class NetworkTransport:
    """Raw TCP (port 9100): the printer answers status bytes on the same connection."""

    can_read = True

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


class UsblpTransport:
    """The kernel's ``usblp`` character device (``/dev/usb/lp0``): write-only, so the printer
    can print but never say whether it has paper, and receipts cannot be confirmed."""

    can_read = False

    def __init__(self, path: str) -> None:
        self.name = path
        try:
            self._fd = os.open(path, os.O_WRONLY | os.O_NOCTTY)
        except FileNotFoundError as exc:
            raise PortMissingError(
                f"printer: {path} does not exist (printer off or unplugged? `ls /dev/usb/`)"
            ) from exc
        except PermissionError as exc:
            raise PortMissingError(
                f"printer: no permission to open {path} (add the kiosk user to group lp)"
            ) from exc
        except OSError as exc:
            raise PortMissingError(f"printer: cannot open {path}: {exc}") from exc

    def write(self, data: bytes, *, timeout: float | None = None) -> None:
        # usblp blocks while the printer is busy; its own timeout ends a stuck write.
        view = memoryview(data)
        try:
            while view:
                view = view[os.write(self._fd, view) :]
        except OSError as exc:
            raise DeviceError(f"printer on {self.name}: write failed: {exc}") from exc

    def read_some(self, timeout: float) -> bytes:
        return b""

    def discard_input(self) -> bytes:
        return b""

    def close(self) -> None:
        with contextlib.suppress(OSError):
            os.close(self._fd)


def wire_seconds(size: int, baud: int) -> float:
    """Time on a serial wire at 8N1: ten bit times per byte."""
    return size * 10 / baud
