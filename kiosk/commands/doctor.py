"""``kiosk doctor [--json]``: check this machine for the kiosk and say what to fix."""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
from collections.abc import Iterator

#: The drivers and the sync client log what doctor already reports, line by line.
QUIETED_LOGGERS = ("drivers", "sync")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser(
        "doctor",
        help="check ports, printer, scanner, clock, disk, central system and database;"
        " say what to fix (exit 1 if anything FAILs)",
    )
    p.add_argument("--json", action="store_true", help="one JSON object")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kiosk.config_loader import load_settings, secret_file_report
    from kiosk.doctor import examine, exit_code, render_json, render_text
    from kiosk.doctor.configuration import describe_source

    path = getattr(args, "config", None)
    # A token file others can read is a FAIL here, not a refusal: doctor goes on to the rest.
    settings = load_settings(path, check_modes=False)
    source = describe_source(path, os.environ)
    with _quiet(enabled=not getattr(args, "verbose", False)):
        findings = examine(settings, config_source=source, secrets=secret_file_report(path))
    print(render_json(findings) if args.json else render_text(findings))
    return exit_code(findings)


@contextlib.contextmanager
def _quiet(*, enabled: bool) -> Iterator[None]:
    """Warnings only from the drivers and sync client while doctor runs (``-v`` shows all)."""
    loggers = [logging.getLogger(name) for name in QUIETED_LOGGERS]
    before = [logger.level for logger in loggers]
    if enabled:
        for logger in loggers:
            logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        for logger, level in zip(loggers, before, strict=True):
            logger.setLevel(level)
