"""Languages of the citizen screens: Vietnamese source strings, an English catalogue.

Every text shown goes through ``tr()``/``QCoreApplication.translate``; switching installs or
removes the English ``QTranslator``, and Qt sends every widget a ``LanguageChange`` event on
which the screens re-read their texts. The catalogue is ``assets/translations/kiosk_en.ts``,
compiled to ``kiosk_en.qm``; both are committed. After changing a text, run
``python -m kiosk.ui.i18n``: it adds new strings to the catalogue (lupdate), and compiles it
(lrelease) once every string has its English translation. The staff and technician screens keep
their own catalogue.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
from collections.abc import Iterable
from enum import StrEnum
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QObject, QTranslator, Signal

from kiosk.errors import EnvironmentProblem
from kiosk.ui.assets import TRANSLATIONS

log = logging.getLogger(__name__)

CATALOGUE = "kiosk_en"
# The staff and technician screens' own catalogue (kiosk/ui/staff/catalogue.py), loaded beside it.
STAFF_CATALOGUE = "staff_en"
UI_DIR = Path(__file__).resolve().parent
OWN_CATALOGUE_EXCLUDES = ("staff", "tech")


class Language(StrEnum):
    VI = "vi"
    EN = "en"

    @property
    def locale(self) -> QLocale:
        if self is Language.VI:
            return QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam)
        return QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)


def qt_tool(name: str) -> str | None:
    """A Qt tool from the venv's bin (next to this Python), else from PATH."""
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.exists() else shutil.which(name)


def _tool(name: str) -> str:
    tool = qt_tool(name)
    if tool is None:
        raise EnvironmentProblem(f"{name} not found: install PySide6 (it ships the Qt tools)")
    return tool


def source_files() -> list[Path]:
    """The citizen screens' sources (not the staff and technician screens')."""
    return sorted(
        p
        for p in UI_DIR.rglob("*.py")
        if p.relative_to(UI_DIR).parts[0] not in OWN_CATALOGUE_EXCLUDES
    )


def extract(ts: Path, sources: Iterable[Path] | None = None) -> None:
    """Merge the strings of ``sources`` (the citizen screens' by default) into ``ts`` (new ones
    come in unfinished)."""
    subprocess.run(
        [
            _tool("pyside6-lupdate"),
            "-silent",
            "-locations",
            "none",
            "-no-obsolete",
            "-source-language",
            "vi",
            "-target-language",
            "en",
            *map(str, source_files() if sources is None else sources),
            "-ts",
            str(ts),
        ],
        check=True,
    )


def compile_catalogue(ts: Path, qm: Path) -> None:
    subprocess.run([_tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True)


def unfinished(ts: Path) -> list[str]:
    """Source strings of ``ts`` without a finished translation."""
    import xml.etree.ElementTree as ET

    missing = []
    for message in ET.parse(ts).getroot().iter("message"):
        translation = message.find("translation")
        forms = [] if translation is None else [translation, *translation.iter("numerusform")]
        empty = not any((f.text or "").strip() for f in forms)
        if translation is None or translation.get("type") in ("unfinished", "vanished") or empty:
            missing.append(message.findtext("source") or "")
    return missing


class Languages(QObject):
    """The language shown now; ``set`` switches it for every widget."""

    changed = Signal(object)  # Language

    def __init__(self, default: Language, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.default = default
        self._current = Language.VI
        self._english = [self._load(name) for name in (CATALOGUE, STAFF_CATALOGUE)]

    def _load(self, catalogue: str) -> QTranslator:
        translator = QTranslator(self)
        qm = TRANSLATIONS / f"{catalogue}.qm"
        if not translator.load(str(qm)):
            raise EnvironmentProblem(f"{qm}: the English translation could not be loaded")
        return translator

    @property
    def current(self) -> Language:
        return self._current

    def set(self, language: Language, why: str) -> None:
        if language is self._current:
            return
        log.info("language %s → %s (%s)", self._current, language, why)
        app = QCoreApplication.instance()
        assert app is not None
        for translator in self._english:
            if language is Language.EN:
                app.installTranslator(translator)
            else:
                app.removeTranslator(translator)
        self._current = language
        self.changed.emit(language)


def update_catalogue(catalogue: str, sources: Iterable[Path]) -> int:
    """Merge the strings of ``sources`` into ``catalogue``'s .ts; compile its .qm once every
    string has its translation (the command behind ``python -m`` of this module and of
    ``kiosk.ui.staff.catalogue``)."""
    ts = TRANSLATIONS / f"{catalogue}.ts"
    extract(ts, sources)
    missing = unfinished(ts)
    for text in missing:
        print(f"untranslated: {text}")
    if missing:
        print(f"{ts}: {len(missing)} strings to translate; .qm not rebuilt")
        return 1
    compile_catalogue(ts, TRANSLATIONS / f"{catalogue}.qm")
    print(f"{ts}: complete; {catalogue}.qm rebuilt")
    return 0


def main() -> int:
    return update_catalogue(CATALOGUE, source_files())


if __name__ == "__main__":
    sys.exit(main())
