"""The locker layout: every compartment, its size, height and lock."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, model_validator

from kiosk.domain import HeightBand, Size
from kiosk.settings.section import Section


class CompartmentConfig(Section):
    """One door of the locker."""

    label: Annotated[str, Field(pattern=r"^[A-Z][0-9]{2}$")] = Field(
        description="Label printed on the door, e.g. `A01` (column letter, row number)."
    )
    size: Size = Field(description="`S`, `M` or `L`.")
    board: int = Field(
        ge=0,
        le=32,
        description=(
            "Address of the lock board (DIP switch): cu16 and cu48 0–15, 8a80 1–32 (checked "
            "against `devices.lock_bus.protocol`)."
        ),
    )
    lock: int = Field(
        ge=1,
        le=50,
        description=(
            "Lock number on that board as printed, 1 up to the board's `channels` (cu16 16, "
            "cu48 48, 8a80 16 unless set)."
        ),
    )
    column: int = Field(ge=1, description="Column in the locker, 1 = leftmost.")
    row: int = Field(ge=1, description="Row in its column, 1 = top.")
    height: HeightBand = Field(
        description="`low`, `middle` or `high`: reachable from a wheelchair?"
    )
    disabled: bool = Field(False, description="A disabled door is never offered or opened.")


class LockerConfig(Section):
    """The locker's layout."""

    compartments: list[CompartmentConfig] = Field(
        default_factory=list, description="Every door, as `[[locker.compartments]]` tables."
    )

    @model_validator(mode="before")
    @classmethod
    def _item_sensors_moved(cls, data: object) -> object:
        # One fact, one place: whether a board's item sensors are trusted is per board.
        if isinstance(data, dict) and "item_sensors" in data:
            raise ValueError(
                "locker.item_sensors is no longer read: say it per board, as"
                " [[devices.lock_bus.boards]] address = N, item_sensors = true/false"
            )
        return data

    @model_validator(mode="after")
    def _unique_doors(self) -> LockerConfig:
        labels: set[str] = set()
        places: dict[tuple[int, int], str] = {}
        for c in self.compartments:
            if c.label in labels:
                raise ValueError(f"duplicate compartment label {c.label}: each label once")
            labels.add(c.label)
            other = places.setdefault((c.board, c.lock), c.label)
            if other != c.label:
                raise ValueError(
                    f"compartments {other} and {c.label} are both on board {c.board} lock"
                    f" {c.lock}: give each door its own board/lock"
                )
        return self

    def boards(self) -> list[int]:
        return sorted({c.board for c in self.compartments})
