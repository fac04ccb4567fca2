"""Building every device from configuration; the defaults run on simulators."""

from __future__ import annotations

import json

import pytest
from drivertest import FAST_LOCKS, Collector, sample_receipt

from drivers.config import DevicesConfig, LockBusConfig, PrinterConfig, ScannerConfig
from drivers.errors import PortMissingError
from drivers.interfaces import DoorEventKind
from drivers.registry import build_devices, build_lock_bus


def fast_config() -> DevicesConfig:
    return DevicesConfig(
        lock_bus=LockBusConfig.model_validate(FAST_LOCKS),
        printer=PrinterConfig(status_timeout_ms=300, print_timeout_ms=500),
    )


def test_defaults_build_simulated_devices_that_work_together() -> None:
    with build_devices(fast_config(), boards=[0, 1]) as devices:
        sims = devices.simulators
        assert sims is not None and sims.locks and sims.printer and sims.scanner
        door_events, scans = Collector(), Collector()
        devices.locks.start_monitor(door_events)
        devices.scanner.start(scans)
        assert devices.locks.unlock(1, 12).opened
        door_events.wait_for(lambda e: (e.kind, e.board, e.lock) == (DoorEventKind.OPENED, 1, 12))
        sims.scanner.scan("HS-0001", aim="]Q1")
        scans.wait_for(lambda e: e.text == "HS-0001")
        assert devices.printer.status().ready
        devices.printer.print_receipt(sample_receipt())
        assert sims.printer.receipts[0].qr_codes == [sample_receipt().qr_data]
        health = devices.health()
    json.dumps(health)  # JSON-able
    assert health["simulated"] is True
    assert [b["state"] for b in health["locks"]["boards"]] == ["online", "online"]
    assert health["printer"]["status"]["ready"] is True
    assert health["printer"]["printed"] == 1
    assert health["scanner"]["reads"] == 1


def test_default_configuration_is_the_simulated_demo() -> None:
    config = DevicesConfig()
    assert (config.lock_bus.port, config.printer.port, config.scanner.port) == (
        "sim:cu16",
        "sim:escpos",
        "sim:scanner",
    )


def test_missing_lock_port_is_a_bus_offline_until_it_appears_for_the_kiosk_an_error_alone() -> None:
    config = DevicesConfig(
        lock_bus=LockBusConfig.model_validate({**FAST_LOCKS, "port": "/dev/no-rs485-here"}),
        scanner=ScannerConfig(port="/dev/no-scanner-here"),
    )
    with build_devices(config, boards=[0]) as devices:
        with pytest.raises(PortMissingError, match="/dev/no-rs485-here does not exist"):
            devices.locks.read_board(0)
        devices.scanner.start(Collector())  # waits for its port instead of failing
        scanner = devices.health()["scanner"]
        assert scanner["online"] is False
        assert "/dev/no-scanner-here does not exist" in scanner["last_error"]
    with pytest.raises(PortMissingError, match="/dev/no-rs485-here does not exist"):
        build_lock_bus(config.lock_bus, [0])  # doctor and diag: say so at once


def test_8a80_simulator_by_port_name_alone() -> None:
    config = DevicesConfig(
        lock_bus=LockBusConfig.model_validate({"port": "sim:8a80", **FAST_LOCKS})
    )
    with build_devices(config, boards=[3]) as devices:
        assert devices.locks.read_board(3).lock(1).item is None
        assert devices.health()["locks"]["protocol"] == "8a80"


@pytest.mark.parametrize(
    ("section", "values", "message"),
    [
        ("lock_bus", {"port": "sim:8a80", "protocol": "cu16"}, "make them match"),
        ("printer", {"profile": "NoSuchPrinter"}, "unknown printer profile"),
        ("printer", {"transport": "network"}, "needs host"),
        ("scanner", {"kind": "evdev"}, "needs evdev_device"),
        ("scanner", {"bogus": 1}, "Extra inputs are not permitted"),
    ],
)
def test_bad_configuration_names_the_fix(
    section: str, values: dict[str, object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        DevicesConfig.model_validate({section: values})


def test_every_field_is_documented() -> None:
    for model in (DevicesConfig, LockBusConfig, PrinterConfig):
        for name, info in model.model_fields.items():
            assert info.description, f"{model.__name__}.{name} has no description"
