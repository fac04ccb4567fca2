from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.clock import FakeClock
from kiosk.config_loader import load_settings
from kiosk.services.core import Services, open_services
from kiosk.settings import Settings


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings(None, env={"KIOSK_DATA_DIR": str(tmp_path / "data")})


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def services(settings: Settings, clock: FakeClock) -> Iterator[Services]:
    s = open_services(settings, clock)
    yield s
    s.close()
