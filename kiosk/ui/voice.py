"""Spoken guidance: each citizen screen says its key line when it appears ("Nghe lại" again).

The lines are WAV files (``kiosk/ui/voice_prompts.py`` lists them; ``scripts/make_voice.sh``
makes them). A ``Voice`` resolves a screen's prompt keys to files (a ward's own recordings
first) and hands them to one worker thread, which scales them to the configured volume and
plays them through a ``Sink``: nothing is read or played on the UI thread. A new line cuts the
one being said. No player or no sound card is the ``degraded`` state, logged once: the kiosk
carries on silent.

``python -m kiosk.ui.voice --halve-rate FILE…`` halves the sample rate of generated files (used
by the script).
"""

from __future__ import annotations

import logging
import queue
import shlex
import shutil
import subprocess
import sys
import threading
import wave
from array import array
from collections.abc import Sequence
from enum import StrEnum
from io import BytesIO
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QObject, Signal

from kiosk.settings import VoiceConfig
from kiosk.ui.assets import ASSETS
from kiosk.ui.i18n import Language

log = logging.getLogger(__name__)

VOICE_DIR = ASSETS / "voice"
SAMPLE_BYTES = 2  # 16-bit PCM, as espeak-ng writes it


class VoiceState(StrEnum):
    OFF = "off"  # voice.enabled = false
    READY = "ready"
    DEGRADED = "degraded"  # no player or no sound card: silent, said once in the log


class Sink(Protocol):
    """Where WAV bytes are played, in the voice thread."""

    def problem(self) -> str | None:
        """Why nothing can be played here (None: it can)."""
        ...

    def play(self, wav: bytes) -> None:
        """Blocks until played (or cut by ``stop``); raises OSError when it cannot play."""
        ...

    def stop(self) -> None:
        """Cut what is playing now (called from the UI thread)."""
        ...


class CommandSink:
    """The configured player (``aplay`` by default), given each file on its standard input."""

    def __init__(self, command: str) -> None:
        self.command = shlex.split(command) or ["aplay"]
        if Path(self.command[0]).name == "aplay":
            self.command = [*self.command, "-q", "-"] if "-" not in self.command else self.command
        self._lock = threading.Lock()
        self._playing: subprocess.Popen[bytes] | None = None

    def problem(self) -> str | None:
        if shutil.which(self.command[0]) is None:
            return f"{self.command[0]} not found"
        if Path(self.command[0]).name == "aplay" and not Path("/dev/snd").exists():
            return "no sound card (/dev/snd)"
        return None

    def play(self, wav: bytes) -> None:
        process = subprocess.Popen(
            self.command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        with self._lock:
            self._playing = process
        try:
            _, err = process.communicate(wav)
        finally:
            with self._lock:
                self._playing = None
        if process.returncode > 0:  # < 0: stopped by a signal, ours
            raise OSError(err.decode(errors="replace").strip() or f"exit {process.returncode}")

    def stop(self) -> None:
        with self._lock:
            if self._playing is not None and self._playing.poll() is None:
                self._playing.terminate()


def scaled(wav: bytes, volume: float) -> bytes:
    """``wav`` (16-bit PCM) with every sample multiplied by ``volume`` (0..1)."""
    with wave.open(BytesIO(wav)) as source:
        params = source.getparams()
        frames = source.readframes(params.nframes)
    if params.sampwidth != SAMPLE_BYTES:
        raise ValueError(f"a prompt is 16-bit PCM, not {8 * params.sampwidth}-bit")
    samples = array("h", frames)
    if sys.byteorder == "big":
        samples.byteswap()
    samples = array("h", (int(s * volume) for s in samples))
    if sys.byteorder == "big":
        samples.byteswap()
    out = BytesIO()
    with wave.open(out, "wb") as target:
        target.setparams(params)
        target.writeframes(samples.tobytes())
    return out.getvalue()


def halve_rate(path: Path) -> None:
    """Rewrite ``path`` at half its sample rate, each pair of samples averaged (a plain
    low-pass that keeps speech clear)."""
    with wave.open(str(path)) as source:
        params = source.getparams()
        samples = array("h", source.readframes(params.nframes))
    if params.nchannels != 1 or params.sampwidth != SAMPLE_BYTES:
        raise ValueError(f"{path}: expected mono 16-bit PCM")
    halved = array("h", ((samples[i] + samples[i + 1]) // 2 for i in range(0, len(samples) - 1, 2)))
    with wave.open(str(path), "wb") as target:
        target.setnchannels(1)
        target.setsampwidth(SAMPLE_BYTES)
        target.setframerate(params.framerate // 2)
        target.writeframes(halved.tobytes())


class Voice(QObject):
    """Says prompt keys in a language, one line at a time, in its own thread."""

    #: (language, keys) just asked for: what the citizen hears (tests, the simulator window).
    queued = Signal(object, list)
    state_changed = Signal(object)  # VoiceState

    def __init__(self, config: VoiceConfig, sink: Sink, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.config = config
        self._sink = sink
        self._dirs = [Path(config.recordings)] if config.recordings else []
        self._dirs.append(VOICE_DIR)
        self._lines: queue.Queue[tuple[int, list[Path]] | None] = queue.Queue()
        self._generation = 0
        self._thread: threading.Thread | None = None
        self._state = VoiceState.OFF
        if config.enabled:
            problem = sink.problem()
            self._set(VoiceState.DEGRADED if problem else VoiceState.READY, problem or "started")

    @property
    def state(self) -> VoiceState:
        return self._state

    def files(self, language: Language, keys: Sequence[str]) -> list[Path]:
        """The file for each key: a ward's recording if there is one, else the generated one."""
        found = []
        for key in keys:
            path = next(
                (
                    d / language.value / f"{key}.wav"
                    for d in self._dirs
                    if (d / language.value / f"{key}.wav").is_file()
                ),
                None,
            )
            if path is None:
                log.error("voice: no recording of %r in %s", key, language)
                continue
            found.append(path)
        return found

    def say(self, language: Language, keys: Sequence[str]) -> None:
        """Cut whatever is being said and say ``keys`` (nothing when off or degraded)."""
        self.queued.emit(language, list(keys))
        if self._state is not VoiceState.READY or not keys:
            return
        self._generation += 1
        self._sink.stop()
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="voice", daemon=True)
            self._thread.start()
        self._lines.put((self._generation, self.files(language, keys)))

    def close(self) -> None:
        self._generation += 1
        self._sink.stop()
        if self._thread is not None:
            self._lines.put(None)
            self._thread.join(timeout=2)
            self._thread = None

    def _run(self) -> None:
        while (line := self._lines.get()) is not None:
            generation, files = line
            for path in files:
                if generation != self._generation:
                    break  # a newer line cuts this one
                try:
                    self._sink.play(scaled(path.read_bytes(), self.config.volume))
                except (OSError, ValueError, wave.Error) as exc:
                    self._set(VoiceState.DEGRADED, f"{path.name}: {exc}")
                    return

    def _set(self, state: VoiceState, why: str) -> None:
        if state is self._state:
            return
        level = logging.WARNING if state is VoiceState.DEGRADED else logging.INFO
        log.log(level, "voice %s → %s (%s)", self._state, state, why)
        self._state = state
        self.state_changed.emit(state)


def main(argv: list[str]) -> int:
    if not argv or argv[0] != "--halve-rate":
        print("usage: python -m kiosk.ui.voice --halve-rate FILE.wav…", file=sys.stderr)
        return 2
    for name in argv[1:]:
        halve_rate(Path(name))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
