"""The board families integrators buy: KR-CU48 / CU12, 8A/80 boards of 2-50 channels on
addresses 1-32 read with one read-all exchange, channel counts checked at start-up, and the
bus's transport seam (exact bytes without a pty)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from drivertest import lock_config
from pydantic import ValidationError

from drivers.errors import NoReplyError
from drivers.interfaces import BoardState, UnlockOutcome
from drivers.locks import cu48, p8a80
from drivers.locks.bus import SerialLockBus
from drivers.locks.sim import LockBoardSimulator


def boards_config(**boards: int) -> dict[str, object]:
    """``[[devices.lock_bus.boards]]`` with a channel count per address (``b5=24``)."""
    listed = [{"address": int(k[1:]), "channels": v} for k, v in boards.items()]
    return {"boards": listed}


def test_cu48_board_reads_48_locks_and_unlocks_lock_30() -> None:
    sim = LockBoardSimulator("cu48", [0, 1]).start()
    bus = SerialLockBus(lock_config("cu48"), [0, 1], port=sim.port)
    try:
        status = bus.read_board(1)
        assert len(status.locks) == 48 and all(s.closed for s in status.locks)
        assert {s.item for s in status.locks} == {None}  # not documented: off by default
        result = bus.unlock(1, 30)
        assert result.outcome is UnlockOutcome.OPENED
        assert [f.hex(" ") for f in sim.received] == [
            "02 01 00 60 03 66",
            "02 01 00 60 03 66",
            "02 01 1d 61 03 84",
            "02 01 00 60 03 66",
        ]
        assert not bus.read_board(1).lock(30).closed
        assert bus.read_board(0).lock(30).closed
    finally:
        bus.close()
        sim.close()


def test_cu12_board_has_twelve_locks() -> None:
    config = lock_config("cu48", **boards_config(b0=12))
    sim = LockBoardSimulator("cu48", [0], channels=12).start()
    bus = SerialLockBus(config, [0], port=sim.port)
    try:
        assert [s.lock for s in bus.read_board(0).locks] == list(range(1, 13))
        assert bus.unlock(0, 12).opened
        with pytest.raises(ValueError, match=r"board 0 has locks 1\.\.12, not 13"):
            bus.unlock(0, 13)
    finally:
        bus.close()
        sim.close()


def test_8a80_lock_20_on_a_24_channel_board_at_address_32() -> None:
    config = lock_config("8a80", **boards_config(b32=24))
    sim = LockBoardSimulator("8a80", [32], channels=24).start()
    bus = SerialLockBus(config, [32], port=sim.port)
    try:
        assert len(bus.read_board(32).locks) == 24
        sim.received.clear()
        assert bus.unlock(32, 20).opened
        # One read-all exchange before and after the pulse, not 24 single-lock reads.
        assert [f.hex(" ") for f in sim.received] == [
            "80 20 00 33 93",
            "8a 20 14 11 af",
            "80 20 00 33 93",
        ]
        assert [s.lock for s in bus.read_board(32).locks if not s.closed] == [20]
    finally:
        bus.close()
        sim.close()


def test_8a80_twelve_channel_board_reads_fine() -> None:
    """A 12-channel board ignores single-lock reads of 13-16; read-all and channels = 12 read
    it whole, so it is online."""
    config = lock_config("8a80", **boards_config(b1=12))
    sim = LockBoardSimulator("8a80", [1], channels=12).start()
    bus = SerialLockBus(config, [1], port=sim.port)
    try:
        for _ in range(3):
            assert len(bus.read_board(1).locks) == 12
        assert bus.board_state(1) is BoardState.ONLINE
        assert bus.health()["boards"][0]["frame_errors"] == 0
    finally:
        bus.close()
        sim.close()


@pytest.mark.parametrize("channels", [2, 8, 18, 50])
def test_8a80_every_channel_count_sold(channels: int) -> None:
    config = lock_config("8a80", **boards_config(b3=channels))
    sim = LockBoardSimulator("8a80", [3], channels=channels).start()
    bus = SerialLockBus(config, [3], port=sim.port)
    try:
        assert len(bus.read_board(3).locks) == channels
        assert bus.unlock(3, channels).opened
    finally:
        bus.close()
        sim.close()


@pytest.mark.parametrize(
    ("protocol", "boards", "message"),
    [
        ("8a80", [{"address": 1, "channels": 51}], "more than a 8A/80 board can have (50)"),
        ("cu16", [{"address": 0, "channels": 24}], "more than a Kerong KR-CU16 board can have"),
        ("cu48", [{"address": 0, "channels": 49}], "(48)"),
        ("8a80", [{"address": 33}], "address 33 is not a 8A/80 address (0..32)"),
        ("cu16", [{"address": 16}], "address 16 is not a Kerong KR-CU16 address (0..15)"),
    ],
)
def test_channel_counts_and_addresses_checked_at_start_up(
    protocol: str, boards: list[dict[str, int]], message: str
) -> None:
    with pytest.raises(ValidationError, match=message.replace("(", r"\(").replace(")", r"\)")):
        lock_config(protocol, boards=boards)


def test_a_layout_board_the_protocol_cannot_carry_is_refused() -> None:
    with pytest.raises(ValueError, match="board 16 is not a Kerong KR-CU16 address"):
        SerialLockBus(lock_config("cu16"), [16], port="/dev/null-not-opened", wait_for_port=True)


# --- the transport seam: a fake link playing a board, exact bytes, no pty --------------------


class ScriptedLink:
    """A ``LockLink`` whose board answers each request with ``answer(request)``."""

    name = "scripted"

    def __init__(self, answer: Callable[[bytes], bytes]) -> None:
        self._answer = answer
        self.sent: list[bytes] = []
        self._pending = b""

    def write(self, data: bytes) -> None:
        self.sent.append(data)
        self._pending += self._answer(data)

    def read_some(self, timeout: float) -> bytes:
        data, self._pending = self._pending, b""
        return data

    def discard_input(self) -> bytes:
        return b""

    def close(self) -> None:
        pass


def test_8a80_read_all_among_change_reports_and_noise_without_a_pty() -> None:
    def board(request: bytes) -> bytes:
        if request == p8a80.read_all_request(7):
            change = p8a80.lock_reply(7, 3, 0, unsolicited=True)
            return b"\x00\xff" + change + p8a80.read_all_reply(7, 0xFFFFFB, 3)
        return b""

    link = ScriptedLink(board)
    bus = SerialLockBus(lock_config("8a80"), [7], port="", link=link)
    status = bus.read_board(7)
    assert link.sent == [bytes.fromhex("80 07 00 33 b4")]
    assert [s.lock for s in status.locks if not s.closed] == [3]
    assert len(status.locks) == 16  # the default channel count


def test_cu48_capture_through_the_seam() -> None:
    capture = bytes.fromhex("02 00 00 75 10 00 00 00 00 00 00 00 00 00 00 00 03 8a")
    link = ScriptedLink(lambda request: capture if request[3] == cu48.CMD_STATUS else b"")
    bus = SerialLockBus(lock_config("cu48"), [0], port="", link=link)
    assert [s.lock for s in bus.read_board(0).locks if s.closed] == [5]
    assert link.sent == [bytes.fromhex("02 00 00 60 03 65")]


def test_a_silent_board_through_the_seam_is_no_reply() -> None:
    bus = SerialLockBus(lock_config("cu48"), [0], port="", link=ScriptedLink(lambda _: b""))
    with pytest.raises(NoReplyError, match="no reply to 02 00 00 60 03 65"):
        bus.read_board(0)
