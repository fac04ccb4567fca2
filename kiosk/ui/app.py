"""Putting the citizen UI together: the Qt application, the window, the flows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QApplication

from kiosk.runtime import KioskRuntime
from kiosk.services.diagnostics import LogTail
from kiosk.settings import Settings
from kiosk.ui import timers
from kiosk.ui.assets import apply_style
from kiosk.ui.flows import CitizenFlows
from kiosk.ui.i18n import Language, Languages
from kiosk.ui.machine import Screen
from kiosk.ui.staff.flows import StaffFlows
from kiosk.ui.voice import CommandSink, Sink, Voice, VoiceState
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
    voice: Voice

    def close(self) -> None:
        """Stop the UI's timers and close the window; call before ``runtime.stop()``, so that
        nothing on the screen asks a stopped runtime for work."""
        self.staff.shutdown()
        self.flows.shutdown()
        self.voice.close()
        self.window.closable = True
        self.window.close()
        timers.use_clock(None)


def build_ui(
    runtime: KioskRuntime, voice_sink: Sink | None = None, config_path: Path | None = None
) -> CitizenUi:
    """The window and its flows over a started runtime (call after ``qt_app``); the voice
    plays through ``voice_sink``, by default the configured player. ``config_path``: the
    configuration file the kiosk runs with (the technician's commissioning rewrites it)."""
    settings = runtime.settings
    timers.use_clock(runtime.clock)  # the screens' and flows' timers below run on it
    languages = languages_for(settings)
    window = KioskWindow(settings, languages)
    flows = CitizenFlows(runtime, window, languages, window)
    staff = StaffFlows(runtime, window, flows, LogTail(), config_path, window)
    voice = Voice(settings.voice, voice_sink or CommandSink(settings.voice.player), window)
    speak_screens(voice, flows, window, languages)
    return CitizenUi(window, flows, languages, staff, voice)


def speak_screens(voice: Voice, flows: CitizenFlows, window: KioskWindow, lang: Languages) -> None:
    """Each citizen screen says its line as it appears; "Nghe lại" says it again. Home only
    when asked: it is where the kiosk waits, often with nobody there."""

    def say(screen: Screen) -> None:
        voice.say(lang.current, window.screens[screen].spoken())

    flows.machine.entered.connect(
        lambda screen: None if screen in (Screen.HOME, Screen.STAFF) else say(screen)
    )
    window.listen_again.connect(lambda: say(flows.machine.current))
    voice.state_changed.connect(lambda state: window.show_voice(state is VoiceState.READY))
    window.show_voice(voice.state is VoiceState.READY)
