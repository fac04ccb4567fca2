"""The kiosk's local store: one SQLite file in WAL mode, the only shared state.

The UI, the sync agent and the CLI each open their own connection (SQLite connections belong to
one thread); every change goes through ``Store.transaction()``.
"""

from kiosk.store.db import Store

__all__ = ["Store"]
