"""The central simulator: the hub (hub/) on a store of its own, seeded for the demo, with faults.

The server side of Kiosk Sync API v1 is written once, in the hub; the simulator serves the
hub's application behind a fault layer (app.py) and drives it through the hub's services
(simulator.py). Build with ``start_central_sim()``; drive with the ``CentralSimulator`` it
serves (``.sim``) or its admin HTTP endpoints (docs/sync.md).
"""

from hub.sim.faults import Endpoint, Fault, FaultKind
from hub.sim.server import CentralSimServer, start_central_sim
from hub.sim.simulator import CentralSimulator, Released, RequestRecord

__all__ = [
    "CentralSimServer",
    "CentralSimulator",
    "Endpoint",
    "Fault",
    "FaultKind",
    "Released",
    "RequestRecord",
    "start_central_sim",
]
