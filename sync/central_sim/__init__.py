"""The bundled central simulator: Kiosk Sync API v1 from the server's side, faults included.

Build with ``start_central_sim()``; drive with the ``CentralSimulator`` it serves (``.sim``) or
its admin HTTP endpoints (docs/sync.md).
"""

from sync.central_sim.faults import Endpoint, Fault, FaultKind
from sync.central_sim.server import CentralSimServer, start_central_sim
from sync.central_sim.state import CentralSimulator, Released, RequestRecord

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
