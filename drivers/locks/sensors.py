"""Raw sensor bits of one board, before the lock-bit polarity is applied."""

from __future__ import annotations

from dataclasses import dataclass

from drivers.interfaces import LOCKS_PER_BOARD, BoardStatus, LockState


@dataclass(frozen=True)
class SensorBits:
    """Bit i (LSB first) is lock i+1. ``items`` is None for boards without item sensors."""

    locks: int
    items: int | None

    def to_status(
        self, board: int, closed_bit: int, channels: int = LOCKS_PER_BOARD
    ) -> BoardStatus:
        """The first ``channels`` locks (the board's own count; the bits beyond are not wired)."""

        def bit(value: int, index: int) -> int:
            return (value >> index) & 1

        return BoardStatus(
            board,
            tuple(
                LockState(
                    lock=i + 1,
                    closed=bit(self.locks, i) == closed_bit,
                    item=None if self.items is None else bool(bit(self.items, i)),
                )
                for i in range(channels)
            ),
        )
