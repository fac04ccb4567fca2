"""The staff and technician screens' own catalogue: complete, NFC, and compiled as committed."""

from __future__ import annotations

import re
import shutil
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

from kiosk.ui.assets import TRANSLATIONS
from kiosk.ui.i18n import compile_catalogue, unfinished
from kiosk.ui.staff.catalogue import CATALOGUE, extract


def test_every_staff_string_is_translated_and_the_qm_is_current(tmp_path: Path) -> None:
    ts = tmp_path / f"{CATALOGUE}.ts"
    shutil.copy(TRANSLATIONS / f"{CATALOGUE}.ts", ts)
    extract(ts)
    assert unfinished(ts) == [], "run: python -m kiosk.ui.staff.catalogue, and translate these"
    committed = (TRANSLATIONS / f"{CATALOGUE}.ts").read_text(encoding="utf-8")
    assert ts.read_text(encoding="utf-8") == committed, "run: python -m kiosk.ui.staff.catalogue"
    qm = tmp_path / f"{CATALOGUE}.qm"
    compile_catalogue(ts, qm)
    assert qm.read_bytes() == (TRANSLATIONS / f"{CATALOGUE}.qm").read_bytes()


def test_vietnamese_sources_are_nfc_with_their_diacritics() -> None:
    root = ET.parse(TRANSLATIONS / f"{CATALOGUE}.ts").getroot()
    sources = [m.findtext("source") or "" for m in root.iter("message")]
    assert len(sources) > 150
    assert all(unicodedata.is_normalized("NFC", s) for s in sources)
    assert "Đăng xuất" in sources and "Nạp kết quả vào tủ" in sources


def test_no_staff_text_addresses_staff_as_ban() -> None:
    """glossary-vi.md: staff are addressed as "Anh/Chị" or without a pronoun, never "bạn"."""
    root = ET.parse(TRANSLATIONS / f"{CATALOGUE}.ts").getroot()
    informal = re.compile(r"\bbạn\b", re.IGNORECASE)
    sources = [m.findtext("source") or "" for m in root.iter("message")]
    assert [s for s in sources if informal.search(s)] == []
