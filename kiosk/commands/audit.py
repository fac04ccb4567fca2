"""``kiosk audit verify``: check the audit log's hash chain."""

from __future__ import annotations

import argparse

from kiosk.commands.common import settings_from


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("audit", help="audit log tools")
    sub = p.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    v = sub.add_parser("verify", help="check the hash chain; name the first bad row")
    v.set_defaults(func=verify)


def verify(args: argparse.Namespace) -> int:
    from kiosk.services.core import open_store
    from kiosk.store import audit

    store = open_store(settings_from(args))
    try:
        report = audit.verify(store.conn)
    finally:
        store.close()
    if report.ok:
        print(f"audit log ok: {report.rows} rows, chain intact")
        return 0
    print(f"audit log BROKEN at row {report.first_bad_seq}: {report.reason}")
    return 1
