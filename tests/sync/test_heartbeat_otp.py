"""The heartbeat tells the central system how often codes were guessed wrong here in the last
24 hours (``otp_failures_24h``), counted by the same throttle that holds the failures."""

from __future__ import annotations

from hub.sim import CentralSimServer
from hub.sim.seed import DEMO_KIOSK_ID
from kiosk.clock import FakeClock
from kiosk.config_loader import load_settings
from kiosk.services.otp_guard import OtpGuard
from kiosk.store import Store
from sync.agent import SyncAgent
from sync.heartbeat import send_heartbeat


def test_the_heartbeat_counts_the_wrong_codes_of_the_last_24_hours(
    agent: SyncAgent, server: CentralSimServer, store: Store, clock: FakeClock
) -> None:
    guard = OtpGuard(load_settings(None).otp)

    def wrong(times: int, dossier: str | None = None) -> None:
        for _ in range(times):
            clock.advance(60)
            now = clock.timestamp()
            with store.transaction() as conn:
                guard.record_failure(
                    conn,
                    now,
                    clock.iso(now),
                    typed=dossier is None,
                    dossiers=[dossier] if dossier else [],
                )

    wrong(4)
    clock.advance(86400)  # a day later these no longer count
    wrong(2)
    wrong(1, "000.00.07.H29-251123-0001")  # a QR's counts too
    send_heartbeat(store, agent.client, clock, uptime_s=1.0)
    (beat,) = server.sim.kiosk(DEMO_KIOSK_ID).heartbeats
    assert beat["otp_failures_24h"] == 3
