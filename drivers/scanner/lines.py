"""From scanner bytes to codes: suffixes, AIM prefixes, noise and duplicates, as pure code."""

from __future__ import annotations

import re

#: What a scanner may end each code with; ``any`` takes CR, LF or CRLF, and ``any`` and ``gap``
#: also take an idle gap on the line (a scanner that sends no suffix at all).
SUFFIX_CHOICES = ("any", "CR", "LF", "CRLF", "gap")
#: The bytes a scanner set to each choice sends (the simulator's side).
SUFFIXES = {"any": b"\r", "CR": b"\r", "LF": b"\n", "CRLF": b"\r\n", "gap": b""}
_ENDS = {
    "CR": re.compile(rb"\r"),
    "LF": re.compile(rb"\n"),
    "CRLF": re.compile(rb"\r\n"),
    "any": re.compile(rb"\r\n|\r|\n"),
}

#: The longest code a scanner can read: a QR code holds at most 2,953 bytes (version 40-L, byte
#: mode). Of a longer run without an end (a stuck key, a wrong baud rate, an attack) only its
#: first MAX_CODE_BYTES are kept, for the kiosk to refuse as too long: junk on the line can fill
#: neither memory nor, through the log, the disk.
MAX_CODE_BYTES = 4096

# AIM symbology identifier: "]" + code character + modifier, e.g. ]Q1 (QR), ]C0 (Code 128).
_AIM = re.compile(r"\][A-Za-z][0-9A-Za-z]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def split_lines(buffer: bytes, suffix: str) -> tuple[list[bytes], bytes]:
    """Complete lines (suffix removed) and the unfinished rest; ``suffix`` is a choice of
    ``SUFFIX_CHOICES`` (with ``gap`` only silence ends a code: everything is the rest)."""
    pattern = _ENDS.get(suffix)
    if pattern is None:
        return [], buffer
    *lines, rest = pattern.split(buffer)
    if suffix == "any":  # a CR whose LF came in the next read leaves an empty line
        lines = [line for line in lines if line]
    return lines, rest


def gap_ends_code(suffix: str) -> bool:
    """Whether an idle gap ends a code (else bytes left without a suffix are a partial read)."""
    return suffix in ("any", "gap")


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
