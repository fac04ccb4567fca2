"""The receipt printer driver: status from ``DLE EOT``, receipts confirmed with ``GS r 1``,
automatic status back switched off and its packets read for what they say, and a presenter's
receipt pulled back when nobody takes it."""

from __future__ import annotations

import dataclasses
import logging
import threading
import time

from drivers.config import PrinterConfig
from drivers.errors import DeviceError, NoReplyError, PaperOutError, PrinterNotReadyError
from drivers.interfaces import JsonDict, PaperState, PrinterStatus, Receipt
from drivers.printer import escpos_status, presenter
from drivers.printer.layout import ReceiptLayout
from drivers.printer.transports import PrinterTransport, open_transport, wire_seconds

log = logging.getLogger(__name__)

NEVER_ASKED = PrinterStatus(
    online=False,
    responding=False,
    paper=PaperState.UNKNOWN,
    cover_open=None,
    cutter_error=None,
    error=None,
    detail="not asked yet",
)


class _StaleTransport(DeviceError):
    """The pipe kept from an earlier exchange failed before anything was asked."""


def write_only_status(name: str) -> PrinterStatus:
    return dataclasses.replace(
        NEVER_ASKED,
        detail=(
            f"status unknown: {name} is write-only, the printer cannot report paper or errors; "
            "receipts are sent unconfirmed (a two-way USB printer on transport = usb reports them)"
        ),
    )


