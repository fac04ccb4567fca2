"""Fail any test that logs a WARNING or worse that it did not ask for.

A kiosk logs a warning when something went wrong for a person or a device; a test that makes
one happen without meaning to hides a fault (after qutebrowser's ``tests/helpers/logfail.py``).
A test that expects warnings says so, in one of two ways:

- ``@pytest.mark.logs(logging.WARNING)`` (or ``logging.ERROR``): records up to that level are
  allowed for the whole test;
- it asks for pytest's ``caplog`` fixture, which means it reads the log and asserts on it.

Records from the test's own threads (the services thread, the sync agent) count too: a test
owns what it started.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

MARKER = "logs"


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{MARKER}(level): the test expects log records up to this level (logfail plugin)",
    )


def _allowed_level(item: pytest.Item) -> int:
    if "caplog" in getattr(item, "fixturenames", ()):
        return logging.CRITICAL
    marker = item.get_closest_marker(MARKER)
    if marker is None:
        return logging.INFO
    return int(marker.args[0]) if marker.args else logging.WARNING


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    collector = _Collector()
    root = logging.getLogger()
    root.addHandler(collector)
    try:
        result = yield
    finally:
        root.removeHandler(collector)
    allowed = _allowed_level(item)
    unexpected = [r for r in collector.records if r.levelno > allowed]
    if unexpected:
        lines = "\n".join(f"  {r.levelname} {r.name}: {r.getMessage()}" for r in unexpected[:10])
        pytest.fail(
            f"the test logged {len(unexpected)} unexpected record(s) at WARNING or worse:\n"
            f"{lines}\n(a test that expects them says so: @pytest.mark.logs(level) or caplog)",
            pytrace=False,
        )
    return result
