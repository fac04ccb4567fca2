"""ESC/POS status bytes: every constant of ``DLE EOT n``, ``GS r 1`` and automatic status
back (``GS a``), and pure parsers.

A ``DLE EOT`` answer always has bits 1 and 4 set and bits 0 and 7 clear; a byte that does not
is noise and is not believed. A ``GS r`` answer has bits 4 and 7 clear. An ASB packet is four
bytes sent by the printer itself whenever its status changes (Epson, Citizen, Samsung manuals,
``GS a``): the first has bit 4 set and bits 0, 1 and 7 clear, so it is neither of the others;
the next three have bits 4 and 7 clear, the shape of a ``GS r`` answer, so they are recognised
only by their place after the first.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from drivers.interfaces import PaperState, PrinterStatus

DLE_EOT = b"\x10\x04"
PRINTER = 1  # bit 3: offline
OFFLINE_CAUSE = 2  # bit 2: cover open, bit 5: stopped by paper end, bit 6: error
ERROR_CAUSE = 3  # bit 3: cutter error, bit 5: unrecoverable, bit 6: auto-recoverable
PAPER_ROLL = 4  # bits 2-3: near end, bits 5-6: out
QUERIES = (PRINTER, OFFLINE_CAUSE, ERROR_CAUSE, PAPER_ROLL)

FIXED_MASK = 0x93
FIXED_VALUE = 0x12

BIT_OFFLINE = 0x08
BIT_COVER_OPEN = 0x04
BIT_PAPER_END_STOP = 0x20
BIT_ERROR = 0x40
BIT_CUTTER_ERROR = 0x08
BITS_UNRECOVERABLE = 0x60
BITS_NEAR_END = 0x0C
BITS_PAPER_OUT = 0x60

#: ``GS r 1`` is answered only once everything before it has printed: the end-of-job marker.
GS_R_PAPER = b"\x1dr\x01"
GS_R_NEAR_END = 0x03
GS_R_OUT = 0x0C
GS_R_FIXED_MASK = 0x90

#: ``GS a 0``: automatic status back off, so status bytes come only when asked for.
GS_A_OFF = b"\x1da\x00"
ASB_LENGTH = 4
ASB_FIRST_MASK = 0x93
ASB_FIRST_VALUE = 0x10
ASB_OFFLINE = 0x08  # first byte
ASB_COVER_OPEN = 0x20  # first byte
ASB_CUTTER_ERROR = 0x08  # second byte
ASB_UNRECOVERABLE = 0x20  # second byte
ASB_AUTO_RECOVERABLE = 0x40  # second byte
ASB_NEAR_END = 0x03  # third byte
ASB_PAPER_END = 0x0C  # third byte


def query(n: int) -> bytes:
    return DLE_EOT + bytes([n])


def is_status_byte(value: int) -> bool:
    return value & FIXED_MASK == FIXED_VALUE


def is_job_end_byte(value: int) -> bool:
    return value & GS_R_FIXED_MASK == 0


def is_asb_start(value: int) -> bool:
    return value & ASB_FIRST_MASK == ASB_FIRST_VALUE


@dataclasses.dataclass(frozen=True)
class Replies:
    """A printer's bytes split into ASB packets and answers to our queries."""

    packets: tuple[bytes, ...]
    #: Bytes outside any ASB packet, in order: the answers to DLE EOT and GS r.
    answers: bytes
    #: The start of an ASB packet whose other bytes have not arrived yet.
    rest: bytes


def split_replies(buffer: bytes) -> Replies:
    packets: list[bytes] = []
    answers = bytearray()
    pos = 0
    while pos < len(buffer):
        if not is_asb_start(buffer[pos]):
            answers.append(buffer[pos])
            pos += 1
            continue
        packet = buffer[pos : pos + ASB_LENGTH]
        if len(packet) < ASB_LENGTH:
            return Replies(tuple(packets), bytes(answers), packet)
        if all(is_job_end_byte(b) for b in packet[1:]):
            packets.append(packet)
            pos += ASB_LENGTH
        else:  # not a packet after all: a stray byte, and what follows is looked at again
            answers.append(buffer[pos])
            pos += 1
    return Replies(tuple(packets), bytes(answers), b"")


