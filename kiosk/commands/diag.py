"""``kiosk diag``: talk to one device directly, for technicians (work in progress)."""

from __future__ import annotations

import argparse
import sys


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("diag", help="talk to one device directly (technicians)")
    parser.set_defaults(func=_not_ready)


def _not_ready(args: argparse.Namespace) -> int:
    print("kiosk diag: not implemented yet", file=sys.stderr)
    return 1
