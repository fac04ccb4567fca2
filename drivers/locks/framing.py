"""Finding frames in a byte stream: pure functions shared by the lock protocols."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class FrameSpec:
    """A protocol's frames: which bytes can start one, how long one is, and how to check it.

    ``length_of`` gives the length of a frame whose first ``HEADER`` bytes say it is not
    ``length`` long (a KR-CU16 request that carries a data byte). ``lengths`` gives the lengths
    a frame starting with a given byte may have when nothing in it says which (replies that
    grow with the board: 8A/80 read-all); they are tried shortest first.
    """

    starts: frozenset[int]
    length: int
    is_valid: Callable[[bytes], bool]
    length_of: Callable[[bytes], int] | None = None
    lengths: Mapping[int, tuple[int, ...]] = field(default_factory=dict)

    def lengths_for(self, start: int) -> tuple[int, ...]:
        return self.lengths.get(start, (self.length,))


HEADER = 3


@dataclass(frozen=True)
class Scan:
    frames: tuple[bytes, ...]
    #: Bytes thrown away because they did not belong to a valid frame (noise, bad checksums).
    junk: int
    #: The unfinished tail, to be completed by the next read.
    rest: bytes


def _frame_at(buffer: bytes, pos: int, spec: FrameSpec) -> int | None:
    """The length of the valid frame at ``pos``; 0 if one may still complete; None if none."""
    if spec.length_of is not None:
        if len(buffer) - pos < HEADER:
            return 0
        lengths: tuple[int, ...] = (spec.length_of(buffer[pos : pos + HEADER]),)
    else:
        lengths = spec.lengths_for(buffer[pos])
    for length in lengths:
        candidate = buffer[pos : pos + length]
        if len(candidate) < length:
            return 0  # the longer ones are not complete either
        if spec.is_valid(candidate):
            return length
    return None


def _valid_frame_after(buffer: bytes, pos: int, spec: FrameSpec) -> bool:
    return any(
        buffer[later] in spec.starts and _frame_at(buffer, later, spec)
        for later in range(pos + 1, len(buffer))
    )


def scan_frames(buffer: bytes, spec: FrameSpec) -> Scan:
    """Split ``buffer`` into valid frames, junk and an unfinished tail.

    A candidate that fails validation costs one byte and the search resumes after its start
    byte, so a corrupt frame cannot hide a good frame that follows it; nor can a start byte
    waiting for a longer frame that a complete one after it shows never came.
    """
    frames: list[bytes] = []
    junk = 0
    pos = 0
    while pos < len(buffer):
        if buffer[pos] not in spec.starts:
            pos += 1
            junk += 1
            continue
        size = _frame_at(buffer, pos, spec)
        if size:
            frames.append(buffer[pos : pos + size])
            pos += size
        elif size == 0 and not _valid_frame_after(buffer, pos, spec):
            break
        else:
            pos += 1
            junk += 1
    return Scan(tuple(frames), junk, buffer[pos:])
