"""The ``kiosk`` console command."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from kiosk import __version__
from kiosk.errors import EnvironmentProblem, KioskError, UsageError
from kiosk.logs import configure_logging

log = logging.getLogger(__name__)


def build_parser() -> argparse.ArgumentParser:
    # Imported here so that a command module's import cost is paid only when parsing.
    from kiosk.commands import (
        audit,
        central_sim,
        commission,
        demo,
        diag,
        doctor,
        migrate,
        run,
        screenshots,
        status,
        sync,
    )

    parser = argparse.ArgumentParser(
        prog="kiosk",
        description="ATM hồ sơ 24/7: kiosk controller for a ward's 24/7 dossier locker.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--config",
        metavar="FILE",
        help="configuration file (TOML) that overrides the defaults; also KIOSK_CONFIG",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug lines")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    modules = (status, audit, diag, doctor, commission, migrate, sync, central_sim, run, demo)
    for module in (*modules, screenshots):
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    configure_logging(args.verbose)
    try:
        code: int = args.func(args)
    except UsageError as exc:
        # Configuration and usage mistakes: the message says what to fix; no traceback.
        print(f"kiosk: {exc}", file=sys.stderr)
        return 2
    except EnvironmentProblem as exc:
        print(f"kiosk: {exc}", file=sys.stderr)
        return 1
    except KioskError as exc:
        log.exception("unexpected error")
        print(f"kiosk: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
