"""Running the simulator: a werkzeug threaded server on a free loopback port, on its own thread.

werkzeug rather than waitress: the fault that drops a connection needs the socket, and the
``Date`` header follows the simulator's clock.
"""

from __future__ import annotations

import threading

from werkzeug.http import http_date
from werkzeug.serving import WSGIRequestHandler, make_server

from hub.crypto import PIN_ITERATIONS
from hub.sim.app import create_app
from hub.sim.phones import Phones
from hub.sim.seed import DEMO_KIOSK_ID, DEMO_TOKEN
from hub.sim.simulator import CentralSimulator
from hub.sms import SmsWorker


def _handler_for(sim: CentralSimulator) -> type[WSGIRequestHandler]:
    class Handler(WSGIRequestHandler):
        server_version = "central-sim"
        sys_version = ""

        # One line per request would drown the kiosk's own log; the simulator keeps a log.
        def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
            pass

        # The Date header follows the simulator's clock, so a test can move server time.
        def date_time_string(self, timestamp: float | None = None) -> str:
            return http_date(sim.now() if timestamp is None else timestamp)

    return Handler


class CentralSimServer:
    """A running simulator: ``url`` to point a kiosk at, ``sim`` to drive it, ``stop()``.

    With ``phones`` it also sends the SMS the hub queues (codes released, sent again,
    re-issued) to them, as the hub's worker does to a gateway (the demo shows them)."""

    def __init__(
        self, sim: CentralSimulator, host: str, port: int, phones: Phones | None = None
    ) -> None:
        self.sim = sim
        self.phones = phones
        self._sms_stop = threading.Event()
        self._sms = (
            threading.Thread(
                target=SmsWorker(sim.hub, phones, interval_s=0.5).run,
                args=(self._sms_stop,),
                name="central-sim-sms",
                daemon=True,
            )
            if phones is not None
            else None
        )
        self._server = make_server(
            host, port, create_app(sim), threaded=True, request_handler=_handler_for(sim)
        )
        self.host = host
        self.port = self._server.server_port
        # A short poll interval: stop() (shutdown) returns within it.
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.05,), name="central-sim", daemon=True
        )

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def start(self) -> CentralSimServer:
        self.sim.stopping.clear()
        self._thread.start()
        if self._sms is not None:
            self._sms.start()
        return self

    def stop(self) -> None:
        self.sim.stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()
        if self._sms is not None:
            self._sms_stop.set()
            self.sim.hub.sms_wake.set()
            self._sms.join()

    def __enter__(self) -> CentralSimServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def start_central_sim(
    host: str = "127.0.0.1",
    port: int = 0,
    seed: bool = True,
    *,
    sim: CentralSimulator | None = None,
    kiosk_id: str = DEMO_KIOSK_ID,
    token: str = DEMO_TOKEN,
    pin_iterations: int = PIN_ITERATIONS,
    phones: Phones | None = None,
) -> CentralSimServer:
    """Start a simulator (port 0: a free port) and return it running.

    With ``seed`` the demo data is made for ``kiosk_id`` with ``token``; without it the
    kiosk is only registered. Pass ``sim`` to serve a simulator built beforehand, ``phones``
    to have its SMS sent there.
    """
    if sim is None:
        sim = CentralSimulator(seed=False, pin_iterations=pin_iterations)
        if seed:
            sim.seed_demo(kiosk_id, token)
        else:
            sim.add_kiosk(kiosk_id, token)
    return CentralSimServer(sim, host, port, phones).start()
