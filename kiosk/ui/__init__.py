"""The citizen's touch screen (PySide6).

Screens are views (``kiosk.ui.screens``) switched by one state machine (``kiosk.ui.machine``);
the flows (``kiosk.ui.flows``) listen to what a citizen asks for, call the runtime, and move the
machine. Work runs on the runtime's threads; ``kiosk.ui.bridge`` brings its answers back to the
UI thread as signals, so no widget is ever touched from a worker.
"""
