"""The words of the domain: sizes, states and who did something. Plain values, no I/O."""

from __future__ import annotations

import re
from enum import StrEnum

# An OTP is 8 digits; dossier codes are the receiving agency's identity code, the receipt date
# yyMMdd and the running number of the day: 000.00.07.H29-251123-0001 (central-api.md).
OTP_PATTERN = re.compile(r"^[0-9]{8}$")
# The phone's last digits, asked as a second factor (central-api.md: phone_last_digits).
PHONE_DIGITS_PATTERN = re.compile(r"^[0-9]{3}$")
DOSSIER_CODE_PATTERN = re.compile(r"^[0-9A-Z]{3}(\.[0-9A-Z]{2,3}){3}-[0-9]{6}-[0-9]{4,6}$")


class Size(StrEnum):
    S = "S"
    M = "M"
    L = "L"

    def fits_in(self, other: Size) -> bool:
        """A result of this size fits in a compartment of size ``other``."""
        return _SIZE_ORDER[self] <= _SIZE_ORDER[other]


_SIZE_ORDER = {Size.S: 0, Size.M: 1, Size.L: 2}


class HeightBand(StrEnum):
    """Where a door sits, for a wheelchair mode that offers only reachable doors."""

    LOW = "low"
    MIDDLE = "middle"
    HIGH = "high"


class Content(StrEnum):
    """What a compartment holds, as far as the kiosk knows."""

    EMPTY = "empty"
    RESULT = "result"
    DROPOFF = "dropoff"


class ReleaseStatus(StrEnum):
    """A release's status as the central system sends it."""

    RELEASED = "released"
    REVOKED = "revoked"


class ResultState(StrEnum):
    """The local life of a released result (``results.state``)."""

    STAGED = "staged"  # its loading door is open: it counts as loaded when the door shuts on it
    LOADED = "loaded"
    PICKED_UP = "picked_up"
    RETRIEVED = "retrieved"  # staff took it back (recall), or an inspection found it gone


class DropoffState(StrEnum):
    """The local life of a dropped-off dossier (``dropoffs.state``)."""

    STAGED = "staged"  # its door is open: it counts as received when the door shuts on it
    RECEIVED = "received"
    COLLECTED = "collected"  # staff took it to the counter, or an inspection found it gone


class DoorPurpose(StrEnum):
    """Why a door is being opened; decides what the opening and closing mean."""

    PICKUP = "pickup"
    LOAD = "load"
    DROPOFF = "dropoff"
    COLLECT = "collect"
    RETRIEVE = "retrieve"
    INSPECT = "inspect"


class IntentState(StrEnum):
    """A door command's journal entry: written before the command is sent."""

    PENDING = "pending"  # command about to be / being sent
    OPEN = "open"  # the sensor saw the door open
    DONE = "done"  # closed again; the purpose is fulfilled
    FAILED = "failed"  # the door never opened (jammed): nothing changed
    ABORTED = "aborted"  # opened and closed but the purpose was not fulfilled
    UNCERTAIN = "uncertain"  # a restart could not tell what happened: staff must check


class AlarmKind(StrEnum):
    """Alarm kinds as in the central API contract (``alarm.raised`` ``data.kind``)."""

    DOOR_LEFT_OPEN = "door_left_open"
    DOOR_FORCED = "door_forced"
    DOOR_JAMMED = "door_jammed"
    BOARD_OFFLINE = "board_offline"
    PRINTER_PAPER_OUT = "printer_paper_out"
    PRINTER_OFFLINE = "printer_offline"
    TAMPER = "tamper"
    LOCKOUT = "lockout"
    ITEM_LEFT = "item_left"  # papers left in a compartment after a pickup
    ITEM_MISSING = "item_missing"  # a compartment that should hold something closed empty
    SENSOR_FAULT = "sensor_fault"  # a lock or item sensor that contradicts itself
    CITIZEN_REPORT = "citizen_report"  # a citizen reported a problem at a door


CITIZEN = "citizen"
SYSTEM = "system"
# The contract's actor for what the kiosk raises by itself (alarms from sensors and devices).
KIOSK = "kiosk"


def staff_actor(staff_id: str, role: str) -> str:
    """The ``actor`` of an outbox event: ``staff:<id>`` or ``technician:<id>``."""
    return f"{role}:{staff_id}"
