"""Where one ESC/POS command ends: the byte-length rules both readers of our stream share.

The printer simulator (device side) and the receipt renderer (the demo's picture of the paper)
each act on the commands in their own way; only how long each command is lives here, so the
two cannot disagree about where the next one starts. Sizes follow the Epson ESC/POS reference
for the subset ``layout`` sends, plus the presenters' commands (docs/hardware.md).
"""

from __future__ import annotations

ESC, GS, DLE, LF = 0x1B, 0x1D, 0x10, 0x0A
#: ESC and GS commands with a fixed number of argument bytes (the ones receipts use).
ESC_ARGS = {**dict.fromkeys(b"@2ik", 0), **dict.fromkeys(b"!Eatd-MG{3VJ", 1)}
GS_ARGS = {**dict.fromkeys(b"!Bbra", 1), **dict.fromkeys(b"LW", 2)}
QR_STORE = ord("P")  # GS ( k function 80: store the QR code's data


def split(data: bytes) -> tuple[list[bytes], bytes]:
    """The complete commands (or single text bytes) in ``data``; the one cut short at its end."""
    commands: list[bytes] = []
    pos = 0
    while pos < len(data):
        size = _size(data[pos : pos + 8])
        if size == 0 or pos + size > len(data):
            break
        commands.append(data[pos : pos + size])
        pos += size
    return commands, data[pos:]


def _size(head: bytes) -> int:
    """A command's length from its first bytes, or 0 while too few have come to tell."""
    first = head[0]
    if first == DLE:
        return 3
    if first not in (ESC, GS):
        return 1
    if len(head) < 2:
        return 0
    command = head[1]
    if first == ESC:
        return 2 + ESC_ARGS.get(command, 0)
    if command == ord("("):  # GS ( k / GS ( L: pL pH, then that many bytes
        return 5 + head[3] + 256 * head[4] if len(head) >= 5 else 0
    if command == ord("v"):  # GS v 0 m xL xH yL yH, then the rows
        if len(head) < 8:
            return 0
        return 8 + int.from_bytes(head[4:6], "little") * int.from_bytes(head[6:8], "little")
    if command == ord("V"):  # GS V m, and one more byte for m = 65, 66
        return (4 if head[2] in (65, 66) else 3) if len(head) >= 3 else 0
    if command in (ord("e"), ord("R")):  # presenters: GS e 3 m and GS R 1 t carry one more
        if len(head) < 3:
            return 0
        return 4 if (command, head[2]) in ((ord("e"), 3), (ord("R"), 1)) else 3
    return 2 + GS_ARGS.get(command, 0)
