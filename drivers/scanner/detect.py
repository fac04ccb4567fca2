"""Finding scanners that are plugged in as USB keyboards (HID "keyboard wedge" mode).

Every common 2D scanner sold in Vietnam (Honeywell, Zebra, Newland, Hikrobot) ships in that
mode; the kernel lists it under ``/dev/input/by-id/`` with a name ending ``-event-kbd`` that
carries the maker's or the product's name. A kiosk configured for a serial scanner then finds
no port while the scanner types into whatever window has the focus.
"""

from __future__ import annotations

import re
from pathlib import Path

INPUT_BY_ID = Path("/dev/input/by-id")
KEYBOARD_SUFFIX = "-event-kbd"
#: Makers' and products' names as they appear in by-id names (USB vendor and product strings).
SCANNER_NAMES = re.compile(
    r"honeywell|hand_held|metrologic|zebra|symbol|motorola|newland|hikrobot|datalogic|"
    r"barcode|bar_code|scanner|qr_?code",
    re.IGNORECASE,
)


def keyboard_scanners(directory: Path | None = None) -> list[str]:
    """The by-id paths of keyboard devices whose name says they are a scanner."""
    folder = directory or INPUT_BY_ID
    try:
        names = sorted(entry.name for entry in folder.iterdir())
    except OSError:
        return []
    return [
        str(folder / name)
        for name in names
        if name.endswith(KEYBOARD_SUFFIX) and SCANNER_NAMES.search(name)
    ]
