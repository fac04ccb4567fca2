"""The staff and technician screens' English catalogue: ``assets/translations/staff_en.ts``.

Their source strings are Vietnamese, like the citizen screens'; the catalogue is separate so that
each can be finished and reviewed on its own, and both are loaded side by side
(``kiosk.ui.i18n.Languages``). After changing a text, run ``python -m kiosk.ui.staff.catalogue``:
it merges new strings into the catalogue (lupdate) and compiles it (lrelease) once every string
has its translation.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from kiosk.errors import EnvironmentProblem
from kiosk.ui.assets import TRANSLATIONS
from kiosk.ui.i18n import OWN_CATALOGUE_EXCLUDES, UI_DIR, compile_catalogue, qt_tool, unfinished

CATALOGUE = "staff_en"


def source_files() -> list[Path]:
    return sorted(p for name in OWN_CATALOGUE_EXCLUDES for p in (UI_DIR / name).rglob("*.py"))


def extract(ts: Path) -> None:
    lupdate = qt_tool("pyside6-lupdate")
    if lupdate is None:
        raise EnvironmentProblem("pyside6-lupdate not found: install PySide6 (it ships the tools)")
    subprocess.run(
        [lupdate, "-silent", "-locations", "none", "-no-obsolete", "-source-language", "vi",
         "-target-language", "en", *map(str, source_files()), "-ts", str(ts)],
        check=True,
    )  # fmt: skip


def main() -> int:
    ts = TRANSLATIONS / f"{CATALOGUE}.ts"
    extract(ts)
    missing = unfinished(ts)
    for text in missing:
        print(f"untranslated: {text}")
    if missing:
        print(f"{ts}: {len(missing)} strings to translate; .qm not rebuilt")
        return 1
    compile_catalogue(ts, TRANSLATIONS / f"{CATALOGUE}.qm")
    print(f"{ts}: complete; {CATALOGUE}.qm rebuilt")
    return 0


if __name__ == "__main__":
    sys.exit(main())
