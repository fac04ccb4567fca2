"""``kiosk central-sim``: the bundled central simulator as a server, for demos and testing.

The simulator is the hub (hub/sim): the hub's own application on a store of its own, seeded
with the demo's data, behind the fault switches.

It prints its URL and the demo's OTPs and staff PINs to this console (and nowhere else), then
serves until Ctrl-C or SIGTERM. It binds loopback addresses only. Point a kiosk at it with
``KIOSK_CENTRAL_URL``.
"""

from __future__ import annotations

import argparse
import ipaddress
import signal
import sys
import threading


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser(
        "central-sim", help="run the bundled central simulator (prints the demo OTPs and PINs)"
    )
    p.add_argument(
        "--host",
        default="127.0.0.1",
        help="loopback address to bind (default 127.0.0.1; no other address is accepted)",
    )
    p.add_argument("--port", type=int, default=8765, help="port (0: any free port; default 8765)")
    # Defaults (None) come from hub/sim/seed.py, read only when the command runs.
    p.add_argument("--kiosk-id", help="kiosk to serve (default demo-kiosk-01)")
    p.add_argument("--token", help="that kiosk's bearer token (default demo-token)")
    p.add_argument("--no-seed", action="store_true", help="start empty (the kiosk only)")
    p.add_argument(
        "--pin-iterations",
        type=int,
        help="PBKDF2 iterations of the seeded PIN hashes (default 600000)",
    )
    p.set_defaults(func=run)


def loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def run(args: argparse.Namespace) -> int:
    # Its admin endpoint releases results under any OTP its caller chooses: on a reachable
    # address anyone on the network could hand themselves a code that opens a door.
    if not loopback(args.host):
        print(
            f"kiosk central-sim: --host {args.host!r} is not a loopback address; the simulator"
            " lets its caller choose OTPs, so it only listens on 127.0.0.1, ::1 or localhost",
            file=sys.stderr,
        )
        return 2
    from hub.crypto import PIN_ITERATIONS
    from hub.sim import start_central_sim
    from hub.sim.seed import DEMO_KIOSK_ID, DEMO_TOKEN

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    kiosk_id = args.kiosk_id or DEMO_KIOSK_ID
    server = start_central_sim(
        args.host,
        args.port,
        seed=not args.no_seed,
        kiosk_id=kiosk_id,
        token=args.token or DEMO_TOKEN,
        pin_iterations=args.pin_iterations or PIN_ITERATIONS,
    )
    print(f"central simulator at {server.url}  (KIOSK_CENTRAL_URL={server.url})", flush=True)
    if not args.no_seed:
        print(server.sim.seed_sheet(kiosk_id), flush=True)
    try:
        stop.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0
