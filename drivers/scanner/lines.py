"""From scanner bytes to codes: suffixes, AIM prefixes, noise and duplicates, as pure code."""

from __future__ import annotations

import re

SUFFIXES = {"CR": b"\r", "LF": b"\n", "CRLF": b"\r\n"}

# AIM symbology identifier: "]" + code character + modifier, e.g. ]Q1 (QR), ]C0 (Code 128).
_AIM = re.compile(r"\][A-Za-z][0-9A-Za-z]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def split_lines(buffer: bytes, suffix: bytes) -> tuple[list[bytes], bytes]:
    """Complete lines (suffix removed) and the unfinished rest."""
    *lines, rest = buffer.split(suffix)
    return lines, rest


def decode_code(raw: bytes, *, strip_aim: bool) -> str | None:
    """The code a line carries, or None when the line is noise (not text, control bytes)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if strip_aim and _AIM.match(text):
        text = text[3:]
    if not text or _CONTROL.search(text):
        return None
    return text


class Deduplicator:
    """Drops a code read again within ``window`` seconds (the scanner saw the same QR twice)."""

    def __init__(self, window: float) -> None:
        self._window = window
        self._last: tuple[str, float] | None = None

    def accept(self, text: str, now: float) -> bool:
        repeat = self._last is not None and self._last[0] == text
        if repeat and self._last is not None and now - self._last[1] < self._window:
            return False
        self._last = (text, now)
        return True
