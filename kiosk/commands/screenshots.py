"""``kiosk screenshots DIR``: every citizen screen and refusal, both languages, as PNG files."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from kiosk.commands.common import settings_from


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser(
        "screenshots", help="render every citizen screen to PNG files (works offscreen)"
    )
    p.add_argument("dir", type=Path, metavar="DIR", help="where to write the pictures")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    # No display needed: render offscreen unless the caller chose a platform.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from kiosk.ui.app import qt_app
    from kiosk.ui.shots import render_all

    settings = settings_from(args)
    qt_app()
    written = render_all(settings, args.dir)
    print(f"{len(written)} pictures in {args.dir}")
    return 0
