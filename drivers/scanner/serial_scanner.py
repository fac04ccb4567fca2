"""Serial line scanners: one reader thread delivering each code as a ``ScanEvent``."""

from __future__ import annotations

import logging
import time

from drivers.config import ScannerConfig
from drivers.errors import DeviceError
from drivers.interfaces import JsonDict, ScanListener
from drivers.scanner.lines import MAX_CODE_BYTES, decode_code, gap_ends_code, split_lines
from drivers.scanner.reader import ThreadedScanner
from drivers.serial_link import REOPEN_EVERY_S, SerialLink

log = logging.getLogger(__name__)

READ_SLICE = 0.05  # seconds: how often the reader thread looks at its stop flag


class SerialScanner(ThreadedScanner):
    """A lost port (adapter unplugged) is opened again by ``SerialLink`` itself; the reader
    only waits for it and keeps the error for ``health``."""

    def __init__(self, config: ScannerConfig, *, port: str) -> None:
        super().__init__(config)
        self._port = port
        self._suffix = config.suffix
        self._link: SerialLink | None = None
        self.discarded = 0
        self._last_error: str | None = None

    def health(self) -> JsonDict:
        return {
            "online": self._thread is not None and self._last_error is None,
            "kind": "serial",
            "port": self._config.port,
            "reads": self.reads,
            "discarded": self.discarded,
            "last_error": self._last_error,
        }

    def _open(self) -> None:
        self._link = SerialLink(self._port, self._config.baud, device="scanner")
        self._last_error = None

    def _close(self) -> None:
        if self._link is not None:
            self._link.close()
            self._link = None

    def _wake(self) -> None:
        if self._link is not None:
            self._link.cancel_read()

    def _run(self, listener: ScanListener) -> None:
        link = self._link
        assert link is not None, "started without a port"
        partial_timeout = self._config.partial_line_timeout_ms / 1000
        buffer = b""
        # A run longer than any code: its first MAX_CODE_BYTES are kept (delivered at its end,
        # for the kiosk to refuse as too long, so the person sees an answer), the rest dropped.
        head: bytes | None = None
        last_byte = time.monotonic()
        while not self._stop.is_set():
            try:
                data = link.read_some(READ_SLICE)
            except DeviceError as exc:  # SerialLink logged the loss and will reopen the port
                self._last_error = str(exc)
                buffer, head = b"", None
                self._stop.wait(REOPEN_EVERY_S)
                continue
            self._last_error = None
            now = time.monotonic()
            if data:
                buffer += data
                last_byte = now
            elif (buffer or head is not None) and now - last_byte >= partial_timeout:
                if head is not None:
                    self._deliver_raw(head, listener)
                elif gap_ends_code(self._suffix):  # a scanner that sends no suffix
                    self._deliver_raw(buffer, listener)
                else:
                    self._discard(buffer, "no suffix (partial read)")
                buffer, head = b"", None
            lines, buffer = split_lines(buffer, self._suffix)
            if head is not None and lines:
                lines[0], head = head, None  # the long run ends with the first line end
            for raw in lines:
                self._deliver_raw(raw, listener)
            if len(buffer) > MAX_CODE_BYTES:
                if head is None:  # one log line for the whole run, however long it goes on
                    log.warning("scanner: a run longer than any code (%d bytes)", MAX_CODE_BYTES)
                    head = buffer[:MAX_CODE_BYTES]
                buffer = b""

    def _deliver_raw(self, raw: bytes, listener: ScanListener) -> None:
        text = decode_code(raw, strip_aim=self._config.strip_aim)
        if text is None:
            self._discard(raw, "noise")
        else:
            self._deliver(text, listener)

    def _discard(self, raw: bytes, why: str) -> None:
        self.discarded += 1
        # The bytes' classes tell a baud or suffix mismatch (high bytes, no printable text)
        # without writing a code that may be an OTP into the log.
        printable = sum(0x20 <= b < 0x7F for b in raw)
        log.warning("scanner: discarded %d bytes (%d printable): %s", len(raw), printable, why)
