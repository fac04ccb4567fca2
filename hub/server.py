"""``atm-hub serve``: the application under waitress, with the SMS sender and housekeeping.

Any number of these processes may serve one PostgreSQL database behind a reverse proxy: they
keep nothing between requests (heartbeats wait at most a quarter second, hub/beats.py), and the
background work (sending SMS, expiring releases, forgetting old idempotency keys, writing
heartbeats) is safe to run in each (rows are leased or updated conditionally).
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from sqlalchemy import delete
from waitress.server import create_server

from hub import releases
from hub.app import create_app
from hub.beats import FLUSH_S
from hub.context import Hub
from hub.schema import idempotency_keys
from hub.sms import SmsWorker
from hub.sms_send import Sender

log = logging.getLogger(__name__)
HOUSEKEEPING_S = 30.0
FORWARDED = {"x-forwarded-proto", "x-forwarded-for"}  # what deploy/hub/nginx-atm-hub.conf sets
KEEP_KEYS_S = 7 * 86_400


def housekeeping(hub: Hub) -> None:
    with hub.engine.begin() as conn:
        expired = releases.expire_due(conn, hub)
        conn.execute(
            delete(idempotency_keys).where(idempotency_keys.c.created_ts < hub.now() - KEEP_KEYS_S)
        )
    if expired:
        log.info("%d release(s) expired; their codes are deleted", expired)


def _every(stop: threading.Event, seconds: float, work: object, name: str) -> threading.Thread:
    assert callable(work)

    def loop() -> None:
        while not stop.wait(seconds):
            try:
                work()
            except Exception:
                log.exception("%s failed; trying again in %.0f s", name, seconds)

    thread = threading.Thread(target=loop, name=name, daemon=True)
    thread.start()
    return thread


class HubServer:
    """A hub ready to serve: ``url`` once bound; ``run()`` serves until SIGTERM or Ctrl-C."""

    def __init__(
        self,
        hub: Hub,
        sender: Sender,
        host: str,
        port: int,
        threads: int = 8,
        trusted_proxy: str | None = None,
    ) -> None:
        self.hub = hub
        self.stop_event = threading.Event()
        self.worker = SmsWorker(hub, sender)
        # Forwarded headers count only from the proxy named (ATM_HUB_TRUSTED_PROXY): from
        # anyone else they are dropped, so no client can claim HTTPS or another address.
        proxy: dict[str, Any] = (
            {"trusted_proxy": trusted_proxy, "trusted_proxy_headers": FORWARDED}
            if trusted_proxy
            else {}
        )
        self._server = create_server(
            create_app(hub),
            host=host,
            port=port,
            threads=threads,
            ident="atm-hub",
            clear_untrusted_proxy_headers=True,
            **proxy,
        )
        self.host = host
        self.port = int(self._server.effective_port)  # type: ignore[union-attr]

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def run(self) -> None:
        stop = self.stop_event
        threading.Thread(target=self.worker.run, args=(stop,), name="sms", daemon=True).start()
        _every(stop, HOUSEKEEPING_S, lambda: housekeeping(self.hub), "housekeeping")
        _every(stop, FLUSH_S, lambda: self.hub.beats.flush(self.hub.engine), "heartbeats")
        try:
            self._server.run()
        except (KeyboardInterrupt, SystemExit):
            pass
        finally:
            stop.set()
            self.hub.sms_wake.set()
            self._server.close()
            self.hub.beats.flush(self.hub.engine)
