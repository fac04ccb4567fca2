"""What several commands share: loading the settings named on the command line."""

from __future__ import annotations

import argparse

from kiosk.config_loader import load_settings
from kiosk.settings import Settings


def settings_from(args: argparse.Namespace) -> Settings:
    return load_settings(getattr(args, "config", None))
