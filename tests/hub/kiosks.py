"""A kiosk of our own against the hub: its real ``kiosk sync --once`` and its real services."""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest import mock

from kiosk.cli import main as kiosk_main
from kiosk.config_loader import load_settings
from kiosk.services.core import Services, open_services
from kiosk.store.outbox import enqueue

STAFF = "staff:cb-0142"


@dataclass
class Kiosk:
    kiosk_id: str
    token: str
    data_dir: Path
    url: str = ""
    phone: str = "0912345821"  # the citizens' phone in this test's releases

    def env(self) -> dict[str, str]:
        return {
            "KIOSK_CENTRAL_URL": self.url,
            "KIOSK_ID": self.kiosk_id,
            "KIOSK_TOKEN": self.token,
            "KIOSK_DATA_DIR": str(self.data_dir),
        }

    def sync(self, url: str | None = None) -> tuple[int, str]:
        """``kiosk sync --once``: its exit status and what it printed."""
        if url is not None:
            self.url = url
        out = io.StringIO()
        with mock.patch.dict(os.environ, self.env()), contextlib.redirect_stdout(out):
            os.environ.pop("KIOSK_CONFIG", None)
            status = kiosk_main(["sync", "--once"])
        return status, out.getvalue()

    @contextlib.contextmanager
    def services(self) -> Iterator[Services]:
        opened = open_services(load_settings(None, env=self.env()))
        try:
            yield opened
        finally:
            opened.close()

    def load(self, release_id: str) -> str:
        """Staff put the result in a compartment; its label."""
        with self.services() as s:
            grant = s.staff_doors.begin_load(release_id, STAFF)
            s.doors.opened(grant.intent_id)
            s.doors.closed(grant.compartment, True)
            return grant.compartment

    def pick_up(self, otp: str) -> str:
        """A citizen types the code and takes the papers; the compartment's label."""
        with self.services() as s:
            grant = s.citizen_doors.begin_pickup(otp)
            s.doors.opened(grant.intent_id)
            s.doors.closed(grant.compartment, False)
            return grant.compartment

    def report(self, type: str, **fields: Any) -> str:
        """An event the kiosk raises by other paths, queued in its outbox as they are."""
        with self.services() as s, s.ctx.store.transaction() as conn:
            return enqueue(conn, type=type, occurred_at=s.ctx.clock.iso(), **fields)

    def release_row(self, release_id: str) -> dict[str, Any] | None:
        with self.services() as s:
            row = s.ctx.store.one("SELECT * FROM releases WHERE release_id = ?", (release_id,))
            return None if row is None else dict(row)
