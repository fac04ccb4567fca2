"""The benchmarks' locker: up to 16 boards of 16 locks, filled board by board."""

from __future__ import annotations

from kiosk.config_loader import load_settings
from kiosk.settings import CompartmentConfig, LockerConfig, Settings


def grid_compartments(count: int) -> list[CompartmentConfig]:
    """The first ``count`` doors of the largest locker the addressing allows (16 x 16):
    board b, lock l is compartment A..P + l, in column b + 1, row l."""
    return [
        CompartmentConfig(
            label=f"{chr(65 + n // 16)}{n % 16 + 1:02d}",
            size="L",
            board=n // 16,
            lock=n % 16 + 1,
            column=n // 16 + 1,
            row=n % 16 + 1,
            height="middle",
        )
        for n in range(count)
    ]


def grid_settings(data_dir: str, doors: list[CompartmentConfig]) -> Settings:
    """The default settings with their data in ``data_dir`` and ``doors`` as the locker."""
    base = load_settings(None, env={"KIOSK_DATA_DIR": data_dir})
    return base.model_copy(update={"locker": LockerConfig(compartments=doors)})