def parse_asb(packet: bytes) -> PrinterStatus:
    """The status an ASB packet reports (it covers everything DLE EOT 1-4 would)."""
    first, second, paper_byte = packet[0], packet[1], packet[2]
    paper = (
        PaperState.OUT
        if paper_byte & ASB_PAPER_END
        else PaperState.NEAR_END
        if paper_byte & ASB_NEAR_END
        else PaperState.OK
    )
    status = PrinterStatus(
        online=not first & ASB_OFFLINE,
        responding=True,
        paper=paper,
        cover_open=bool(first & ASB_COVER_OPEN),
        cutter_error=bool(second & ASB_CUTTER_ERROR),
        error=bool(second & (ASB_UNRECOVERABLE | ASB_AUTO_RECOVERABLE)),
        detail="",
    )
    return dataclasses.replace(status, detail=describe(status))


def asb_packet(status: PrinterStatus) -> bytes:
    """The packet a printer sends for ``status`` (the simulator's side)."""
    first = ASB_FIRST_VALUE | (0 if status.online else ASB_OFFLINE)
    first |= ASB_COVER_OPEN if status.cover_open else 0
    second = (ASB_CUTTER_ERROR if status.cutter_error else 0) | (
        ASB_UNRECOVERABLE if status.error else 0
    )
    paper = {PaperState.OUT: ASB_PAPER_END | ASB_NEAR_END, PaperState.NEAR_END: ASB_NEAR_END}
    return bytes([first, second, paper.get(status.paper, 0), 0])


def parse(replies: Mapping[int, int]) -> PrinterStatus:
    """A status from the bytes answered to ``DLE EOT n`` (missing n = no answer).

    Missing or invalid answers give unknowns, never a good state.
    """
    valid = {n: b for n, b in replies.items() if is_status_byte(b)}
    printer = valid.get(PRINTER)
    if printer is None:
        detail = "no answer to DLE EOT" if not replies else "garbled status reply"
        return PrinterStatus(
            online=False,
            responding=bool(replies),
            paper=PaperState.UNKNOWN,
            cover_open=None,
            cutter_error=None,
            error=None,
            detail=f"{detail} (printer off, cable, wrong port or baud?)",
        )
    cause = valid.get(OFFLINE_CAUSE)
    errors = valid.get(ERROR_CAUSE)
    roll = valid.get(PAPER_ROLL)
    paper = _paper(cause, roll)
    status = PrinterStatus(
        online=not printer & BIT_OFFLINE,
        responding=True,
        paper=paper,
        cover_open=None if cause is None else bool(cause & BIT_COVER_OPEN),
        cutter_error=None if errors is None else bool(errors & BIT_CUTTER_ERROR),
        error=None
        if cause is None or errors is None
        else bool(cause & BIT_ERROR or errors & BITS_UNRECOVERABLE),
        detail="",
    )
    return dataclasses.replace(status, detail=describe(status))


def _paper(cause: int | None, roll: int | None) -> PaperState:
    if (roll is not None and roll & BITS_PAPER_OUT) or (
        cause is not None and cause & BIT_PAPER_END_STOP
    ):
        return PaperState.OUT
    if roll is None:
        return PaperState.UNKNOWN
    return PaperState.NEAR_END if roll & BITS_NEAR_END else PaperState.OK


def describe(status: PrinterStatus) -> str:
    """One line for a technician."""
    problems = [
        text
        for bad, text in (
            (not status.responding, "not answering"),
            (status.paper is PaperState.OUT, "out of paper"),
            (status.paper is PaperState.UNKNOWN, "paper state unknown"),
            (status.cover_open, "cover open"),
            (status.cover_open is None, "cover state unknown"),
            (status.cutter_error, "cutter error"),
            (status.error, "error reported"),
            (not status.online, "offline"),
        )
        if bad
    ]
    if problems:
        return ", ".join(problems)
    return "ready, paper near end" if status.paper is PaperState.NEAR_END else "ready"


def job_end_paper(value: int) -> PaperState:
    """Paper state from the ``GS r 1`` reply that ends a job."""
    if value & GS_R_OUT:
        return PaperState.OUT
    return PaperState.NEAR_END if value & GS_R_NEAR_END else PaperState.OK
