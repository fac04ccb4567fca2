"""Putting the citizen UI together: the Qt application, the window, the flows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtWidgets import QApplication

from kiosk.runtime import KioskRuntime
from kiosk.services.diagnostics import LogTail
from kiosk.settings import Settings
from kiosk.ui.assets import apply_style
from kiosk.ui.flows import CitizenFlows
from kiosk.ui.i18n import Language, Languages
from kiosk.ui.staff.flows import StaffFlows
from kiosk.ui.window import KioskWindow

SCREEN_SIZE = (1920, 1080)


def qt_app(argv: Sequence[str] = ()) -> QApplication:
    """The application object (one per process), with the kiosk's font and stylesheet."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(list(argv))
    apply_style(app)
    return app


def languages_for(settings: Settings) -> Languages:
    languages = Languages(Language(settings.language))
    languages.set(languages.default, "configured language")
    return languages


@dataclass
class CitizenUi:
    window: KioskWindow
    flows: CitizenFlows
    languages: Languages
    staff: StaffFlows

    def close(self) -> None:
        """Stop the UI's timers and close the window; call before ``runtime.stop()``, so that
        nothing on the screen asks a stopped runtime for work."""
        self.staff.shutdown()
        self.flows.shutdown()
        self.window.closable = True
        self.window.close()


def build_ui(runtime: KioskRuntime) -> CitizenUi:
    """The window and its flows over a started runtime (call after ``qt_app``)."""
    languages = languages_for(runtime.settings)
    window = KioskWindow(runtime.settings, languages)
    flows = CitizenFlows(runtime, window, languages, window)
    staff = StaffFlows(runtime, window, flows, LogTail(), window)
    return CitizenUi(window, flows, languages, staff)
