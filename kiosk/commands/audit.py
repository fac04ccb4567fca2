"""``kiosk audit verify``: check the audit log's hash chain from its checkpoint to its head, and
both ends against the anchor signed with the device key (kiosk/store/audit.py). Exit 1, naming
what it found, when rows were altered, reordered, deleted (in the middle or at the end), added
outside the kiosk, or the chain recomputed."""

from __future__ import annotations

import argparse

from kiosk.commands.common import settings_from


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("audit", help="audit log tools")
    sub = p.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    v = sub.add_parser("verify", help="check the hash chain and its anchor; name what is wrong")
    v.set_defaults(func=verify)


def verify(args: argparse.Namespace) -> int:
    from kiosk.services.core import open_store
    from kiosk.store import audit

    store = open_store(settings_from(args))
    try:
        report = audit.verify(store.conn, store.device_key)
    finally:
        store.close()
    print(report.text())
    return 0 if report.ok else 1
