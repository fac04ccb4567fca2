"""Fixtures for the driver tests: simulators on real ptys and drivers with short timeouts."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from drivertest import BOARDS, Collector, lock_config, printer_config

from drivers.locks.bus import SerialLockBus
from drivers.locks.sim import LockBoardSimulator
from drivers.printer.driver import EscposPrinter
from drivers.printer.sim import PrinterSimulator


@pytest.fixture(params=["cu16", "8a80"])
def protocol(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def lock_sim(protocol: str) -> Iterator[LockBoardSimulator]:
    sim = LockBoardSimulator(protocol, BOARDS).start()  # type: ignore[arg-type]
    yield sim
    sim.close()


@pytest.fixture
def lock_bus(lock_sim: LockBoardSimulator, protocol: str) -> Iterator[SerialLockBus]:
    bus = SerialLockBus(lock_config(protocol), BOARDS, port=lock_sim.port)
    yield bus
    bus.close()


@pytest.fixture
def events() -> Collector:
    return Collector()


@pytest.fixture
def printer_sim() -> Iterator[PrinterSimulator]:
    sim = PrinterSimulator().start()
    yield sim
    sim.close()


@pytest.fixture
def printer(printer_sim: PrinterSimulator) -> Iterator[EscposPrinter]:
    # Code-page text, so the simulator's decoded lines show what was printed.
    driver = EscposPrinter(printer_config(text_mode="codepage"), port=printer_sim.port)
    yield driver
    driver.close()
