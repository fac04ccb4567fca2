"""The 24/7 dossier ATM kiosk application.

Importing this package does no work and pulls in no Qt: the services, the store and the CLI are
plain Python, and the Qt UI lives in ``kiosk.ui`` which is imported only by the commands that
show a window.
"""

__version__ = "0.1.0"
