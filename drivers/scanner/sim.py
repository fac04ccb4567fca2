"""Serial scanner simulator: types codes with their suffix (and optional AIM prefix) on a pty.

Faults: noise (random bytes on the line) and partial lines (a code cut into pieces, or left
without its suffix).
"""

from __future__ import annotations

import functools

from drivers.pty_sim import PtyEndpoint
from drivers.scanner.lines import SUFFIXES


class ScannerSimulator:
    def __init__(self, suffix: str = "CR") -> None:
        """``suffix``: a ``SUFFIX_CHOICES`` name (``any`` sends CR, ``gap`` nothing)."""
        self._suffix = SUFFIXES[suffix]
        self._endpoint = PtyEndpoint("scanner", self._on_bytes)
        self.port = self._endpoint.port
        self.received = bytearray()  # trigger commands sent by a driver

    def start(self) -> ScannerSimulator:
        self._endpoint.start()
        return self

    def close(self) -> None:
        self._endpoint.close()

    def scan(self, text: str, *, aim: str = "", pieces: int = 1, gap: float = 0.0) -> None:
        """A code read; ``pieces`` > 1 sends it in chunks ``gap`` seconds apart."""
        data = (aim + text).encode() + self._suffix
        size = -(-len(data) // pieces)
        for i in range(pieces):
            chunk = data[i * size : (i + 1) * size]
            self._endpoint.schedule(i * gap, functools.partial(self._endpoint.send, chunk))

    def noise(self, data: bytes, *, with_suffix: bool = False) -> None:
        """Bytes no code produced (EMI, a scanner's power-up garbage)."""
        self._endpoint.send(data + (self._suffix if with_suffix else b""))

    def partial(self, text: str) -> None:
        """A read cut off before its suffix (scanner unplugged mid-code, or a glitch)."""
        self._endpoint.send(text.encode())

    def _on_bytes(self, data: bytes) -> None:
        self.received += data
