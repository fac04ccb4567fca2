"""Boards of two polarities on one bus (two makes or batches): commissioning gives the odd one
its own ``closed_bit``, and the bus it writes reads every door the right way round."""

from __future__ import annotations

from drivers.config import LockBusConfig
from drivers.locks.bus import SerialLockBus
from drivers.locks.sim import LockBoardSimulator
from kiosk.commission.config import updated_config
from kiosk.commission.findings import Findings
from kiosk.commission.steps import door_bus, find_boards


def test_a_board_that_reads_the_other_way_round_gets_its_own_closed_bit() -> None:
    sim = LockBoardSimulator("cu16", [0, 1, 2], closed_bit={0: 1, 1: 0, 2: 1}).start()
    try:
        found = Findings()
        find_boards(found, sim.port, timeout=0.04, names=["cu16"])
        assert found.closed_bit == 1
        assert [p.text() for p in found.problems] == [
            "board 1 reads its doors the other way round from the others: its own closed_bit is"
            " written (the door walk checks it; if a door of it was open during the scan, close"
            " it and scan again)"
        ]
        bus = updated_config({}, found)["devices"]["lock_bus"]
        assert bus["closed_bit"] == 1
        assert [(b["address"], b.get("closed_bit")) for b in bus["boards"]] == [
            (0, None),
            (1, 0),
            (2, None),
        ]

        # The walk's bus and the kiosk's (from the file written) see the same doors.
        sim.force_open(1, 3)
        walked = door_bus(LockBusConfig(), found, sim.port)
        try:
            assert [s.lock for s in walked.read_board(1).locks if not s.closed] == [3]
        finally:
            walked.close()
        config = LockBusConfig.model_validate({**bus, "port": sim.port})
        kiosk = SerialLockBus(config, [0, 1, 2], port=sim.port)
        try:
            assert [
                (b, s.lock) for b in (0, 1, 2) for s in kiosk.read_board(b).locks if not s.closed
            ] == [(1, 3)]
        finally:
            kiosk.close()
    finally:
        sim.close()
