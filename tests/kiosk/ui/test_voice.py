"""Spoken guidance: the files, the lines each screen says, "Nghe lại", the volume, the voice
thread, and a kiosk with no sound card."""

from __future__ import annotations

import logging
import wave
from pathlib import Path

import pytest

from kiosk.settings import VoiceConfig
from kiosk.ui.i18n import Language
from kiosk.ui.machine import Screen
from kiosk.ui.screens.home import HomeScreen
from kiosk.ui.voice import VOICE_DIR, CommandSink, Voice, VoiceState, scaled
from kiosk.ui.voice_prompts import WHERE, door_parts, everything
from kiosk.ui.window import SCREEN_CLASSES
from tests.kiosk.ui.conftest import Kiosk, RecordingSink


@pytest.mark.parametrize("language", list(Language))
def test_every_prompt_is_a_wav_file_in_both_languages(language: Language) -> None:
    folder = VOICE_DIR / language.value
    assert {p.stem for p in folder.glob("*.wav")} == set(everything())
    for path in folder.glob("*.wav"):
        with wave.open(str(path)) as w:
            assert (w.getnchannels(), w.getsampwidth()) == (1, 2), path
            assert w.getnframes() > w.getframerate() // 10, f"{path} is nearly empty"


def test_every_citizen_screen_has_a_line(kiosk: Kiosk) -> None:
    screens = kiosk.ui.window.screens
    silent = [
        c.kind
        for c in SCREEN_CLASSES
        if c.kind is not Screen.STAFF and not screens[c.kind].spoken()
    ]
    assert silent == []


def played_after(kiosk: Kiosk, before: int, count: int) -> list[bytes]:
    kiosk.qtbot.waitUntil(lambda: len(kiosk.sound.played) >= before + count)
    return kiosk.sound.played[before : before + count]


def test_the_door_screen_says_the_door_from_its_parts_and_listen_again_repeats(
    kiosk: Kiosk,
) -> None:
    result = kiosk.loaded[0]
    heights = {c.label: c.height for c in kiosk.runtime.settings.locker.compartments}
    expected = [
        "door",
        *door_parts(result.compartment),
        "opened",
        WHERE[heights[result.compartment]],
        "take_and_close",
    ]
    assert door_parts("A03") == ["letter_a", "digit_0", "digit_3"]
    volume = kiosk.runtime.settings.voice.volume
    sounds = [scaled((VOICE_DIR / "vi" / f"{key}.wav").read_bytes(), volume) for key in expected]
    window = kiosk.ui.window
    said: list[tuple[Language, list[str]]] = []
    kiosk.ui.voice.queued.connect(lambda language, keys: said.append((language, keys)))
    assert kiosk.sims.scanner is not None
    kiosk.sims.scanner.scan(result.qr)
    kiosk.wait_for(Screen.DOOR_OPEN)
    assert said == [(Language.VI, ["working"]), (Language.VI, expected)]
    kiosk.qtbot.waitUntil(lambda: kiosk.sound.played[-len(sounds) :] == sounds)

    played = len(kiosk.sound.played)
    kiosk.tap(window.listen_button)
    assert said[-1] == (Language.VI, expected)
    kiosk.qtbot.waitUntil(lambda: len(kiosk.sound.played) == played + len(sounds))
    assert kiosk.sound.played[played:] == sounds
    assert set(kiosk.sound.threads) == {"voice"}  # never the UI thread


def test_a_citizen_on_the_english_screens_hears_english(kiosk: Kiosk) -> None:
    window = kiosk.ui.window
    kiosk.tap(window.get(HomeScreen).english)
    with kiosk.qtbot.waitSignal(kiosk.ui.voice.queued) as queued:
        kiosk.tap(window.get(HomeScreen).lookup_button)
    assert queued.args == [Language.EN, ["lookup_code"]]
    played = played_after(kiosk, 0, 1)
    volume = kiosk.runtime.settings.voice.volume
    assert played == [scaled((VOICE_DIR / "en" / "lookup_code.wav").read_bytes(), volume)]


def test_the_volume_scales_the_samples() -> None:
    wav = (VOICE_DIR / "vi" / "thanks.wav").read_bytes()
    silent, half = scaled(wav, 0.0), scaled(wav, 0.5)
    assert len(silent) == len(wav) == len(half)
    with wave.open(str(VOICE_DIR / "vi" / "thanks.wav")) as w:
        header = len(wav) - w.getnframes() * 2
    assert set(silent[header:]) == {0}
    assert half != wav


@pytest.mark.logs(logging.WARNING)
def test_with_no_player_the_voice_is_degraded_said_once_and_silent(
    kiosk: Kiosk, caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    voice = Voice(VoiceConfig(player="no-such-player-here"), CommandSink("no-such-player-here"))
    assert voice.state is VoiceState.DEGRADED
    degraded = [r for r in caplog.records if r.name == "kiosk.ui.voice"]
    assert [r.getMessage() for r in degraded] == [
        "voice off → degraded (no-such-player-here not found)"
    ]
    voice.say(Language.VI, ["thanks"])  # nothing to play it: silent, no error
    voice.close()
    # The window hides "Nghe lại" while nothing can speak.
    kiosk.ui.window.show_voice(False)
    kiosk.tap(kiosk.ui.window.get(HomeScreen).pickup_button)
    kiosk.wait_for(Screen.PICKUP_CODE)
    assert not kiosk.ui.window.listen_button.isVisible()


def test_a_ward_recording_replaces_the_generated_one(tmp_path: Path) -> None:
    own = tmp_path / "vi"
    own.mkdir()
    (own / "thanks.wav").write_bytes((VOICE_DIR / "vi" / "rating.wav").read_bytes())
    voice = Voice(VoiceConfig(recordings=str(tmp_path)), RecordingSink())
    assert voice.files(Language.VI, ["thanks", "rating"]) == [
        own / "thanks.wav",
        VOICE_DIR / "vi" / "rating.wav",
    ]
