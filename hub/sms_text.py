"""The citizen's SMS: plain ASCII without diacritics, one 160-character GSM-7 segment.

Vietnamese phones show unaccented text reliably and a single segment costs one message; so the
ward's name is folded to ASCII (``Phường Bến Nghé`` → ``Phuong Ben Nghe``) and shortened when
the whole text would not fit. Only characters of GSM-7's basic table are kept (no ``[]{}~^|\\``,
which take two septets, and no backtick).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime

SEGMENT = 160
SAFE = re.compile(r"[^A-Za-z0-9 .,:;()/'+-]")


def fold(text: str) -> str:
    """ASCII without diacritics, safe for GSM-7, single spaces."""
    if not text.isascii():  # a dossier code is ASCII already: one SMS each, in bulk releases
        text = text.replace("đ", "d").replace("Đ", "D")
        text = "".join(
            c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn"
        )
    return " ".join(SAFE.sub(" ", text).split())


def pickup_text(ward: str, dossier_code: str, otp: str, expires: datetime) -> str:
    """What the citizen reads: who sends it, which dossier, the code and the last day."""
    tail = (
        f": ho so {fold(dossier_code)} da co ket qua tai ATM ho so. Ma nhan: {otp}."
        f" Han nhan: {expires:%d/%m/%Y}."
    )
    room = SEGMENT - len(tail)
    name = fold(ward)[:room].rstrip() or "UBND"
    return name + tail
