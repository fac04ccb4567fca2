"""Every text of the citizen screens has its English translation, and the compiled catalogue
is the committed one."""

from __future__ import annotations

import shutil
from pathlib import Path

from kiosk.ui.assets import TRANSLATIONS
from kiosk.ui.i18n import CATALOGUE, compile_catalogue, extract, unfinished


def test_every_source_string_is_translated(tmp_path: Path) -> None:
    ts = tmp_path / f"{CATALOGUE}.ts"
    shutil.copy(TRANSLATIONS / f"{CATALOGUE}.ts", ts)
    extract(ts)  # new strings from the sources come in unfinished
    assert unfinished(ts) == [], "run: python -m kiosk.ui.i18n, and translate these"
    committed = (TRANSLATIONS / f"{CATALOGUE}.ts").read_text(encoding="utf-8")
    assert ts.read_text(encoding="utf-8") == committed, "run: python -m kiosk.ui.i18n"


def test_the_committed_qm_is_compiled_from_the_ts(tmp_path: Path) -> None:
    qm = tmp_path / f"{CATALOGUE}.qm"
    compile_catalogue(TRANSLATIONS / f"{CATALOGUE}.ts", qm)
    assert qm.read_bytes() == (TRANSLATIONS / f"{CATALOGUE}.qm").read_bytes()


def test_vietnamese_sources_are_nfc(tmp_path: Path) -> None:
    import unicodedata
    import xml.etree.ElementTree as ET

    root = ET.parse(TRANSLATIONS / f"{CATALOGUE}.ts").getroot()
    sources = [m.findtext("source") or "" for m in root.iter("message")]
    assert sources and all(unicodedata.is_normalized("NFC", s) for s in sources)
