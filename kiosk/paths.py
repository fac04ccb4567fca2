"""Where the kiosk keeps its files."""

from __future__ import annotations

import os
from pathlib import Path

APP_DIR_NAME = "atm-ho-so"
DATABASE_NAME = "kiosk.sqlite3"
DEVICE_KEY_NAME = "device.key"
LOG_DIR_NAME = "logs"
BACKUP_DIR_NAME = "backups"


def resolve_data_dir(configured: str) -> Path:
    """The data directory: the configured one, else the XDG data dir (per the XDG spec)."""
    if configured:
        return Path(configured).expanduser()
    xdg = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(xdg) / APP_DIR_NAME


def default_config_path() -> Path:
    """``config/default.toml`` of the checkout this package runs from (installed editable)."""
    return Path(__file__).resolve().parent.parent / "config" / "default.toml"
