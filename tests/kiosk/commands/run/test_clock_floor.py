"""Turning the wall clock back revives nothing: a code refused as expired stays refused after a
restart with the clock set back a day (real ``kiosk run`` processes, real ptys)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from drivers.interfaces import PaperState
from kiosk.clock import FakeClock
from kiosk.services import diagnostics
from kiosk.services.core import open_services
from kiosk.store import kv
from tests.kiosk.commands.run.conftest import DatagramSink
from tests.kiosk.commands.run.kiosk_process import CLOCK_BACK_A_DAY, bench, running_kiosk
from tests.kiosk.helpers import add_release, load

pytestmark = pytest.mark.slow  # run first (tests/conftest.py)

HOUR = 3600.0
OTP = "48213377"
EXPIRED = "→ see_counter (expired)"


def test_a_code_refused_as_expired_stays_refused_after_a_restart_with_the_clock_set_back(
    sink: DatagramSink, tmp_path: Path
) -> None:
    with bench(tmp_path) as b:
        # Loaded three hours ago with a code valid for one hour: it expired two hours ago.
        services = open_services(b.settings(), FakeClock(start=time.time() - 3 * HOUR))
        try:
            code = add_release(services, "r-1", OTP, expires_in_s=HOUR)
            label = load(services, "r-1")
            # The printer's paper as the kiosk last saw it, so that starting records nothing
            # and only the refusal can move the clock's floor.
            diagnostics.record_paper(services, PaperState.OK)
            door = next(c for c in services.ctx.settings.locker.compartments if c.label == label)
        finally:
            services.close()
        b.locks.set_item(door.board, door.lock, True)
        qr = f"DATM1|{code}|{OTP}"

        with running_kiosk(b, sink):
            b.scanner.scan(qr)
            b.wait_for_log(EXPIRED, after=0)
        refused_at = len(b.log())

        # The same code, the kiosk restarted with the wall clock a day behind.
        with running_kiosk(b, sink, sitecustomize=CLOCK_BACK_A_DAY):
            b.scanner.scan(qr)
            b.wait_for_log(EXPIRED, after=refused_at)

        assert b.unlock_frames() == []
        store = open_services(b.settings()).ctx.store
        try:
            floor = kv.clock_floor(store.conn)
            expired = store.query("SELECT subject FROM audit WHERE action = 'otp.expired'")
        finally:
            store.close()
        assert floor > time.time() - HOUR  # raised by the refusals, not set back with the clock
        assert [r["subject"] for r in expired] == [code, code]
