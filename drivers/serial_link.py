"""A serial port (device path, pyserial URL or simulator pty) with errors a technician reads."""

from __future__ import annotations

import errno
import logging
import time
from typing import Protocol, cast

import serial

from drivers.errors import DeviceError, PortBusyError, PortMissingError

log = logging.getLogger(__name__)


class _Port(Protocol):
    """What we use of a pyserial port; every ``serial_for_url`` class has it."""

    timeout: float | None
    write_timeout: float | None

    @property
    def in_waiting(self) -> int: ...

    def read(self, size: int = 1) -> bytes: ...

    def write(self, data: bytes, /) -> int | None: ...

    def flush(self) -> None: ...

    def close(self) -> None: ...


class SerialLink:
    """A byte pipe to one device. Reads wait at most the timeout given; writes raise on failure."""

    def __init__(self, port: str, baud: int, *, device: str, write_timeout: float = 5.0) -> None:
        self.name = port
        self._device = device
        self._port = _open(port, baud, device, write_timeout)

    def write(self, data: bytes, *, timeout: float | None = None) -> None:
        try:
            if timeout is not None:
                self._port.write_timeout = timeout
            self._port.write(data)
            self._port.flush()
        except serial.SerialTimeoutException as exc:
            raise DeviceError(
                f"{self._device} on {self.name} did not take the data in time (flow control "
                "held or cable unplugged)"
            ) from exc
        except (serial.SerialException, OSError) as exc:
            raise DeviceError(f"{self._device} on {self.name}: write failed: {exc}") from exc

    def read_some(self, timeout: float) -> bytes:
        """Whatever arrives within ``timeout`` seconds, returned as soon as anything arrives."""
        try:
            self._port.timeout = max(timeout, 0.0)
            first = self._port.read(1)
            if not first:
                return b""
            waiting = self._port.in_waiting
            return first + (self._port.read(waiting) if waiting else b"")
        except (serial.SerialException, OSError) as exc:
            raise DeviceError(f"{self._device} on {self.name}: read failed: {exc}") from exc

    def read_until(self, deadline: float, done: bytes | None = None) -> bytes:
        """Bytes read until the monotonic ``deadline`` (or until ``done`` is seen)."""
        data = b""
        while (left := deadline - time.monotonic()) > 0:
            data += self.read_some(left)
            if done is not None and done in data:
                break
        return data

    def discard_input(self) -> bytes:
        """Drop and return bytes nobody asked for (late replies, unsolicited frames)."""
        return self.read_some(0)

    def close(self) -> None:
        try:
            self._port.close()
        except (serial.SerialException, OSError) as exc:  # closing a vanished USB adapter
            log.debug("closing %s: %s", self.name, exc)


def _open(port: str, baud: int, device: str, write_timeout: float) -> _Port:
    try:
        opened = serial.serial_for_url(
            port, baudrate=baud, timeout=0, write_timeout=write_timeout, exclusive=True
        )
        return cast(_Port, opened)
    except serial.SerialException as exc:
        cause = exc.__cause__ if isinstance(exc.__cause__, OSError) else exc
        code = getattr(cause, "errno", None) or getattr(exc, "errno", None)
        text = str(exc)
        if code in (errno.ENOENT, errno.ENODEV, errno.ENXIO) or "No such file" in text:
            raise PortMissingError(
                f"{device}: port {port} does not exist "
                "(cable unplugged? see `ls /dev/serial/by-id`)"
            ) from exc
        if code in (errno.EBUSY, errno.EAGAIN) or "exclusively lock" in text:
            raise PortBusyError(
                f"{device}: port {port} is in use by another program (is the kiosk running?)"
            ) from exc
        if code == errno.EACCES:
            raise PortMissingError(
                f"{device}: no permission to open {port} (add the kiosk user to group dialout)"
            ) from exc
        raise PortMissingError(f"{device}: cannot open {port}: {exc}") from exc
    except ValueError as exc:
        raise PortMissingError(f"{device}: bad port {port!r}: {exc}") from exc
