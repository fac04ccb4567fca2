"""The citizens' phones of the demo: every SMS the simulated central system sends (through
hub/sms.py's worker, as the hub sends through a gateway), kept for the simulator window, so a
code sent again or re-issued can be seen and typed."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Sms:
    to: str
    text: str
    at: float


class Phones:
    """An SMS sender (hub/sms_send.py ``Sender``) into memory; ``inbox()`` reads it."""

    def __init__(self, now: Callable[[], float] = time.time) -> None:
        self._now = now
        self._lock = threading.Lock()
        self._received: list[Sms] = []

    def send(self, to: str, text: str) -> None:
        with self._lock:
            self._received.append(Sms(to, text, self._now()))

    def inbox(self) -> list[Sms]:
        """Every message received, newest first."""
        with self._lock:
            return self._received[::-1]
