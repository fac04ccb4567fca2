"""Fixtures shared by every test package."""

from __future__ import annotations

import os

import pytest

# Qt must never try to open a display in tests (also set by the README's test command).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

pytest_plugins = ["tests.plugins.logfail"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The ``slow`` tests first (in their order), so that with ``-n 2`` the last minute is not
    one long test on one worker while the other has nothing left (``--dist worksteal`` in
    pyproject.toml balances the rest)."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)
