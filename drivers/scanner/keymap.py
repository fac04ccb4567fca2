"""Linux key codes to text for keyboard-wedge scanners read with evdev, in the keyboard layout
the scanner is set to type (``evdev_layout``), the numeric keypad included.

A keyboard-wedge scanner sends key presses as a keyboard with its configured layout would: a
scanner set to AZERTY types "1" as Shift + the "&" key. Decoding with another layout gives
other characters, so the layout is a setting (the scanner's factory default is usually US).
Only what the layout's keys can type comes through: a citizen ID card's UTF-8 QR code needs
serial / USB-CDC mode.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from drivers.scanner.lines import MAX_CODE_BYTES

log = logging.getLogger(__name__)

KEY_ENTER = 28
KEY_KPENTER = 96
SHIFT_KEYS = frozenset({42, 54})  # KEY_LEFTSHIFT, KEY_RIGHTSHIFT
KEY_RIGHTALT = 100  # AltGr on ISO layouts
KEY_DOWN = 1

#: The first key code of each row of the main block, and the ISO key left of Z (KEY_102ND).
_ROW_STARTS = (2, 16, 30, 43)
KEY_102ND = 86

#: The numeric keypad types the same in every layout (NumLock on, as scanners assume).
KEYPAD = {
    71: "7", 72: "8", 73: "9", 74: "-", 75: "4", 76: "5", 77: "6", 78: "+",
    79: "1", 80: "2", 81: "3", 82: "0", 83: ".", 55: "*", 98: "/", 117: "=", 121: ",",
}  # fmt: skip


@dataclass(frozen=True)
class Layout:
    """Each row of the main block unshifted and shifted, from the row's first key, the ISO
    key (``KEY_102ND``) and the AltGr characters by key code."""

    rows: tuple[str, str, str, str]
    shifted: tuple[str, str, str, str]
    iso_key: str = ""
    altgr: dict[int, str] | None = None

    def keys(self) -> tuple[dict[int, str], dict[int, str]]:
        plain: dict[int, str] = {57: " "}
        shift: dict[int, str] = {57: " "}
        for start, row, upper in zip(_ROW_STARTS, self.rows, self.shifted, strict=True):
            for i, (char, shifted) in enumerate(zip(row, upper, strict=True)):
                plain[start + i], shift[start + i] = char, shifted
        if self.iso_key:
            plain[KEY_102ND], shift[KEY_102ND] = self.iso_key[0], self.iso_key[1]
        return plain, shift


_FR_ALTGR = {
    3: "~", 4: "#", 5: "{", 6: "[", 7: "|", 8: "`", 9: "\\", 10: "^", 11: "@", 12: "]", 13: "}",
}  # fmt: skip

LAYOUTS = {
    "us": Layout(
        ("1234567890-=", "qwertyuiop[]", "asdfghjkl;'`", "\\zxcvbnm,./"),
        ("!@#$%^&*()_+", "QWERTYUIOP{}", 'ASDFGHJKL:"~', "|ZXCVBNM<>?"),
    ),
    "de": Layout(
        ("1234567890ß´", "qwertzuiopü+", "asdfghjklöä^", "#yxcvbnm,.-"),
        ('!"§$%&/()=?`', "QWERTZUIOPÜ*", "ASDFGHJKLÖÄ°", "'YXCVBNM;:_"),
        iso_key="<>",
        altgr={16: "@", 8: "{", 9: "[", 10: "]", 11: "}", 12: "\\", 27: "~", 86: "|"},
    ),
    "fr": Layout(
        ("&é\"'(-è_çà)=", "azertyuiop^$", "qsdfghjklmù²", "*wxcvbn,;:!"),
        ("1234567890°+", "AZERTYUIOP¨£", "QSDFGHJKLM%²", "µWXCVBN?./§"),
        iso_key="<>",
        altgr=_FR_ALTGR,
    ),
}


class KeyDecoder:
    """Feeds key events; returns a completed line when Enter (or keypad Enter) is pressed."""

    def __init__(self, layout: str = "us") -> None:
        self._layout = LAYOUTS[layout]
        self._plain, self._shifted = self._layout.keys()
        self._shift = False
        self._altgr = False
        self._chars: list[str] = []
        self._overlong = False  # more keys than any code has: the rest is dropped

    def feed(self, code: int, value: int) -> str | None:
        if code in SHIFT_KEYS:
            self._shift = value != 0
            return None
        if code == KEY_RIGHTALT:
            self._altgr = value != 0
            return None
        if value != KEY_DOWN:
            return None
        if code in (KEY_ENTER, KEY_KPENTER):
            line, self._chars, self._overlong = "".join(self._chars), [], False
            return line
        char = self._char(code)
        if char is None:
            return None
        if len(self._chars) < MAX_CODE_BYTES:
            self._chars.append(char)
        elif not self._overlong:  # one log line for the whole run; its head is the line
            log.warning("scanner: a key run longer than any code (%d keys)", MAX_CODE_BYTES)
            self._overlong = True
        return None

    def _char(self, code: int) -> str | None:
        if code in KEYPAD:
            return KEYPAD[code]
        if self._altgr:
            return (self._layout.altgr or {}).get(code)
        return (self._shifted if self._shift else self._plain).get(code)
