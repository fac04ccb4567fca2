"""The project's exceptions: one root, with environment problems told apart from bugs.

The root and ``EnvironmentProblem`` are defined in ``drivers.errors`` (drivers may not import
``kiosk``, and their ``DeviceError`` belongs to the same family) and re-exported here.
"""

from __future__ import annotations

from drivers.errors import DeviceError, EnvironmentProblem, KioskError

__all__ = [
    "ConfigError",
    "DatabaseDamaged",
    "DatabaseTooNew",
    "DeviceError",
    "EnvironmentProblem",
    "KioskError",
    "StorageFull",
    "UsageError",
]


class UsageError(KioskError):
    """The person at the keyboard asked for something wrong: a bad flag, a bad config file.

    The CLI prints the message (which names what to fix) and exits with code 2.
    """


class ConfigError(UsageError):
    """A configuration file is malformed or has a wrong value."""


class StorageFull(EnvironmentProblem):
    """The disk holding the database is full: nothing was written."""


class DatabaseDamaged(EnvironmentProblem):
    """SQLite's own check found the database file damaged (a failing SD card, a bad copy).

    The kiosk then serves nobody (a damaged file cannot be trusted to say which door holds
    what) and waits for a technician; ``kiosk doctor`` and docs/deployment.md say what to do.
    """

    def __init__(self, path: object, findings: list[str]) -> None:
        super().__init__(
            f"{path}: the database is damaged ({'; '.join(findings)}); the kiosk stays out of"
            " service: run `kiosk doctor` and see docs/deployment.md, 'A damaged database'"
        )
        self.findings = findings


class DatabaseTooNew(UsageError):
    """The database was migrated by a newer release than this one (a rollback without restoring
    the upgrade's backup). Opening it would rewrite its schema version under data this release
    does not understand: it is refused, untouched, and every command exits with code 2."""

    def __init__(self, path: object, found: int, known: int, unknown: list[str]) -> None:
        names = f" (migrations {', '.join(unknown)})" if unknown else ""
        super().__init__(
            f"{path}: the database has schema version {found}{names}, from a newer release;"
            f" this release knows schema version {known} and will not open it (nothing was"
            " changed). Install the newer release again, or restore the backup taken before the"
            " upgrade: docs/deployment.md, 'Rolling back'"
        )
        self.found = found
        self.known = known
