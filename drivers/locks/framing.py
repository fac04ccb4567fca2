"""Finding fixed-length frames in a byte stream: pure functions shared by the lock protocols."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class FrameSpec:
    """A protocol's frames: which bytes can start one, how long one is, and how to check it."""

    starts: frozenset[int]
    length: int
    is_valid: Callable[[bytes], bool]
    #: The length of a frame whose first ``HEADER`` bytes say it is not ``length`` long (a
    #: KR-CU16 request that carries a data byte); None: every frame is ``length`` long.
    length_of: Callable[[bytes], int] | None = None


HEADER = 3


@dataclass(frozen=True)
class Scan:
    frames: tuple[bytes, ...]
    #: Bytes thrown away because they did not belong to a valid frame (noise, bad checksums).
    junk: int
    #: The unfinished tail, to be completed by the next read.
    rest: bytes


def scan_frames(buffer: bytes, spec: FrameSpec) -> Scan:
    """Split ``buffer`` into valid frames, junk and an unfinished tail.

    A candidate that fails validation costs one byte and the search resumes after its start
    byte, so a corrupt frame cannot hide a good frame that follows it.
    """
    frames: list[bytes] = []
    junk = 0
    pos = 0
    while pos < len(buffer):
        if buffer[pos] not in spec.starts:
            pos += 1
            junk += 1
            continue
        length = spec.length
        if spec.length_of is not None:
            if len(buffer) - pos < HEADER:
                break
            length = spec.length_of(buffer[pos : pos + HEADER])
        candidate = buffer[pos : pos + length]
        if len(candidate) < length:
            break
        if spec.is_valid(candidate):
            frames.append(candidate)
            pos += length
        else:
            pos += 1
            junk += 1
    return Scan(tuple(frames), junk, buffer[pos:])
