"""``kiosk sync [--once]``: the sync agent as its own process.

Without ``--once`` it loops at the server's poll interval until SIGTERM or Ctrl-C; under systemd
(``Type=notify``) it reports ready after its first cycle, shows each cycle's outcome in
``systemctl status`` and pings the watchdog from the loop's own waits. With ``--once`` it runs one
full cycle, prints each step, and exits 0 only if every step succeeded. ``central.url = "sim:"``
runs the bundled simulator in-process for the duration.

Exit status 3: the database is damaged; restarting cannot help (the unit does not), a
technician must (docs/deployment.md).
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading

from kiosk.commands.common import settings_from
from kiosk.errors import DatabaseDamaged

EXIT_DATABASE_DAMAGED = 3


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("sync", help="sync with the central system (a loop, or --once)")
    p.add_argument(
        "--once",
        action="store_true",
        help="one full cycle (releases, events, staff, heartbeat); exit 0 only if all succeeded",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kiosk.commands.central import central_url
    from kiosk.logs import log_service
    from kiosk.sd_notify import ServiceNotifier, WatchdogPinger
    from kiosk.services.core import open_checked_store, open_services
    from sync.agent import CycleReport, SyncAgent

    settings = settings_from(args)
    if not args.once:
        log_service(settings, "sync")
    notifier = ServiceNotifier()
    try:
        store = open_checked_store(settings)
    except DatabaseDamaged as exc:
        print(f"kiosk: {exc}", file=sys.stderr)
        return EXIT_DATABASE_DAMAGED
    services = open_services(settings, store=store)
    ctx = services.ctx
    try:
        with central_url(settings) as url:
            agent = SyncAgent(ctx.store, settings, ctx.clock, ctx.hasher, base_url=url)
            if args.once:
                report = agent.run_once()
                for step, result in report.steps.items():
                    print(f"{step:<10} {'ok' if result.ok else 'FAILED'}  {result.detail}")
                return 0 if report.ok else 1

            def tell_systemd(report: CycleReport) -> None:
                state = "in sync" if report.ok else f"offline: {report.first_error}"
                status = f"{state} (cycle at {ctx.clock.now():%H:%M:%S})"
                if first_cycle.is_set():
                    notifier.status(status)
                else:
                    first_cycle.set()
                    notifier.ready(status)

            first_cycle = threading.Event()
            stop = threading.Event()
            signal.signal(signal.SIGTERM, lambda *_: stop.set())
            try:
                agent.run_forever(stop, on_cycle=tell_systemd, alive=WatchdogPinger(notifier).alive)
            except KeyboardInterrupt:
                stop.set()
            notifier.stopping("stopped")
            return 0
    finally:
        notifier.close()
        services.close()
