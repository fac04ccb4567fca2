"""The release feed as the simulator serves it: the hub's, with raw items laid over it.

A raw item is put into the feed exactly as given, valid or not (a central system's bug, for the
kiosk's set-aside handling): it takes the hub's next change number, so the kiosk meets it in
order, and an object with a string ``release_id`` hides that release's item from the hub until
the release changes again.
"""

from __future__ import annotations

import threading
from typing import Any

from hub import releases
from hub.context import Hub


class Feed:
    def __init__(self, hub: Hub, lock: threading.RLock) -> None:
        self.hub = hub
        # The simulator's own lock: a raw item's change number is taken and the item stored
        # under it, so no page is read between the two (its cursor would pass the item by).
        self.lock = lock
        self._raw: dict[str, dict[str, tuple[int, Any]]] = {}  # kiosk -> key -> (change no., item)

    def add_kiosk(self, kiosk_id: str) -> None:
        self._raw.setdefault(kiosk_id, {})

    def publish_raw(self, kiosk_id: str, item: Any) -> None:
        """Put ``item`` into the feed exactly as given. An object with a string ``release_id``
        replaces that release's current item; anything else is a change of its own."""
        with self.lock:
            with self.hub.engine.begin() as conn:
                seq = releases.next_change(conn, kiosk_id)
            key = item.get("release_id") if isinstance(item, dict) else None
            if not isinstance(key, str):
                key = f"raw-{seq}"
            self._raw[kiosk_id][key] = (seq, item)

    def forget_raw(self, kiosk_id: str, release_id: str) -> None:
        """The release changes in the hub: its own new item is served from now on."""
        with self.lock:
            self._raw[kiosk_id].pop(release_id, None)

    def has_raw(self, kiosk_id: str) -> bool:
        with self.lock:
            return bool(self._raw[kiosk_id])

    def entries(
        self, conn: Any, kiosk_id: str, after: int, head: int, limit: int
    ) -> list[tuple[int, str, Any]]:
        """The feed after change ``after`` with the raw items in: (change no., key, item), at
        most ``limit`` + 1 (one more says there is more). The newest item of a key wins."""
        with self.lock:
            raw = [(seq, key, item) for key, (seq, item) in self._raw[kiosk_id].items()]
        raw = [entry for entry in raw if after < entry[0] <= head]
        rows = releases.feed_rows(conn, kiosk_id, after, head, limit + len(raw) + 1)
        newest: dict[str, tuple[int, str, Any]] = {}
        for seq, key, item in sorted(
            [(int(r.change_seq), r.release_id, releases.wire_item(self.hub, r)) for r in rows]
            + raw,
            key=lambda entry: entry[0],
        ):
            newest.pop(key, None)
            newest[key] = (seq, key, dict(item) if isinstance(item, dict) else item)
        return list(newest.values())[: limit + 1]

    def page(self, kiosk_id: str, after: int, head: int, limit: int) -> tuple[list[Any], int, bool]:
        """GET releases with the raw items in: (items, next cursor position, has_more)."""
        with self.hub.reader.connect() as conn:
            entries = self.entries(conn, kiosk_id, after, head, limit)
        has_more = len(entries) > limit
        page = entries[:limit]
        return [item for _, _, item in page], page[-1][0] if has_more else head, has_more
