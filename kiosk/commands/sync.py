"""``kiosk sync [--once]``: the sync agent as its own process.

Without ``--once`` it loops at the server's poll interval until SIGTERM or Ctrl-C. With
``--once`` it runs one full cycle, prints each step, and exits 0 only if every step succeeded.
``central.url = "sim:"`` runs the bundled simulator in-process for the duration.
"""

from __future__ import annotations

import argparse
import signal
import threading

from kiosk.commands.common import settings_from


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("sync", help="sync with the central system (a loop, or --once)")
    p.add_argument(
        "--once",
        action="store_true",
        help="one full cycle (releases, events, staff, heartbeat); exit 0 only if all succeeded",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kiosk.services.core import open_services
    from sync.agent import SyncAgent
    from sync.runtime import central_url

    settings = settings_from(args)
    services = open_services(settings)
    ctx = services.ctx
    try:
        with central_url(settings) as url:
            agent = SyncAgent(ctx.store, settings, ctx.clock, ctx.hasher, base_url=url)
            if args.once:
                report = agent.run_once()
                for step, result in report.steps.items():
                    print(f"{step:<10} {'ok' if result.ok else 'FAILED'}  {result.detail}")
                return 0 if report.ok else 1
            stop = threading.Event()
            signal.signal(signal.SIGTERM, lambda *_: stop.set())
            try:
                agent.run_forever(stop)
            except KeyboardInterrupt:
                stop.set()
            return 0
    finally:
        services.close()
