"""The lock protocols' pure functions: exact frames, every status bit, and fuzzing."""

from __future__ import annotations

from types import ModuleType

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drivers.locks import cu16, cu48, p8a80
from drivers.locks.framing import FrameSpec, Scan, scan_frames
from drivers.locks.sensors import SensorBits


@pytest.mark.parametrize(
    ("frame", "expected"),
    [
        (cu16.read_board_request(0), "02 00 30 03 35"),
        (cu16.read_board_request(1), "02 10 30 03 45"),
        (cu16.unlock_request(0, 1), "02 00 31 03 36"),
        (cu16.unlock_request(1, 4), "02 13 31 03 49"),
        (cu16.unlock_request(15, 16), "02 ff 31 03 35"),
        (cu16.unlock_all_request(2), "02 20 33 03 58"),
        (p8a80.unlock_request(1, 4), "8a 01 04 11 9e"),
        (p8a80.unlock_all_request(1), "8a 01 00 11 9a"),
        (p8a80.read_lock_request(1, 4), "80 01 04 33 b6"),
        (p8a80.lock_reply(1, 4, 1), "80 01 04 11 94"),
        (p8a80.lock_reply(1, 4, 0, unsolicited=True), "82 01 04 00 87"),
        (p8a80.read_all_request(1), "80 01 00 33 b2"),
        (p8a80.unlock_request(5, 20), "8a 05 14 11 8a"),
        (p8a80.unlock_request(32, 50), "8a 20 32 11 89"),
        (p8a80.read_all_reply(1, 0, 3), "80 01 00 00 00 33 b2"),  # a verified 8-channel board
        # AshurkovAV/KerongConsole's captures:
        (cu48.read_board_request(0), "02 00 00 60 03 65"),
        (cu48.unlock_request(0, 1), "02 00 00 61 03 66"),
        (cu48.unlock_request(0, 5), "02 00 04 61 03 6a"),
        (cu48.status_reply(0, SensorBits(1 << 13, 0)), "02 00 00 75 00 20" + " 00" * 10 + " 03 9a"),
    ],
)
def test_frames_are_exact(frame: bytes, expected: str) -> None:
    assert frame.hex(" ") == expected


@pytest.mark.parametrize(
    "bad",
    [
        lambda: cu16.unlock_request(16, 1),
        lambda: cu16.unlock_request(0, 17),
        lambda: p8a80.unlock_request(33, 1),
        lambda: p8a80.unlock_request(1, 51),
        lambda: cu48.unlock_request(0, 49),
        lambda: cu48.read_board_request(16),
    ],
)
def test_out_of_range_addresses_are_refused(bad: object) -> None:
    with pytest.raises(ValueError):
        bad()  # type: ignore[operator]


def test_cu16_status_reply_bytes() -> None:
    reply = cu16.status_reply(1, SensorBits(locks=0x8001, items=0x0102))
    assert reply.hex(" ") == "02 10 35 01 80 02 01 03 " + f"{sum(reply[:8]) & 0xFF:02x}"


@pytest.mark.parametrize("bit", range(16))
@pytest.mark.parametrize("closed_bit", [1, 0])
def test_cu16_every_lock_and_item_bit(bit: int, closed_bit: int) -> None:
    frame = cu16.status_reply(0, SensorBits(locks=1 << bit, items=1 << bit))
    bits = cu16.parse_status_reply(frame, 0)
    assert bits is not None
    status = bits.to_status(0, closed_bit)
    for state in status.locks:
        mine = state.lock == bit + 1
        assert state.closed is (mine == (closed_bit == 1))
        assert state.item is mine


def test_cu16_reply_from_another_board_is_not_the_answer() -> None:
    frame = cu16.status_reply(2, SensorBits(0, 0))
    assert cu16.parse_status_reply(frame, 1) is None


@pytest.mark.parametrize(
    ("sensor", "closed_bit", "closed"), [(1, 1, True), (0, 1, False), (0, 0, True)]
)
def test_8a80_sensor_byte_and_polarity(sensor: int, closed_bit: int, closed: bool) -> None:
    bit = p8a80.parse_lock_reply(p8a80.lock_reply(3, 7, sensor), 3, 7)
    assert bit == sensor
    status = SensorBits(locks=bit << 6, items=None).to_status(3, closed_bit)
    assert status.lock(7).closed is closed
    assert status.lock(7).item is None


def test_8a80_unsolicited_report_and_wrong_lock_are_not_the_answer() -> None:
    assert p8a80.parse_lock_reply(p8a80.lock_reply(3, 7, 1, unsolicited=True), 3, 7) is None
    assert p8a80.parse_lock_reply(p8a80.lock_reply(3, 8, 1), 3, 7) is None
    assert p8a80.parse_lock_reply(p8a80.read_lock_request(3, 7), 3, 7) is None  # an echo


