"""Serial line scanners: one reader thread delivering each code as a ``ScanEvent``."""

from __future__ import annotations

import logging
import threading
import time

from drivers.config import ScannerConfig
from drivers.errors import DeviceError
from drivers.interfaces import JsonDict, ScanEvent, ScanListener
from drivers.scanner.lines import Deduplicator, decode_code, gap_ends_code, split_lines
from drivers.serial_link import SerialLink

log = logging.getLogger(__name__)

READ_SLICE = 0.05  # seconds: how often the reader thread looks at its stop flag
REOPEN_AFTER = 2.0  # seconds between attempts to reopen a vanished port


class SerialScanner:
    def __init__(self, config: ScannerConfig, *, port: str) -> None:
        self._config = config
        self._port = port
        self._suffix = config.suffix
        self._link: SerialLink | None = None
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self.reads = 0
        self.discarded = 0
        self._last_error: str | None = None

    def start(self, listener: ScanListener) -> None:
        """Open the port (raising ``DeviceError`` if it cannot) and start reading."""
        if self._thread is not None:
            raise RuntimeError("the scanner is already started")
        self._link = SerialLink(self._port, self._config.baud, device="scanner")
        self._stop.clear()
        self._thread = threading.Thread(
            target=self._run, args=(listener,), name="scanner", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        if self._thread is not None:
            self._stop.set()
            self._thread.join()
            self._thread = None
        if self._link is not None:
            self._link.close()
            self._link = None

    close = stop

    def health(self) -> JsonDict:
        return {
            "online": self._thread is not None and self._link is not None,
            "kind": "serial",
            "port": self._config.port,
            "reads": self.reads,
            "discarded": self.discarded,
            "last_error": self._last_error,
        }

    def _run(self, listener: ScanListener) -> None:
        dedupe = Deduplicator(self._config.duplicate_window_ms / 1000)
        partial_timeout = self._config.partial_line_timeout_ms / 1000
        buffer = b""
        last_byte = time.monotonic()
        while not self._stop.is_set():
            try:
                data = self._read()
            except DeviceError as exc:
                self._lost(exc)
                continue
            now = time.monotonic()
            if data:
                buffer += data
                last_byte = now
            elif buffer and now - last_byte >= partial_timeout:
                if gap_ends_code(self._suffix):  # a scanner that sends no suffix
                    self._deliver(buffer, dedupe, listener)
                else:
                    self._discard(buffer, "no suffix (partial read)")
                buffer = b""
            lines, buffer = split_lines(buffer, self._suffix)
            for raw in lines:
                self._deliver(raw, dedupe, listener)

    def _read(self) -> bytes:
        if self._link is None:
            self._link = SerialLink(self._port, self._config.baud, device="scanner")
            log.info("scanner: port %s open again", self._port)
            self._last_error = None
        return self._link.read_some(READ_SLICE)

    def _lost(self, exc: DeviceError) -> None:
        if self._last_error is None:
            log.warning("scanner: %s (retrying every %.0f s)", exc, REOPEN_AFTER)
        self._last_error = str(exc)
        if self._link is not None:
            self._link.close()
            self._link = None
        self._stop.wait(REOPEN_AFTER)

    def _deliver(self, raw: bytes, dedupe: Deduplicator, listener: ScanListener) -> None:
        text = decode_code(raw, strip_aim=self._config.strip_aim)
        if text is None:
            self._discard(raw, "noise")
            return
        if not dedupe.accept(text, time.monotonic()):
            # Lengths, never the text: a pickup QR holds an OTP, a badge QR signs staff in.
            log.debug("scanner: duplicate scan ignored (%d characters)", len(text))
            return
        self.reads += 1
        try:
            listener(ScanEvent(text, time.time()))
        except Exception:  # the listener's bug must not stop the scanner
            log.exception("scan listener failed (%d characters)", len(text))

    def _discard(self, raw: bytes, why: str) -> None:
        self.discarded += 1
        # The bytes' classes tell a baud or suffix mismatch (high bytes, no printable text)
        # without writing a code that may be an OTP into the log.
        printable = sum(0x20 <= b < 0x7F for b in raw)
        log.warning("scanner: discarded %d bytes (%d printable): %s", len(raw), printable, why)
