"""One module per ``kiosk`` subcommand.

Each module has ``register(subparsers)`` which adds its parser and sets ``func`` (a callable
taking the parsed namespace and returning the exit code). Modules import heavy things (Qt,
drivers, HTTP) inside ``func`` so that ``kiosk --help`` and ``kiosk status`` stay fast.
"""
