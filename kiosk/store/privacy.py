"""Personal data kept no longer and no fuller than the kiosk needs (docs/privacy.md).

Two rules hold for every writer of ``releases`` (the sync agent, tests, a technician's sqlite3),
because the table's CHECK constraints refuse a row that breaks them (migration
``m010_privacy_checks``; triggers repaired such rows from m003 on) rather than each caller
remembering:

- the holder's name is stored only masked, as the screens show it (``mask_name``): enough for
  staff to match an envelope, not enough to name a person;
- the phone's last digits, which only tell two active releases under one code apart, are
  kept only while the code is live: a used or revoked code has none (the writer drops them), an
  expired one loses them at the housekeeping pass (kiosk/services/housekeeping.py, since time
  passing writes nothing).
"""

from __future__ import annotations

import sqlite3

#: The SQL function (registered on every store connection) the migrations mask with.
MASK_FUNCTION = "mask_holder_name"


def mask_name(name: str) -> str:
    """``Nguyễn Văn An`` → ``N***** V** An``: enough for staff to match an envelope. Masking a
    masked name changes nothing."""
    words = name.split()
    return " ".join([w[0] + "*" * (len(w) - 1) for w in words[:-1]] + words[-1:])


def bind_functions(conn: sqlite3.Connection) -> None:
    """Let this connection write releases (``Store`` does it on open, before migrating)."""
    conn.create_function(MASK_FUNCTION, 1, mask_name, deterministic=True)
