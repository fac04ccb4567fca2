"""Fixtures shared by every test package."""

from __future__ import annotations

import os

# Qt must never try to open a display in tests (also set by the README's test command).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

pytest_plugins = ["tests.plugins.logfail"]
