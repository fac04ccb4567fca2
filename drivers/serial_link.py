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


#: How often a lost port is opened again: a USB adapter that dropped off the bus (a loose cable,
#: a static shock) re-enumerates within a second or two, under the same udev name.
REOPEN_EVERY_S = 1.0


class SerialLink:
    """A byte pipe to one device. Reads wait at most the timeout given; writes raise on failure.

    A port that fails (the device vanished) is closed, and the next read or write opens it
    again by its name, at most every ``REOPEN_EVERY_S``: the kiosk keeps its devices through a
    USB adapter's re-enumeration without a restart. With ``open_now=False`` the first read or
    write opens it: a device missing at boot is then one that is lost, not a start-up failure.
    """

    can_read = True

    def __init__(
        self,
        port: str,
        baud: int,
        *,
        device: str,
        write_timeout: float = 5.0,
        open_now: bool = True,
    ) -> None:
        self.name = port
        self._device = device
        self._baud = baud
        self._write_timeout = write_timeout
        self._port: _Port | None = _open(port, baud, device, write_timeout) if open_now else None
        self._opened_before = open_now
        self._reopen_at = 0.0
        self._closed = False

    def write(self, data: bytes, *, timeout: float | None = None) -> None:
        port = self._live()
        try:
            if timeout is not None:
                port.write_timeout = timeout
            port.write(data)
            port.flush()
        except serial.SerialTimeoutException as exc:
            raise DeviceError(
                f"{self._device} on {self.name} did not take the data in time (flow control "
                "held or cable unplugged)"
            ) from exc
        except (serial.SerialException, OSError) as exc:
            raise self._lost("write", exc) from exc

    def read_some(self, timeout: float) -> bytes:
        """Whatever arrives within ``timeout`` seconds, returned as soon as anything arrives."""
        port = self._live()
        try:
            port.timeout = max(timeout, 0.0)
            first = port.read(1)
            if not first:
                return b""
            waiting = port.in_waiting
            return first + (port.read(waiting) if waiting else b"")
        except (serial.SerialException, OSError) as exc:
            raise self._lost("read", exc) from exc

    def _live(self) -> _Port:
        if self._port is not None:
            return self._port
        if self._closed:
            raise DeviceError(f"{self._device} on {self.name}: closed")
        now = time.monotonic()
        if now < self._reopen_at:
            raise PortMissingError(f"{self._device}: port {self.name} lost; opening it again")
        self._reopen_at = now + REOPEN_EVERY_S
        self._port = _open(self.name, self._baud, self._device, self._write_timeout)
        if self._opened_before:
            log.warning("%s: port %s open again", self._device, self.name)
        else:  # opened on first use (a kiosk that waited for its port): nothing was lost
            log.info("%s: port %s open", self._device, self.name)
        self._opened_before = True
        return self._port

    def _lost(self, what: str, exc: Exception) -> DeviceError:
        port, self._port = self._port, None
        self._reopen_at = time.monotonic() + REOPEN_EVERY_S
        if port is not None:
            _close_quietly(port, self.name)
        log.warning("%s: port %s failed (%s); opening it again", self._device, self.name, exc)
        return DeviceError(f"{self._device} on {self.name}: {what} failed: {exc}")

    def cancel_read(self) -> None:
        """End at once a read another thread is waiting in (a reader being stopped), where the
        port can (pyserial's POSIX ports); elsewhere that read ends at its timeout."""
        cancel = getattr(self._port, "cancel_read", None)
        if cancel is not None:
            cancel()

    def discard_input(self) -> bytes:
        """Drop and return bytes nobody asked for (late replies, unsolicited frames)."""
        return self.read_some(0)

    def close(self) -> None:
        self._closed = True
        port, self._port = self._port, None
        if port is not None:
            _close_quietly(port, self.name)


def _close_quietly(port: _Port, name: str) -> None:
    try:
        port.close()
    except (serial.SerialException, OSError) as exc:  # closing a vanished USB adapter
        log.debug("closing %s: %s", name, exc)


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
