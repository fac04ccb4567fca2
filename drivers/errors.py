"""The project's root exceptions, and the drivers' own: ``DeviceError`` and its kinds.

The root (``KioskError``) and its "the machine around us failed" branch
(``EnvironmentProblem``) live here, in the lowest layer, because ``drivers/`` may import
nothing from ``kiosk/`` and a device error *is* an environment problem: one family, so the CLI,
the screens and the services treat an unplugged port like a full disk (a message for a
technician, exit 1, no traceback). ``kiosk.errors`` re-exports both; the rest of the project
names them from there.

Messages are written for a technician: they name the device, the port and what to check.
"""

from __future__ import annotations


class KioskError(Exception):
    """Root of every exception the project raises on purpose."""


class EnvironmentProblem(KioskError):
    """The machine around us failed: disk full, port missing or busy, device silent.

    Not a bug: the message is for a technician, the CLI exits with code 1 and no traceback.
    """


class DeviceError(EnvironmentProblem):
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
