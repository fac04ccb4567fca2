"""The staff and technician screens' English catalogue: ``assets/translations/staff_en.ts``.

Their source strings are Vietnamese, like the citizen screens'; the catalogue is separate so that
each can be finished and reviewed on its own, and both are loaded side by side
(``kiosk.ui.i18n.Languages``). After changing a text, run ``python -m kiosk.ui.staff.catalogue``:
it merges new strings into the catalogue (lupdate) and compiles it (lrelease) once every string
has its translation.
"""

from __future__ import annotations

import sys
from pathlib import Path

from kiosk.ui import i18n

CATALOGUE = "staff_en"


def source_files() -> list[Path]:
    return sorted(
        p for name in i18n.OWN_CATALOGUE_EXCLUDES for p in (i18n.UI_DIR / name).rglob("*.py")
    )


def extract(ts: Path) -> None:
    """Merge the strings of the staff and technician screens into ``ts``."""
    i18n.extract(ts, source_files())


def main() -> int:
    return i18n.update_catalogue(CATALOGUE, source_files())


if __name__ == "__main__":
    sys.exit(main())
