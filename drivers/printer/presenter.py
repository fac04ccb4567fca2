"""Kiosk printers with a presenter: the receipt is held in the mouth after the cut, and pulled
back (retracted, for privacy) when nobody takes it. One record per presenter family, with the
bytes from its vendor's manual; python-escpos has no presenter API (its issue #436).

- Custom (VKP80, KPM, TPTCM): ``GS e n [m]`` (Custom KPM210/216 commands manual): ``n = 3``
  presents the ticket with ``m`` steps of 0.625 mm, ``n = 2`` retracts it ("only if paper
  retracting is enabled" in the printer's setup), ``n = 6`` sends the ejector status byte,
  whose bit 3 is "ticket present on the output". The TPTCM manual numbers ``n`` differently
  (4 = ticket catch): such a printer needs its own record.
- Citizen (PPU-700, PMU2300III): the printer times the retraction itself: ``GS R 1 n`` retracts
  a receipt not collected within ``n`` seconds (0-9, default 5), ``GS R 0`` turns that off.
- Epic 880: ``ESC i`` presents, ``ESC k`` retracts.

``DLE ENQ 2`` asks a printer to recover from an error (a cutter jam) and clear its buffers,
where the record says it is supported.
"""

from __future__ import annotations

from dataclasses import dataclass

GS, ESC = b"\x1d", b"\x1b"
DLE_ENQ_RECOVER = b"\x10\x05\x02"
CUSTOM_PRESENT_STEPS = 40  # 25 mm out of the mouth
CUSTOM_STATUS = GS + b"e\x06"
CUSTOM_TICKET_PRESENT = 0x08
CITIZEN_MAX_TIMER_S = 9


@dataclass(frozen=True)
class Presenter:
    name: str
    #: Sent after the cut: brings the receipt to the mouth (empty: the printer does it itself).
    present: bytes
    #: Pulls an untaken receipt back; None when the printer times that itself (``timer``).
    retract: bytes | None
    #: The printer's own collection timer, set before each receipt (Citizen ``GS R 1 n``).
    timer_command: bytes | None
    max_timer_s: int | None
    #: Asks whether the receipt is still in the mouth; answered by one byte.
    status_query: bytes | None
    present_bit: int
    recovers_cutter_jam: bool
    source: str

    def setup(self, retract_after_s: int) -> bytes:
        """Bytes before each receipt."""
        if self.timer_command is None:
            return b""
        return self.timer_command + bytes([retract_after_s])


NONE = Presenter("none", b"", None, None, None, None, 0, False, "no presenter")
CUSTOM = Presenter(
    "custom",
    present=GS + b"e\x03" + bytes([CUSTOM_PRESENT_STEPS]),
    retract=GS + b"e\x02",
    timer_command=None,
    max_timer_s=None,
    status_query=CUSTOM_STATUS,
    present_bit=CUSTOM_TICKET_PRESENT,
    recovers_cutter_jam=True,
    source="Custom KPM210/216 commands manual, GS e n [m]",
)
CITIZEN = Presenter(
    "citizen",
    present=b"",
    retract=None,
    timer_command=GS + b"R\x01",
    max_timer_s=CITIZEN_MAX_TIMER_S,
    status_query=None,
    present_bit=0,
    recovers_cutter_jam=True,
    source="Citizen PPU-700 / PMU2300III manuals, GS R n [t]",
)
EPIC = Presenter(
    "epic",
    present=ESC + b"i",
    retract=ESC + b"k",
    timer_command=None,
    max_timer_s=None,
    status_query=None,
    present_bit=0,
    recovers_cutter_jam=False,
    source="TransAct Epic 880 programmer's guide, ESC i / ESC k",
)
PRESENTERS = {p.name: p for p in (NONE, CUSTOM, CITIZEN, EPIC)}
