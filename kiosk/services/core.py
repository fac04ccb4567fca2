"""Building the services from the settings: the one place that wires store, clock and key."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.clock import Clock
from kiosk.errors import DatabaseDamaged
from kiosk.paths import DATABASE_NAME
from kiosk.services.citizen_doors import CitizenDoors
from kiosk.services.context import ServiceContext
from kiosk.services.doors import DoorJournal
from kiosk.services.layout import sync_layout
from kiosk.services.otp_key import OtpHasher, load_or_create_device_key
from kiosk.services.staff_doors import StaffDoors
from kiosk.settings import Settings
from kiosk.store import Store, kv


@dataclass(frozen=True)
class Services:
    ctx: ServiceContext
    doors: DoorJournal
    citizen_doors: CitizenDoors
    staff_doors: StaffDoors

    def close(self) -> None:
        self.ctx.store.close()


def open_store(settings: Settings) -> Store:
    return Store(settings.data_path() / DATABASE_NAME)


def open_checked_store(settings: Settings) -> Store:
    """The store, after SQLite's quick check: what a service opens once when it starts (after a
    power cut as after a clean stop). Raises ``DatabaseDamaged``."""
    store = open_store(settings)
    try:
        store.check_after_start()
    except DatabaseDamaged:
        store.close()
        raise
    return store


def open_services(
    settings: Settings, clock: Clock | None = None, store: Store | None = None
) -> Services:
    """Open (and migrate) the store, load the device key, apply the configured layout.

    One ``Services`` per thread: SQLite connections are not shared between threads.
    """
    store = store or open_store(settings)
    if clock is None:
        clock = Clock(floor=kv.clock_floor(store.conn))
    hasher = OtpHasher(load_or_create_device_key(settings.data_path()))
    ctx = ServiceContext(store, clock, settings, hasher)
    doors = DoorJournal(ctx)
    sync_layout(ctx, list(settings.locker.compartments))
    return Services(ctx, doors, CitizenDoors(ctx, doors), StaffDoors(ctx, doors))
