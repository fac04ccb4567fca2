"""Linux key codes (US layout) to text, for keyboard-wedge scanners read with evdev."""

from __future__ import annotations

KEY_ENTER = 28
KEY_KPENTER = 96
SHIFT_KEYS = frozenset({42, 54})  # KEY_LEFTSHIFT, KEY_RIGHTSHIFT
KEY_DOWN = 1

_ROWS = {
    2: "1234567890-=",
    16: "qwertyuiop[]",
    30: "asdfghjkl;'`",
    43: "\\zxcvbnm,./",
}
_SHIFTED = dict(zip("1234567890-=[];'`\\,./", '!@#$%^&*()_+{}:"~|<>?', strict=True))
KEYS = {start + i: char for start, row in _ROWS.items() for i, char in enumerate(row)}
KEYS[57] = " "


class KeyDecoder:
    """Feeds key events; returns a completed line when Enter is pressed."""

    def __init__(self) -> None:
        self._shift = False
        self._chars: list[str] = []

    def feed(self, code: int, value: int) -> str | None:
        if code in SHIFT_KEYS:
            self._shift = value != 0
            return None
        if value != KEY_DOWN:
            return None
        if code in (KEY_ENTER, KEY_KPENTER):
            line, self._chars = "".join(self._chars), []
            return line
        char = KEYS.get(code)
        if char is not None:
            if self._shift:
                char = _SHIFTED.get(char, char.upper())
            self._chars.append(char)
        return None
