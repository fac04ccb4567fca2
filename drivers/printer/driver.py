"""The receipt printer driver: status from ``DLE EOT``, receipts confirmed with ``GS r 1``."""

from __future__ import annotations

import dataclasses
import logging
import threading
import time

from drivers.config import PrinterConfig
from drivers.errors import DeviceError, NoReplyError, PaperOutError, PrinterNotReadyError
from drivers.interfaces import JsonDict, PaperState, PrinterStatus, Receipt
from drivers.printer import escpos_status
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


class EscposPrinter:
    """``ReceiptPrinter`` for ESC/POS printers. The transport opens on first use and is
    reopened after a failure, so a printer switched off and on again comes back by itself."""

    def __init__(self, config: PrinterConfig, *, port: str) -> None:
        self._config = config
        self._port = port
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

    # --- ReceiptPrinter ------------------------------------------------------------------------

    def status(self) -> PrinterStatus:
        budget = self._config.status_timeout_ms / 1000
        if not self._lock.acquire(timeout=budget):
            return self._last  # a receipt is printing; its outcome will update the status
        try:
            return self._query(time.monotonic() + budget)
        finally:
            self._lock.release()

    def print_receipt(self, receipt: Receipt) -> None:
        with self._lock:
            try:
                self._print(receipt)
            except DeviceError as exc:
                self._failed += 1
                self._last_error = str(exc)
                log.error("receipt %s not printed: %s", receipt.dossier_code, exc)
                raise
            self._printed += 1
            log.info("receipt %s printed", receipt.dossier_code)

    def health(self) -> JsonDict:
        """The last status seen (no I/O: call ``status()`` to refresh it)."""
        return {
            "online": self._last.online,
            "port": self._config.port,
            "transport": self._config.transport,
            "text_mode": self._layout.text_mode,
            "qr": "native" if self._layout.native_qr else "raster",
            "status": self._last.to_json(),
            "printed": self._printed,
            "failed": self._failed,
            "last_error": self._last_error,
        }

    def close(self) -> None:
        with self._lock:
            self._drop_transport()

    # --- inside ------------------------------------------------------------------------------

    def render(self, receipt: Receipt) -> bytes:
        """The bytes of a receipt as they go on the wire (bench and diagnostics)."""
        return self._layout.render(receipt)

    def _print(self, receipt: Receipt) -> None:
        before = self._query(time.monotonic() + self._config.status_timeout_ms / 1000)
        if not before.ready:
            error = PaperOutError if before.paper is PaperState.OUT else PrinterNotReadyError
            raise error(f"printer not ready: {before.detail}")
        confirm = self._config.confirm_printed
        data = self._layout.render(receipt) + (escpos_status.GS_R_PAPER if confirm else b"")
        allowed = wire_seconds(len(data), self._config.baud) + self._config.print_timeout_ms / 1000
        transport = self._open()
        transport.discard_input()
        try:
            transport.write(data, timeout=allowed)
        except DeviceError:
            self._drop_transport()
            raise
        if confirm and self._job_end(transport, time.monotonic() + allowed):
            return
        after = self._query(time.monotonic() + self._config.status_timeout_ms / 1000)
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

    def _job_end(self, transport: PrinterTransport, deadline: float) -> bool:
        """Wait for the ``GS r 1`` answer: everything before it has been printed."""
        while (left := deadline - time.monotonic()) > 0:
            for value in transport.read_some(left):
                if escpos_status.is_job_end_byte(value):
                    paper = escpos_status.job_end_paper(value)
                    if paper is PaperState.OUT:
                        return False  # the status query says how it ended
                    if paper is PaperState.NEAR_END:
                        log.warning("printer paper near end")
                    return True
        return False

    def _query(self, deadline: float) -> PrinterStatus:
        replies: dict[int, int] = {}
        try:
            transport = self._open()
            transport.discard_input()
            for n in escpos_status.QUERIES:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                transport.write(escpos_status.query(n), timeout=left)
                answer = transport.read_some(left)
                if not answer:
                    break
                replies[n] = answer[0]
            status = escpos_status.parse(replies)
        except DeviceError as exc:
            self._drop_transport()
            status = dataclasses.replace(escpos_status.parse({}), detail=str(exc))
        self._set_status(status)
        return status

    def _set_status(self, new: PrinterStatus) -> None:
        old, self._last = self._last, new
        if old.detail != new.detail:
            level = logging.INFO if new.ready else logging.WARNING
            log.log(level, "printer: %s → %s", old.detail, new.detail)

    def _open(self) -> PrinterTransport:
        if self._transport is None:
            self._transport = open_transport(self._config, port=self._port)
        return self._transport

    def _drop_transport(self) -> None:
        if self._transport is not None:
            self._transport.close()
            self._transport = None
