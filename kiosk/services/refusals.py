"""Why the locker opens no door: the one refusal every ``begin_*`` raises, citizen's or staff's.

Each reason is one the screens can explain (``kiosk/ui/screens/refusals.py``,
``kiosk/ui/staff/words.py``).
"""

from __future__ import annotations

from enum import StrEnum

from kiosk.errors import KioskError


class Refusal(StrEnum):
    WRONG_CODE = "wrong_code"  # never says whether the dossier exists
    DELAY = "delay"  # wait before the next try
    PAUSED = "paused"  # too many wrong codes: wait_s says how long
    VOID = "void"  # too many wrong codes in total: the code must be re-issued
    EXPIRED = "expired"
    REVOKED = "revoked"
    USED = "used"  # the code already opened its door
    NOT_READY = "not_ready"  # released, but staff have not loaded it yet
    NEED_PHONE_DIGITS = "need_phone_digits"  # two active results share the code
    BUSY = "busy"  # the door is already being opened
    OUT_OF_SERVICE = "out_of_service"
    NO_FREE_COMPARTMENT = "no_free_compartment"
    NOT_SUITABLE = "not_suitable"  # staff picked an occupied, disabled or too small door
    UNKNOWN_DOSSIER = "unknown_dossier"  # staff side: no such release here
    ALREADY_LOADED = "already_loaded"
    PICKED_UP = "picked_up"  # staff side: the citizen already collected this result
    BAD_CODE_FORMAT = "bad_code_format"
    NOTHING_TO_TAKE = "nothing_to_take"


class Refused(KioskError):
    def __init__(
        self,
        reason: Refusal,
        *,
        tries_left: int | None = None,
        wait_s: float = 0.0,
        detail: str = "",
    ) -> None:
        super().__init__(f"{reason.value}{': ' + detail if detail else ''}")
        self.reason = reason
        self.tries_left = tries_left
        self.wait_s = wait_s
