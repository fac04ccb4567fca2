"""``kiosk status [--json]``: the kiosk's state for a technician, locally or over SSH."""

from __future__ import annotations

import argparse
import json
from typing import Any

from kiosk.commands.common import settings_from
from kiosk.store.sync_failure import SyncFailure


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("status", help="show releases, compartments, sync and alarms")
    p.add_argument("--json", action="store_true", help="one JSON object")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kiosk.services.core import open_services
    from kiosk.services.status import snapshot

    services = open_services(settings_from(args))
    try:
        report = snapshot(services.ctx.store, services.ctx.clock)
    finally:
        services.close()
    print(json.dumps(report, ensure_ascii=False, indent=2) if args.json else _text(report))
    return 0


def _text(r: dict[str, Any]) -> str:
    c, s = r["compartments"], r["sync"]
    online = "online" if s["online"] else "OFFLINE"
    lines = [
        f"schema version   {r['schema_version']}",
        f"active releases  {r['releases']['active']}",
        f"compartments     {c['free']} free, {c['occupied']} occupied,"
        f" {c['out_of_service']} out of service",
        f"sync             {online}, last success {s['last_success_at'] or 'never'},"
        f" {s['outbox_pending']} events waiting",
    ]
    if s["last_failure"]:
        lines.append(f"last sync error  {SyncFailure.from_mapping(s['last_failure']).text()}")
    devices = r.get("devices") or {}
    for name, d in devices.items():
        reason = f" ({d['reason']})" if d.get("reason") else ""
        lines.append(f"{name:<17}{d['state']}{reason}")
    if not devices:
        lines.append("devices          not reported yet (is `kiosk run` running?)")
    lines.append(f"alarms           {len(r['alarms']) or 'none'}")
    lines += [f"  - {a['kind']} {a['subject']} since {a['raised_at']}" for a in r["alarms"]]
    lines += _set_aside_lines(r["set_aside"])
    return "\n".join(lines)


SET_ASIDE_SHOWN = 10


def _set_aside_lines(items: list[dict[str, Any]]) -> list[str]:
    """One line per item the central system sent that the kiosk set aside (the copy kept is in
    ``--json``)."""
    if not items:
        return []
    lines = [f"set aside        {len(items)} feed item(s) the kiosk could not accept"]
    for i in items[:SET_ASIDE_SHOWN]:
        name = i["key"] or "(no release_id)"
        version = f" v{i['version']}" if i["version"] is not None else ""
        seen = f", seen {i['times_seen']} times" if i["times_seen"] > 1 else ""
        lines.append(
            f"  - {i['feed']} {name}{version}: {i['error']} (since {i['first_seen_at']}{seen})"
        )
    if len(items) > SET_ASIDE_SHOWN:
        lines.append(f"  … and {len(items) - SET_ASIDE_SHOWN} more (kiosk status --json)")
    return lines