def test_scan_rejects_bad_checksum_and_finds_the_next_frame() -> None:
    good = cu16.status_reply(0, SensorBits(0xFFFF, 0))
    bad = good[:-1] + bytes([good[-1] ^ 1])
    scan = scan_frames(b"\xff\x02" + bad + good + good[:4], cu16.STATUS_FRAMES)
    assert scan.frames == (good,)
    assert scan.junk > 0
    assert scan.rest == good[:4]


@pytest.mark.parametrize("protocol", [cu16, cu48], ids=["cu16", "cu48"])
@given(data=st.binary(max_size=64), board=st.integers(0, 15))
def test_cu_random_bytes_never_crash_nor_invent_a_status(
    protocol: ModuleType, data: bytes, board: int
) -> None:
    scan = scan_frames(data, protocol.STATUS_FRAMES)
    assert scan.junk + sum(map(len, scan.frames)) + len(scan.rest) == len(data)
    for frame in scan.frames:
        bits = protocol.parse_status_reply(frame, board)
        if bits is not None:  # believed only if it is exactly what a board would send
            assert protocol.status_reply(board, bits) == frame


@given(st.binary(max_size=64), st.integers(0, 32), st.integers(1, 50))
def test_8a80_random_bytes_never_crash_nor_invent_a_state(
    data: bytes, board: int, lock: int
) -> None:
    scan = scan_frames(data, p8a80.FRAMES)
    for frame in scan.frames:
        bit = p8a80.parse_lock_reply(frame, board, lock)
        if bit is not None:
            assert p8a80.lock_reply(board, lock, bit) == frame
    for frame in scan_frames(data, p8a80.READ_ALL_FRAMES).frames:
        bits = p8a80.parse_read_all(frame, board)
        if bits is not None:  # a read-all reply: exactly what a board would send
            assert p8a80.read_all_reply(board, bits.locks, len(frame) - 4) == frame


@given(
    st.binary(max_size=16).filter(lambda b: not {0x80, 0x82, 0x8A} & set(b)),
    st.integers(0, 2**56 - 1),
    st.sampled_from([3, 7]),
)
def test_8a80_read_all_reply_after_noise_is_found(noise: bytes, bits: int, size: int) -> None:
    bits &= (1 << (8 * size)) - 1
    frame = p8a80.read_all_reply(1, bits, size)
    scan = scan_frames(noise + frame, p8a80.READ_ALL_FRAMES)
    assert [p8a80.parse_read_all(f, 1) for f in scan.frames] == [SensorBits(bits, None)]


@given(st.binary(max_size=32).filter(lambda b: cu16.STX not in b), st.integers(0, 0xFFFF))
def test_cu16_frame_after_noise_is_found(noise: bytes, locks: int) -> None:
    frame = cu16.status_reply(0, SensorBits(locks, 0))
    assert scan_frames(noise + frame, cu16.STATUS_FRAMES).frames == (frame,)


@given(st.binary(min_size=9, max_size=9))
def test_cu16_request_parser_accepts_any_valid_frame(data: bytes) -> None:
    for frame in scan_frames(data, cu16.REQUEST_FRAMES).frames:
        request = cu16.parse_request(frame)
        assert 0 <= request.board <= 15
        assert 1 <= request.lock <= 16


def test_cu48_reply_from_the_capture_reads_lock_one_closed() -> None:
    frame = bytes.fromhex("02 00 00 75 01 00 00 00 00 00 01 00 00 00 00 00 03 7c")
    bits = cu48.parse_status_reply(frame, 0)
    assert bits == SensorBits(locks=1, items=1)
    status = bits.to_status(0, closed_bit=1, channels=48)
    assert [s.lock for s in status.locks if s.closed] == [1]
    assert len(status.locks) == 48


@pytest.mark.parametrize("lock", [1, 9, 17, 24])
def test_8a80_read_all_bit_order(lock: int) -> None:
    """S1 is locks 1-8, LSB first: lock 9 is bit 0 of S2."""
    frame = p8a80.read_all_reply(2, 1 << (lock - 1), 3)
    assert frame[2 + (lock - 1) // 8] == 1 << ((lock - 1) % 8)
    bits = p8a80.parse_read_all(frame, 2)
    assert bits is not None
    assert [s.lock for s in bits.to_status(2, 1, 24).locks if s.closed] == [lock]
    assert p8a80.parse_read_all(frame, 3) is None  # another board's


def test_a_frame_whose_header_gives_its_length() -> None:
    """``length_of``: a request that carries a data byte is one byte longer (KR-CU16 0x37)."""

    def length_of(header: bytes) -> int:
        return 6 if header[2] == 0x37 else 5

    spec = FrameSpec(frozenset({0x02}), 5, lambda f: f[-2] == 0x03, length_of)
    long, short = bytes.fromhex("02 00 37 32 03 6e"), bytes.fromhex("02 00 30 03 35")
    assert scan_frames(long + short + long[:2], spec) == Scan((long, short), 0, long[:2])
