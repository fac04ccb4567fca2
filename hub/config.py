"""Where the hub keeps its things: flags first, then the environment, then the defaults.

``--database URL`` / ``ATM_HUB_DATABASE``: an SQLAlchemy URL (``sqlite:///path`` or
``postgresql://user@host/db``); default a SQLite file in the data dir. ``ATM_HUB_DATA_DIR``:
the hub key and the default database; default ``~/.local/share/atm-hub``. ``--sms SPEC`` /
``ATM_HUB_SMS``: ``log``, ``file:PATH`` or ``http:URL`` (hub/sms_send.py);
``ATM_HUB_SMS_RETRY_S``: the first retry of a failed SMS (5 s, doubling up to 15 minutes);
``ATM_HUB_OFFLINE_AFTER_S``: a kiosk shows offline when its newest heartbeat is older (180 s);
``ATM_HUB_TRUSTED_PROXY``: the address of the reverse proxy that terminates TLS in front of the
hub (e.g. ``127.0.0.1``): its ``X-Forwarded-Proto`` and ``X-Forwarded-For`` are believed, and
the dashboard's session cookie is ``Secure``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from hub.errors import HubError

DEFAULT_PORT = 8790
DB_FILE = "hub.sqlite3"


@dataclass(frozen=True)
class HubConfig:
    data_dir: Path
    database_url: str
    sms: str
    sms_retry_s: float = 5.0
    offline_after_s: float = 180.0
    trusted_proxy: str | None = None

    @classmethod
    def resolve(
        cls,
        database: str | None = None,
        sms: str | None = None,
        env: Mapping[str, str] | None = None,
    ) -> HubConfig:
        env = os.environ if env is None else env
        data_dir = Path(
            env.get("ATM_HUB_DATA_DIR") or Path.home() / ".local" / "share" / "atm-hub"
        ).expanduser()
        url = database or env.get("ATM_HUB_DATABASE") or f"sqlite:///{data_dir / DB_FILE}"
        return cls(
            data_dir,
            url,
            sms or env.get("ATM_HUB_SMS") or "log",
            _seconds(env, "ATM_HUB_SMS_RETRY_S", 5.0),
            _seconds(env, "ATM_HUB_OFFLINE_AFTER_S", 180.0),
            env.get("ATM_HUB_TRUSTED_PROXY", "").strip() or None,
        )


def _seconds(env: Mapping[str, str], name: str, default: float) -> float:
    text = env.get(name)
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if value <= 0:
        raise HubError(f"{name}={text!r}: a number of seconds above 0, e.g. {default:g}")
    return value
