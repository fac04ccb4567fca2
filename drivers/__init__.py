"""Hardware abstraction layer: lock boards, receipt printer, scanners and their simulators.

No Qt and nothing from ``kiosk`` is imported here; devices are built from typed configuration by
``drivers.registry`` and passed in.
"""
