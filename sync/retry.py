"""When to try again: exponential backoff with full jitter and a cap, and ``Retry-After``.

Full jitter (a uniform draw between 0 and the capped exponential) spreads a fleet of kiosks
that lost the network at the same moment, so they do not all come back at the same second.
"""

from __future__ import annotations

import random
from datetime import UTC
from email.utils import parsedate_to_datetime


class Backoff:
    def __init__(self, base_s: float, cap_s: float, rng: random.Random | None = None) -> None:
        self.base_s = base_s
        self.cap_s = cap_s
        self._rng = rng or random.Random()

    def ceiling(self, attempt: int) -> float:
        """The longest delay after ``attempt`` failures in a row (0 = the first failure)."""
        return float(min(self.cap_s, self.base_s * 2 ** min(attempt, 60)))

    def delay(self, attempt: int) -> float:
        return self._rng.uniform(0.0, self.ceiling(attempt))


def parse_retry_after(value: str | None, now: float) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: delta-seconds or an HTTP date.

    ``now`` is the server's own ``Date`` when the reply has one, so a skewed local clock does
    not stretch or shrink the wait. Unparseable values are ignored (None).
    """
    if value is None:
        return None
    text = value.strip()
    if text.isascii() and text.isdigit():
        return float(int(text))
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, when.timestamp() - now)


def parse_http_date(value: str | None) -> float | None:
    """Epoch seconds of an HTTP ``Date`` header, or None if absent or unparseable."""
    if not value:
        return None
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.timestamp()
