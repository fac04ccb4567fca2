"""The real agent against the real simulator over loopback HTTP, with time under control.

The simulator's clock (its ``Date`` header, expiry times) is the test's ``FakeClock`` wall time,
so moving the clock moves both sides. Retry delays are a few milliseconds and PIN hashes use
1,000 PBKDF2 iterations, so the suite stays fast; ports are 0 and files live in ``tmp_path``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from hub.sim import CentralSimServer, CentralSimulator
from kiosk.clock import FakeClock
from kiosk.services.otp_key import OtpHasher
from kiosk.store import Store
from sync.agent import SyncAgent
from tests.sync.helpers import make_settings


@pytest.fixture
def clock() -> FakeClock:
    # Start at the real time, so the simulator's Date and ours agree until a test moves them.
    return FakeClock(start=float(int(time.time())))


@pytest.fixture
def sim(clock: FakeClock) -> CentralSimulator:
    return CentralSimulator(now=lambda: clock.wall_now, pin_iterations=1000)


@pytest.fixture
def server(sim: CentralSimulator) -> Iterator[CentralSimServer]:
    running = CentralSimServer(sim, "127.0.0.1", 0).start()
    yield running
    running.stop()


@pytest.fixture
def hasher() -> OtpHasher:
    return OtpHasher(b"test-device-key-32-bytes-long!!!")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store(tmp_path / "kiosk.sqlite3")
    yield opened
    opened.close()


AgentFactory = Callable[..., SyncAgent]


@pytest.fixture
def make_agent(
    server: CentralSimServer, store: Store, clock: FakeClock, hasher: OtpHasher, tmp_path: Path
) -> AgentFactory:
    """``make_agent(**central_overrides)``: an agent on this test's store and simulator."""

    def build(**central: Any) -> SyncAgent:
        return SyncAgent(store, make_settings(server.url, tmp_path, **central), clock, hasher)

    return build


@pytest.fixture
def agent(make_agent: AgentFactory) -> SyncAgent:
    return make_agent()
