"""``kiosk diag report`` and ``kiosk diag export DIR``: the technician's diagnostics, remotely.

What the diagnostics screens show, from the store (it works while the kiosk runs: SQLite in WAL
mode lets this read beside it): door jam and forced-open counts, the printer's paper history,
the sync state with the events the central system rejected, open alarms, the devices' last
health, and the audit log's check. ``export`` writes logs, configuration (without secrets) and
the audit log into a new folder, as the screen's export does. Exit 1 when the audit chain is
broken.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from kiosk.commands.common import settings_from
from kiosk.store.sync_failure import SyncFailure


def register(devices: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``report`` and ``export`` beside the devices of ``kiosk diag``."""
    report = devices.add_parser(
        "report", help="door faults, paper history, sync, rejected events, alarms, audit check"
    )
    report.add_argument("--json", action="store_true", help="one JSON object")
    report.set_defaults(func=run_report)
    export = devices.add_parser(
        "export", help="write logs, configuration without secrets and the audit log to DIR"
    )
    export.add_argument("dir", type=Path, metavar="DIR", help="where (a USB stick, say)")
    export.set_defaults(func=run_export)


def run_report(args: argparse.Namespace) -> int:
    from kiosk.services import diagnostics
    from kiosk.services.core import open_services
    from kiosk.services.status import snapshot

    settings = settings_from(args)
    services = open_services(settings)
    try:
        verify = diagnostics.verify_audit(settings)
        report: dict[str, Any] = {
            "doors": {k: asdict(v) for k, v in sorted(diagnostics.door_counts(services).items())},
            "paper_history": [
                {"at": c.at, "paper": c.paper.value} for c in diagnostics.paper_history(services)
            ],
            "sync": asdict(diagnostics.sync_state(services)),
            "alarms": [asdict(a) for a in diagnostics.open_alarms(services)],
            "devices": snapshot(services.ctx.store, services.ctx.clock)["devices"],
            "audit": {
                "ok": verify.ok,
                "rows": verify.rows,
                "text": diagnostics.verify_text(verify),
            },
        }
    finally:
        services.close()
    print(json.dumps(report, ensure_ascii=False, indent=2) if args.json else _text(report))
    return 0 if verify.ok else 1


def run_export(args: argparse.Namespace) -> int:
    from kiosk.services import diagnostics
    from kiosk.services.core import open_services

    settings = settings_from(args)
    services = open_services(settings)
    try:
        data = diagnostics.gather_export(services)
    finally:
        services.close()
    result = diagnostics.write_export(data, args.dir, diagnostics.log_dir(settings), [])
    print(f"{len(result.files)} files in {result.folder}")
    return 0 if result.verify.ok else 1


def _text(r: dict[str, Any]) -> str:
    s = r["sync"]
    lines = [
        f"audit            {r['audit']['text']}",
        f"sync             {'online' if s['online'] else 'OFFLINE'},"
        f" last success {s['last_success_at'] or 'never'}",
        "last sync error  "
        + (SyncFailure.from_mapping(s["last_failure"]).text() if s["last_failure"] else "-"),
        f"outbox           {s['outbox_pending']} waiting, oldest {s['outbox_oldest_at'] or '-'}",
        f"rejected events  {len(s['rejected'])}",
        *(f"  - {e['type']} {e['occurred_at']}: {e['reason']}" for e in s["rejected"]),
        f"alarms           {len(r['alarms']) or 'none'}",
        *(f"  - {a['kind']} {a['subject']} since {a['raised_at']}" for a in r["alarms"]),
        "door faults      " + (", ".join(
            f"{door} jammed {c['jams']} forced {c['forced']}" for door, c in r["doors"].items()
        ) or "none"),
        "paper history    " + (", ".join(
            f"{c['paper']} at {c['at']}" for c in r["paper_history"]
        ) or "none"),
    ]  # fmt: skip
    return "\n".join(lines)
