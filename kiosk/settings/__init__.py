"""The kiosk's typed configuration: every key declared once, with its default, unit and meaning.

``config/default.toml`` holds the defaults that run the demo with no file from the user; a user's
file (``--config FILE`` or ``KIOSK_CONFIG``) overrides them key by key, and a few environment
variables override both (``kiosk.config_loader.ENV_OVERRIDES``). ``docs/config.md`` is generated
from these models (``python -m kiosk.config_reference``) and a test keeps it complete.

The sections live in the modules beside this one (``central``, ``policies``, ``screens``,
``locker``); the names other modules use are re-exported here."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator

from drivers.config import DevicesConfig
from kiosk.settings.central import (
    CENTRAL_URL_HINT,
    SIM_URL,
    CentralConfig,
    KioskIdentity,
    central_url_problem,
)
from kiosk.settings.locker import CompartmentConfig, LockerConfig
from kiosk.settings.policies import OtpPolicy, RetentionPolicy, StaffPolicy
from kiosk.settings.screens import Timeouts, VoiceConfig
from kiosk.settings.section import Section

__all__ = [
    "CENTRAL_URL_HINT",
    "SIM_URL",
    "CentralConfig",
    "CompartmentConfig",
    "KioskIdentity",
    "LockerConfig",
    "OtpPolicy",
    "RetentionPolicy",
    "Settings",
    "StaffPolicy",
    "Timeouts",
    "VoiceConfig",
    "central_url_problem",
]


class Settings(Section):
    """The whole configuration."""

    language: Literal["vi", "en"] = Field("vi", description="Language a session starts in.")
    data_dir: str = Field(
        "",
        description=(
            "Where the database, device key and logs live. Empty: `$XDG_DATA_HOME/atm-ho-so`"
            " (usually `~/.local/share/atm-ho-so`)."
        ),
    )
    kiosk: KioskIdentity = KioskIdentity()
    central: CentralConfig = CentralConfig()
    otp: OtpPolicy = OtpPolicy()
    staff: StaffPolicy = StaffPolicy()
    retention: RetentionPolicy = RetentionPolicy()
    timeouts: Timeouts = Timeouts()
    voice: VoiceConfig = VoiceConfig()
    locker: LockerConfig = LockerConfig()
    devices: DevicesConfig = DevicesConfig()

    @model_validator(mode="after")
    def _doors_on_their_boards(self) -> Settings:
        # Each door must be a lock its board has: caught here, not as a traceback at the door.
        bus = self.devices.lock_bus
        from drivers.locks import protocols

        protocol = protocols.get(bus.protocol)
        for c in self.locker.compartments:
            if c.board not in protocol.addresses:
                raise ValueError(
                    f"compartment {c.label}: board {c.board} is not a {protocol.title} address"
                    f" ({protocol.addresses.start}..{protocol.addresses.stop - 1})"
                )
            if c.lock > bus.channels(c.board):
                raise ValueError(
                    f"compartment {c.label}: board {c.board} has locks 1..{bus.channels(c.board)}"
                    f", not {c.lock} (set channels in [[devices.lock_bus.boards]])"
                )
        return self

    @model_validator(mode="after")
    def _alert_output_drives_no_door(self) -> Settings:
        alert = self.devices.lock_bus.alert_output
        if alert is not None:
            for c in self.locker.compartments:
                if (c.board, c.lock) == (alert.board, alert.lock):
                    raise ValueError(
                        f"devices.lock_bus.alert_output (board {alert.board} lock {alert.lock})"
                        f" is compartment {c.label}'s lock: wire the siren to a free output"
                    )
        return self

    def data_path(self) -> Path:
        from kiosk.paths import resolve_data_dir

        return resolve_data_dir(self.data_dir)
