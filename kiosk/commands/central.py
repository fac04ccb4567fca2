"""Where a command's kiosk connects: the configured central system, or the bundled simulator.

``central.url = "sim:"`` means "the central simulator, here" (hub/sim: the hub on a store of
its own, seeded for the demo). The commands resolve it, start the simulator for this kiosk's
id and token, and hand the runtime and the sync agent a real URL: neither imports the hub.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from kiosk.settings import SIM_URL, Settings

log = logging.getLogger(__name__)


def resolve(settings: Settings, *, port: int = 0) -> tuple[Settings, Callable[[], None] | None]:
    """``settings`` with a real central URL, and how to stop the simulator started for
    ``sim:`` (None when the configured central system is used).

    The simulator is made for this kiosk's id and token and prints nothing (its OTPs and PINs
    are on ``kiosk central-sim``'s console, or ``server.sim.seed_sheet()``)."""
    if settings.central.url != SIM_URL:
        return settings, None
    from hub.sim import start_central_sim

    server = start_central_sim(port=port, kiosk_id=settings.kiosk.id, token=settings.central.token)
    log.info("central.url is sim:: using the bundled central simulator at %s", server.url)
    central = settings.central.model_copy(update={"url": server.url})
    return settings.model_copy(update={"central": central}), server.stop


@contextmanager
def central_url(settings: Settings, *, port: int = 0) -> Iterator[str]:
    """The base URL to use; with ``sim:`` a seeded simulator runs meanwhile, stopped on exit."""
    resolved, stop = resolve(settings, port=port)
    try:
        yield resolved.central.url
    finally:
        if stop is not None:
            stop()
