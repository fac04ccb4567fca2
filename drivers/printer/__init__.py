"""ESC/POS receipt printer: status, receipt layout, transports, the driver and its simulator."""

import logging


def _import_escpos() -> None:
    # python-escpos calls logging.basicConfig() when imported, which would silently disable the
    # application's own logging set-up if it came first; keep the library, drop that handler.
    root = logging.getLogger()
    before = list(root.handlers)
    import escpos.capabilities  # noqa: F401

    for handler in root.handlers:
        if handler not in before:
            root.removeHandler(handler)


_import_escpos()


def known_profiles() -> list[str]:
    """Names of python-escpos's printer capability profiles."""
    from escpos.capabilities import CAPABILITIES

    return sorted(CAPABILITIES["profiles"])
