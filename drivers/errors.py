"""Driver exceptions: one root, ``DeviceError``, that the application maps to its own errors.

Messages are written for a technician: they name the device, the port and what to check.
"""

from __future__ import annotations


class DeviceError(Exception):
    """Root of every error a driver raises on purpose (the environment failed, not our code)."""


class PortMissingError(DeviceError):
    """The serial device, USB printer or network host is not there."""


class PortBusyError(DeviceError):
    """Another process holds the port."""


class NoReplyError(DeviceError):
    """The device did not answer within its reply timeout."""


class GarbledReplyError(DeviceError):
    """The device answered with bytes that are not a valid frame (bad checksum, wrong length)."""


class PrinterNotReadyError(DeviceError):
    """The printer is offline, out of paper, has its cover open or a cutter error."""


class PaperOutError(PrinterNotReadyError):
    """The printer ran out of paper; if raised after printing, the receipt may be incomplete."""
