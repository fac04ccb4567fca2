"""Where the agent connects: the configured central system, or the bundled simulator (``sim:``)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from kiosk.settings import SIM_URL, Settings

log = logging.getLogger(__name__)


@contextmanager
def central_url(settings: Settings, *, port: int = 0) -> Iterator[str]:
    """The base URL to use; with ``central.url = "sim:"`` a seeded simulator runs meanwhile.

    The simulator is made for this kiosk's id and token, prints nothing (its OTPs and PINs are
    on ``kiosk central-sim``'s console, or ``server.sim.seed_sheet()``), and stops on exit.
    """
    if settings.central.url != SIM_URL:
        yield settings.central.url
        return
    from sync.central_sim import start_central_sim

    server = start_central_sim(port=port, kiosk_id=settings.kiosk.id, token=settings.central.token)
    log.info("central.url is sim:: using the bundled central simulator at %s", server.url)
    try:
        yield server.url
    finally:
        server.stop()
