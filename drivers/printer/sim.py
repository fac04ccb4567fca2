"""ESC/POS printer simulator: parses the byte stream as a printer does, answers ``DLE EOT`` and
``GS r``, and keeps what it printed as ``PrintedReceipt``s (text decoded through the code page
the stream selected, QR data, raster images, cuts).

Faults: silent (off or wrong baud), garbled status, paper near end / out, cover open, cutter
error, paper running out after a number of bytes (mid-print), answers that come late
(``reply_delay``, a LAN bridge), and automatic status back (``asb``: on at power-up as a DIP
switch can set it; ``asb_ignores_off``: a printer that keeps sending packets after ``GS a 0``).

A kiosk printer's presenter (``presenter = "custom" | "citizen" | "epic"``) holds each cut
receipt in its mouth (``in_mouth``) once presented (Custom ``GS e 3 m``, Epic ``ESC i``;
Citizen at the cut), until a person ``take()``s it or it is retracted (Custom ``GS e 2``, Epic
``ESC k``, Citizen by its own ``GS R 1 t`` timer) into ``retracted``; Custom answers
``GS e 6`` with bit 3 set while a ticket is in the mouth. ``DLE ENQ 2`` clears a cutter error
when ``jam_recoverable``.

The printer's end is a pty by default; the USB backend (``usb_sim``) gives it a USB IN pipe.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from escpos.capabilities import get_profile
from escpos.magicencode import Encoder

from drivers.interfaces import PaperState, PrinterStatus
from drivers.printer import escpos_commands
from drivers.printer import escpos_status as st
from drivers.printer.escpos_commands import DLE, ESC, ESC_ARGS, GS, LF, QR_STORE
from drivers.pty_sim import PtyEndpoint

log = logging.getLogger(__name__)

DLE_ENQ = 0x05
PRESENTERS = ("custom", "citizen", "epic")
CUT_MODES = {0: "full", 48: "full", 1: "partial", 49: "partial", 65: "full", 66: "partial"}


@dataclass
class PrintedReceipt:
    lines: list[str] = field(default_factory=list)
    qr_codes: list[str] = field(default_factory=list)
    #: (width in dots, height in dots) of each raster image
    images: list[tuple[int, int]] = field(default_factory=list)
    cut: str | None = None


class ReplyPipe(Protocol):
    """Where the printer's answers go: the pty's master end, or a USB bulk IN pipe."""

    def send(self, data: bytes) -> None: ...

    def schedule(self, delay: float, action: Callable[[], None]) -> None: ...


class PrinterSimulator:
    def __init__(
        self,
        profile: str = "default",
        *,
        replies: ReplyPipe | None = None,
        presenter: str | None = None,
    ) -> None:
        pages = get_profile(profile).get_code_pages()
        self._code_pages = {int(slot): name for name, slot in pages.items()}
        self._encoder = Encoder(pages)
        self.paper = PaperState.OK
        self.cover_open = False
        self.cutter_error = False
        self.silent = False
        self.garbled = False
        #: False plays a printer that ignores GS r (some clones).
        self.answers_job_end = True
        #: Seconds before each answer leaves the printer (a LAN bridge, a slow clone).
        self.reply_delay = 0.0
        #: Automatic status back is on (as after power-up with the ASB DIP switch on).
        self.asb = False
        #: Keeps sending ASB packets after GS a 0 (a printer whose DIP switch wins).
        self.asb_ignores_off = False
        self.asb_sent = 0
        if presenter is not None and presenter not in PRESENTERS:
            raise ValueError(f"unknown presenter {presenter!r}: {', '.join(PRESENTERS)}")
        self.presenter = presenter
        #: The receipt held in the presenter's mouth, and those pulled back or taken.
        self.in_mouth: PrintedReceipt | None = None
        self.retracted: list[PrintedReceipt] = []
        self.taken: list[PrintedReceipt] = []
        self.jam_recoverable = True
        self._collection_timer_s = 0
        self._cut_waiting: PrintedReceipt | None = None
        self._paper_left: int | None = None
        self.received = bytearray()
        self.receipts: list[PrintedReceipt] = []
        self._current = PrintedReceipt()
        self._line: list[str] = []
        self._code_page = 0
        self._pending = b""
        self._state = threading.RLock()
        self._endpoint: PtyEndpoint | None = None
        if replies is None:
            self._endpoint = replies = PtyEndpoint("escpos", self.feed)
        self._replies = replies
        self.port = "" if self._endpoint is None else self._endpoint.port

    def start(self) -> PrinterSimulator:
        if self._endpoint is not None:
            self._endpoint.start()
        return self

    def close(self) -> None:
        if self._endpoint is not None:
            self._endpoint.close()

    def set_state(
        self,
        *,
        paper: PaperState | None = None,
        cover_open: bool | None = None,
        cutter_error: bool | None = None,
    ) -> None:
        """Change the printer's state as a person or the mechanism would; with ASB on, the
        printer reports the change by itself."""
        with self._state:
            if paper is not None:
                self.paper = paper
            if cover_open is not None:
                self.cover_open = cover_open
            if cutter_error is not None:
                self.cutter_error = cutter_error
            self._report_change()

    def take(self) -> bool:
        """A person takes the receipt from the mouth; False if there was none."""
        with self._state:
            if self.in_mouth is None:
                return False
            self.taken.append(self.in_mouth)
            self.in_mouth = None
            return True

    # --- faults ------------------------------------------------------------------------------

    def run_out_of_paper_after(self, size: int) -> None:
        """Paper ends after ``size`` more bytes of print data (mid-receipt)."""
        self._paper_left = size

    @property
    def stopped(self) -> bool:
        return self.paper is PaperState.OUT or self.cover_open or self.cutter_error

    # --- status ------------------------------------------------------------------------------

    def status_byte(self, n: int) -> int:
        bits = {
            st.PRINTER: st.BIT_OFFLINE if self.stopped else 0,
            st.OFFLINE_CAUSE: (st.BIT_COVER_OPEN if self.cover_open else 0)
            | (st.BIT_PAPER_END_STOP if self.paper is PaperState.OUT else 0)
            | (st.BIT_ERROR if self.cutter_error else 0),
            st.ERROR_CAUSE: st.BIT_CUTTER_ERROR if self.cutter_error else 0,
            st.PAPER_ROLL: {
                PaperState.NEAR_END: st.BITS_NEAR_END,
                PaperState.OUT: st.BITS_PAPER_OUT,
            }.get(self.paper, 0),
        }.get(n, 0)
        return st.FIXED_VALUE | bits

    def _job_end_byte(self) -> int:
        return {PaperState.NEAR_END: st.GS_R_NEAR_END, PaperState.OUT: st.GS_R_OUT}.get(
            self.paper, 0
        )

    def current_status(self) -> PrinterStatus:
        return PrinterStatus(
            online=not self.stopped,
            responding=True,
            paper=self.paper,
            cover_open=self.cover_open,
            cutter_error=self.cutter_error,
            error=self.cutter_error,
            detail="",
        )

    def _answer(self, value: int) -> None:
        if not self.silent:
            self._send(bytes([0xFF if self.garbled else value]))

    def _report_change(self) -> None:
        if self.asb and not self.silent:
            self.asb_sent += 1
            self._send(st.asb_packet(self.current_status()))

    def _send(self, data: bytes) -> None:
        if self.reply_delay > 0:
            self._replies.schedule(self.reply_delay, lambda: self._replies.send(data))
        else:
            self._replies.send(data)

    # --- the stream --------------------------------------------------------------------------

    def feed(self, data: bytes) -> None:
        """Bytes from the host, as the printer receives them."""
        with self._state:
            self.received += data
            commands, self._pending = escpos_commands.split(self._pending + data)
            for command in commands:
                self._command(command)

    def _command(self, command: bytes) -> None:
        """Act on one complete command (or one text byte)."""
        first = command[0]
        if first == DLE:
            if command[1] == st.DLE_EOT[1]:
                self._answer(self.status_byte(command[2]))
            elif command[1] == DLE_ENQ and command[2] == 2 and self.jam_recoverable:
                self.cutter_error = False
        elif first == ESC:
            self._esc(command)
        elif first == GS:
            self._gs(command)
        elif not self._consume_paper(1):
            return
        elif first == LF:
            self._current.lines.append("".join(self._line))
            self._line.clear()
        elif first >= 0x20:
            self._line.append(self._decode(first))

    def _esc(self, command: bytes) -> None:
        code = command[1]
        if code == ord("t"):
            self._code_page = command[2]
        elif self.presenter == "epic" and code == ord("i"):
            self._present()
        elif self.presenter == "epic" and code == ord("k"):
            self._retract()
        elif code == ord("d"):
            self._consume_paper(1)
        elif code not in ESC_ARGS:
            log.info("printer simulator: unknown command ESC %#04x", code)

    def _gs(self, command: bytes) -> None:
        code = command[1]
        if code == ord("("):  # GS ( k / GS ( L: pL pH then that many bytes
            body = command[5:]
            if command[2] == ord("k") and body[1] == QR_STORE and self._consume_paper(len(command)):
                self._current.qr_codes.append(body[3:].decode("utf-8", "replace"))
        elif code == ord("v"):  # GS v 0 m xL xH yL yH data
            if self._consume_paper(len(command)):
                width = int.from_bytes(command[4:6], "little")
                self._current.images.append((width * 8, int.from_bytes(command[6:8], "little")))
        elif code == ord("V"):
            if not self.stopped:
                self._current.cut = CUT_MODES.get(command[2], "full")
                self.receipts.append(self._current)
                self._cut_waiting = self._current
                self._current = PrintedReceipt()
                if self.presenter == "citizen":
                    self._present()
        elif code in (ord("e"), ord("R")):
            self._presenter_command(command)
        elif code == ord("r") and not self.stopped and self.answers_job_end:
            self._answer(self._job_end_byte())
        elif code == ord("a"):
            self.asb = self.asb if command[2] == 0 and self.asb_ignores_off else bool(command[2])
            self._report_change()  # GS a n sends the current status at once (Epson)

    def _presenter_command(self, command: bytes) -> None:
        """Custom ``GS e n [m]`` and Citizen ``GS R n [t]``: what they do depends on ``n``."""
        code, n = command[1], command[2]
        if code == ord("e") and self.presenter == "custom":
            if n == 3:
                self._present()
            elif n == 2:
                self._retract()
            elif n == 6:
                self._answer(0x08 if self.in_mouth is not None else 0)
        elif code == ord("R") and self.presenter == "citizen":
            self._collection_timer_s = command[3] if n == 1 else 0

    def _present(self) -> None:
        receipt, self._cut_waiting = self._cut_waiting, None
        if receipt is None:
            return
        if self.in_mouth is not None:  # pushed out by the next one: it falls
            self.taken.append(self.in_mouth)
        self.in_mouth = receipt
        if self.presenter == "citizen" and self._collection_timer_s:
            self._replies.schedule(self._collection_timer_s, lambda: self._timed_out(receipt))

    def _timed_out(self, receipt: PrintedReceipt) -> None:
        with self._state:
            if self.in_mouth is receipt:
                self._retract()

    def _retract(self) -> None:
        if self.in_mouth is not None:
            self.retracted.append(self.in_mouth)
            self.in_mouth = None

    def _consume_paper(self, size: int) -> bool:
        """Whether this much data still prints (False once the paper has run out)."""
        if self.stopped:
            return False
        if self._paper_left is not None:
            self._paper_left -= size
            if self._paper_left <= 0:
                self.paper = PaperState.OUT
                self._paper_left = None
                self._report_change()
                return False
        return True

    def _decode(self, value: int) -> str:
        """A character through the code page selected last (ESC t), as the printer draws it."""
        name = self._code_pages.get(self._code_page)
        if value < 0x80:
            return chr(value)
        if name is None:
            return "\ufffd"
        table: list[str] = self._encoder._get_codepage_char_list(name)
        return table[value - 0x80]
