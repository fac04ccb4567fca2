"""Doctor's configuration check: a token other users can read (FAIL), demo values left in
place on a kiosk with real devices.

A configuration that does not load never gets here: the CLI says what is wrong and exits 2.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from drivers.config import SIM_PREFIX, DevicesConfig
from kiosk.config_loader import CONFIG_ENV, ENV_OVERRIDES, LooseSecret
from kiosk.doctor.findings import Finding, fail, ok, warn
from kiosk.settings import CentralConfig, KioskIdentity, Settings

CONFIG = "config"


def describe_source(path: str | None, env: Mapping[str, str]) -> str:
    """Where the settings came from, naming environment overrides but never their values."""
    source = path or env.get(CONFIG_ENV) or "built-in defaults"
    overrides = [var for var in ENV_OVERRIDES if var in env]
    return f"{source} + {', '.join(overrides)}" if overrides else source


def simulated_devices(devices: DevicesConfig) -> list[str]:
    found = []
    if devices.lock_bus.port.startswith(SIM_PREFIX):
        found.append("lock bus")
    if devices.printer.transport == "serial" and devices.printer.port.startswith(SIM_PREFIX):
        found.append("printer")
    if devices.scanner.kind == "serial" and devices.scanner.port.startswith(SIM_PREFIX):
        found.append("scanner")
    return found


def has_real_devices(devices: DevicesConfig) -> bool:
    """A kiosk in service: at least one device is not a simulator (a scanner of kind none is
    neither)."""
    fitted = 2 + (devices.scanner.kind != "none")
    return len(simulated_devices(devices)) < fitted


def check_config(settings: Settings, source: str, secrets: Sequence[LooseSecret] = ()) -> Finding:
    if secrets:
        # Before anything else, demo set-up or not: the token may already have been read.
        return fail(
            CONFIG,
            f"{source}: " + "; ".join(p.found for p in secrets),
            "; ".join(p.fix for p in secrets),
        )
    if not has_real_devices(settings.devices):
        return ok(CONFIG, f"{source}: demo set-up, every device is a simulator")
    problems: list[str] = []
    if settings.kiosk.id == KioskIdentity.model_fields["id"].default:
        problems.append(f"kiosk.id is still the demo's {settings.kiosk.id!r}")
    if settings.central.token == CentralConfig.model_fields["token"].default:
        problems.append("central.token is still the demo's token")
    notes: list[str] = []
    fixes: list[str] = []
    if problems:
        fixes.append(
            "set kiosk.id and central.token (or KIOSK_ID and KIOSK_TOKEN) to what the provincial"
            " system issued for this kiosk"
        )
    if settings.kiosk.ward == KioskIdentity.model_fields["ward"].default:
        notes.append("kiosk.ward is still the demo's (it is printed on receipts)")
        fixes.append("set kiosk.ward, kiosk.hotline and the office hours to this ward's")
    simulated = simulated_devices(settings.devices)
    if simulated:
        notes.append(f"simulated on a kiosk with real devices: {', '.join(simulated)}")
        fixes.append("set each simulated device's port to the real device ([devices.*] port)")
    found = f"{source}: " + "; ".join(problems + notes)
    if problems:
        return fail(CONFIG, found, "; ".join(fixes))
    if notes:
        return warn(CONFIG, found, "; ".join(fixes))
    return ok(CONFIG, f"{source}: kiosk {settings.kiosk.id}")