class EscposPrinter:
    """``ReceiptPrinter`` for ESC/POS printers. The transport opens on first use and is
    reopened after a failure, so a printer switched off and on again comes back by itself."""

    def __init__(
        self, config: PrinterConfig, *, port: str, usb_backend: object | None = None
    ) -> None:
        self._config = config
        self._port = port
        self._usb = usb_backend
        try:
            self._layout = ReceiptLayout(config)
        except ValueError as exc:
            raise DeviceError(f"printer: {exc}") from exc
        self._transport: PrinterTransport | None = None
        self._lock = threading.Lock()
        self._last = NEVER_ASKED
        self._printed = 0
        self._failed = 0
        self._last_error: str | None = None
        self._asb_packets = 0
        #: Whether the printer confirmed the last receipt's end (None: none printed yet).
        self._last_confirmed: bool | None = None
        self._presenter = presenter.PRESENTERS[config.presenter]
        #: The dossier code of a presented receipt not known to be taken or retracted.
        self._in_mouth: str | None = None
        self._retract_timer: threading.Timer | None = None
        self._retracted = 0
        self._taken = 0

    # --- ReceiptPrinter ------------------------------------------------------------------------

    def status(self) -> PrinterStatus:
        budget = self._query_budget()
        if not self._lock.acquire(timeout=budget):
            return self._last  # a receipt is printing; its outcome will update the status
        try:
            return self._query()
        finally:
            self._lock.release()

    def print_receipt(self, receipt: Receipt) -> None:
        with self._lock:
            try:
                if self._in_mouth is not None:  # never hand the next person someone's receipt
                    self._retract("a new receipt is printing")
                self._print_job(self._job(receipt))
            except DeviceError as exc:
                self._failed += 1
                self._last_error = str(exc)
                log.error("receipt %s not printed: %s", receipt.dossier_code, exc)
                raise
            self._printed += 1
            log.info("receipt %s printed", receipt.dossier_code)
            self._presented(receipt.dossier_code)

    def health(self) -> JsonDict:
        """The last status seen (no I/O: call ``status()`` to refresh it)."""
        return {
            "online": self._last.online,
            "port": self._config.port,
            "transport": self._config.transport,
            "text_mode": self._layout.text_mode,
            "text_verified": self._layout.text_verified,
            "code_page": self._layout.vietnamese.describe(),
            "qr": "native" if self._layout.native_qr else "raster",
            "status": self._last.to_json(),
            "printed": self._printed,
            "failed": self._failed,
            "last_error": self._last_error,
            "asb_packets": self._asb_packets,
            "last_receipt_confirmed": self._last_confirmed,
            "presenter": self._presenter.name,
            "receipt_in_mouth": self._in_mouth,
            "retracted": self._retracted,
            "taken": self._taken,
        }

    def close(self) -> None:
        with self._lock:
            self._cancel_retract()
            self._drop_transport()

    # --- inside ------------------------------------------------------------------------------

    def render(self, receipt: Receipt) -> bytes:
        """The bytes of a receipt as they go on the wire (bench and diagnostics)."""
        return self._layout.render(receipt)

    def print_bytes(self, job: bytes) -> None:
        """Print ready-made ESC/POS bytes (a code-page sample) as a receipt is printed: the
        ready check first, the end confirmed; raises ``DeviceError`` as ``print_receipt``."""
        with self._lock:
            self._print_job(job)

    def _print_job(self, job: bytes) -> None:
        self._last_confirmed = False
        before = self._query()
        if self._transport is not None and not self._transport.can_read:
            self._print_blind(self._transport, job)
            return
        if before.cutter_error and self._presenter.recovers_cutter_jam:
            before = self._recover(before)
        if not before.ready:
            error = PaperOutError if before.paper is PaperState.OUT else PrinterNotReadyError
            raise error(f"printer not ready: {before.detail}")
        confirm = self._config.confirm_printed
        data = job + (escpos_status.GS_R_PAPER if confirm else b"")
        allowed = wire_seconds(len(data), self._config.baud) + self._config.print_timeout_ms / 1000
        transport = self._open()
        transport.discard_input()
        try:
            transport.write(data, timeout=allowed)
        except DeviceError:
            self._drop_transport()
            raise
        if confirm and self._job_end(transport, time.monotonic() + allowed):
            self._last_confirmed = True
            return
        after = self._query()
        if after.paper is PaperState.OUT:
            raise PaperOutError(
                "printer ran out of paper while printing: the receipt is incomplete"
            )
        if not after.ready:
            raise PrinterNotReadyError(f"printer stopped while printing: {after.detail}")
        if confirm:
            raise NoReplyError(
                "printer did not confirm the end of the receipt (GS r 1); check the paper, or "
                "set confirm_printed = false for printers that do not answer it"
            )

    def _recover(self, jammed: PrinterStatus) -> PrinterStatus:
        """``DLE ENQ 2``: the printer recovers from the cutter jam and clears its buffers."""
        log.warning("printer reports a cutter error: asking it to recover (DLE ENQ 2)")
        try:
            self._open().write(presenter.DLE_ENQ_RECOVER, timeout=self._query_budget())
        except DeviceError as exc:
            log.warning("printer: recovery request failed: %s", exc)
            return jammed
        after = self._query()
        if not after.cutter_error:
            log.info("printer recovered from the cutter error")
        return after

    # --- the presenter -------------------------------------------------------------------------

    def _presented(self, code: str) -> None:
        if self._presenter.retract is None:
            return  # no presenter, or one that retracts by its own timer (Citizen)
        self._in_mouth = code
        self._cancel_retract()
        timer = threading.Timer(self._config.retract_after_s, self._retract_untaken, (code,))
        timer.daemon = True
        timer.name = "printer-retract"
        self._retract_timer = timer
        timer.start()

    def _cancel_retract(self) -> None:
        if self._retract_timer is not None:
            self._retract_timer.cancel()
            self._retract_timer = None

    def _retract_untaken(self, code: str) -> None:
        with self._lock:
            if self._in_mouth == code:
                self._retract(f"not taken within {self._config.retract_after_s} s")

    def _retract(self, why: str) -> None:
        """Pull the receipt in the mouth back, unless the printer says it has been taken."""
        code, self._in_mouth = self._in_mouth, None
        self._cancel_retract()
        retract = self._presenter.retract
        if code is None or retract is None:
            return
        try:
            transport = self._open()
            if self._ticket_gone(transport):
                self._taken += 1
                log.info("receipt %s taken", code)
                return
            transport.write(retract, timeout=self._query_budget())
        except DeviceError as exc:
            log.warning("receipt %s: retract failed (%s): it may still be in the mouth", code, exc)
            self._drop_transport()
            return
        self._retracted += 1
        log.info("receipt %s retracted: %s", code, why)

    def _ticket_gone(self, transport: PrinterTransport) -> bool:
        """Whether the presenter says its mouth is empty (False when it cannot say)."""
        query = self._presenter.status_query
        if query is None or not transport.can_read:
            return False
        transport.discard_input()
        transport.write(query, timeout=self._query_budget())
        each = self._config.status_timeout_ms / 1000
        answer = self._status_answer(transport, time.monotonic() + each)
        return answer is not None and not answer & self._presenter.present_bit

    def _job(self, receipt: Receipt) -> bytes:
        """The receipt's bytes with the presenter's: its timer before, its present after."""
        return (
            self._presenter.setup(self._config.retract_after_s)
            + self._layout.render(receipt)
            + self._presenter.present
        )

    def _print_blind(self, transport: PrinterTransport, data: bytes) -> None:
        """A write-only pipe: the bytes are sent, and nothing can say whether they printed."""
        allowed = wire_seconds(len(data), self._config.baud) + self._config.print_timeout_ms / 1000
        try:
            transport.write(data, timeout=allowed)
        except DeviceError:
            self._drop_transport()
            raise
        log.warning("printer on %s is write-only: receipt sent, not confirmed", transport.name)

    def _job_end(self, transport: PrinterTransport, deadline: float) -> bool:
        """Wait for the ``GS r 1`` answer: everything before it has been printed. An ASB packet
        on the way is read for what it says, never taken for the answer."""
        pending = b""
        while (left := deadline - time.monotonic()) > 0:
            replies = escpos_status.split_replies(pending + transport.read_some(left))
            pending = replies.rest
            for packet in replies.packets:
                if not self._seen_asb(packet).ready:
                    return False  # the status query says how it ended
            for value in replies.answers:
                if escpos_status.is_job_end_byte(value):
                    paper = escpos_status.job_end_paper(value)
                    if paper is PaperState.OUT:
                        return False
                    if paper is PaperState.NEAR_END:
                        log.warning("printer paper near end")
                    return True
        return False

    def _seen_asb(self, packet: bytes) -> PrinterStatus:
        status = escpos_status.parse_asb(packet)
        self._asb_packets += 1
        log.info("printer sent automatic status back: %s", status.detail)
        return status

    def _query_budget(self) -> float:
        return len(escpos_status.QUERIES) * self._config.status_timeout_ms / 1000

    def _query(self) -> PrinterStatus:
        """``DLE EOT 1..4``, each with its own timeout; the first silence ends the round. A
        pipe that fails is opened again at once, once: a USB printer reset or re-plugged since
        the last query answers on its new handle."""
        try:
            try:
                status = self._ask(reopened=self._transport is None)
            except _StaleTransport:
                status = self._ask(reopened=True)
        except DeviceError as exc:
            self._drop_transport()
            status = dataclasses.replace(escpos_status.parse({}), detail=str(exc))
        self._set_status(status)
        return status

    def _ask(self, *, reopened: bool) -> PrinterStatus:
        replies: dict[int, int] = {}
        each = self._config.status_timeout_ms / 1000
        transport = self._open()
        if not transport.can_read:
            return write_only_status(transport.name)
        try:
            transport.discard_input()
        except DeviceError as exc:
            if reopened:
                raise
            self._drop_transport()
            raise _StaleTransport from exc
        for n in escpos_status.QUERIES:
            transport.write(escpos_status.query(n), timeout=each)
            answer = self._status_answer(transport, time.monotonic() + each)
            if answer is None:
                break
            replies[n] = answer
        return escpos_status.parse(replies)

    def _status_answer(self, transport: PrinterTransport, deadline: float) -> int | None:
        """The first byte that is not part of an ASB packet (a bad one is returned too: the
        parser calls it garbled); None on silence."""
        pending = b""
        while (left := deadline - time.monotonic()) > 0:
            data = transport.read_some(left)
            if not data:
                continue
            replies = escpos_status.split_replies(pending + data)
            pending = replies.rest
            for packet in replies.packets:
                self._seen_asb(packet)
            if replies.answers:
                return replies.answers[0]
        return None

    def _set_status(self, new: PrinterStatus) -> None:
        old, self._last = self._last, new
        if old.detail != new.detail:
            level = logging.INFO if new.ready else logging.WARNING
            log.log(level, "printer: %s → %s", old.detail, new.detail)

    def _open(self) -> PrinterTransport:
        if self._transport is None:
            transport = open_transport(self._config, port=self._port, usb_backend=self._usb)
            try:
                # ASB off: a printer that reports by itself (a DIP switch default on some)
                # would mix its packets into every answer.
                transport.write(
                    escpos_status.GS_A_OFF, timeout=self._config.status_timeout_ms / 1000
                )
            except DeviceError:
                transport.close()
                raise
            self._transport = transport
        return self._transport

    def _drop_transport(self) -> None:
        if self._transport is not None:
            self._transport.close()
            self._transport = None
