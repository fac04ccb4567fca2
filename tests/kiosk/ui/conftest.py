"""A whole kiosk per test: the central simulator with its demo data, the real drivers against
the device simulators on ptys, the real services and runtime, and the citizen UI offscreen.

Results are loaded into compartments the way ``kiosk demo`` does (through the services, with the
simulated door opening and closing), so each test starts with codes that open doors. A test of a
wait (idle, countdowns, deadlines, graces) runs its kiosk on a ``FakeClock``
(``make_kiosk(fake_clock=True)``) and moves it with ``Kiosk.advance``: the services' time and
the UI's timers (kiosk/ui/timers.py) move together, and no test waits real seconds.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from drivers.registry import Simulators
from hub.sim.simulator import CentralSimulator
from kiosk.clock import FakeClock
from kiosk.commands.demo import Loaded, start_demo
from kiosk.config_loader import load_settings
from kiosk.runtime import KioskRuntime
from kiosk.settings import Settings
from kiosk.ui.app import SCREEN_SIZE, CitizenUi, build_ui, qt_app
from kiosk.ui.i18n import Language
from kiosk.ui.machine import Screen

WAIT_MS = 8000


class RecordingSink:
    """A sound card that keeps what it was given (the tests have no audio device): the WAV
    bytes of each prompt played, in order."""

    def __init__(self) -> None:
        self.played: list[bytes] = []
        self.threads: list[str] = []
        self.lock = threading.Lock()

    def problem(self) -> str | None:
        return None

    def play(self, wav: bytes) -> None:
        with self.lock:
            self.played.append(wav)
            self.threads.append(threading.current_thread().name)

    def stop(self) -> None:
        pass


FAST_PIN_ITERATIONS = 1000  # seeding the contract's 600,000 takes most of a second


def tuned(settings: Settings, **sections: dict[str, Any]) -> Settings:
    """``settings`` with some keys of some sections changed (``timeouts={...}``,
    ``lock_bus={...}``, ``printer={...}``). Unvalidated on purpose: tests use timings shorter
    than a real kiosk may be configured with."""
    devices = settings.devices
    for name in ("lock_bus", "printer", "scanner"):
        if name in sections:
            part = getattr(devices, name).model_copy(update=sections.pop(name))
            devices = devices.model_copy(update={name: part})
    update: dict[str, Any] = {"devices": devices}
    for name, changes in sections.items():
        update[name] = getattr(settings, name).model_copy(update=changes)
    return settings.model_copy(update=update)


@pytest.fixture
def settings(tmp_path: Any) -> Settings:
    base = load_settings(None).model_copy(update={"data_dir": str(tmp_path)})
    # Doors are polled often so that a closing is seen at once, and read back 5 ms after their
    # pulse (real boards need 20-50 ms; the simulator's doors open at once); receipts in
    # code-page text so that the printer simulator's decoded lines show what was printed.
    return tuned(
        base,
        lock_bus={"poll_interval_ms": 40, "unlock_readback_delay_ms": 5},
        printer={"text_mode": "codepage"},
    )


@dataclass
class Kiosk:
    runtime: KioskRuntime
    ui: CitizenUi
    loaded: list[Loaded]
    central: CentralSimulator
    qtbot: QtBot
    sound: RecordingSink
    clock: FakeClock | None = None

    def advance(self, seconds: float) -> None:
        """Let ``seconds`` pass on the kiosk's clock: the UI's timers due on the way fire."""
        assert self.clock is not None, "make_kiosk(fake_clock=True) for a kiosk whose time moves"
        self.clock.advance(seconds)

    @property
    def sims(self) -> Simulators:
        sims = self.runtime.devices.simulators
        assert sims is not None
        return sims

    @property
    def screen(self) -> Screen:
        return self.ui.flows.machine.current

    def wait_for(self, screen: Screen, timeout: int = WAIT_MS) -> None:
        def there() -> None:
            assert self.screen is screen

        self.qtbot.waitUntil(there, timeout=timeout)

    def settle(self) -> None:
        """Wait until every call queued on the services thread so far has been answered on the
        screen: a marker call behind them, delivered through the same queued signal."""
        answered = threading.Event()
        self.ui.flows.bridge.when_done(
            self.runtime.call(lambda _s: None),
            lambda _r: answered.set(),
            lambda _e: answered.set(),
        )
        self.qtbot.waitUntil(answered.is_set, timeout=WAIT_MS)

    def tap(self, button: QWidget) -> None:
        assert button.isVisible() and button.isEnabled(), f"cannot tap {button}"
        self.qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    def tap_text(self, parent: QWidget, text: str) -> None:
        """Tap the visible button of ``parent`` showing ``text``."""
        found = [b for b in parent.findChildren(QPushButton) if b.text() == text and b.isVisible()]
        assert len(found) == 1, f"{len(found)} buttons say {text!r}"
        self.tap(found[0])

    def door(self, label: str) -> tuple[int, int]:
        c = next(c for c in self.runtime.settings.locker.compartments if c.label == label)
        return c.board, c.lock

    def close_door(self, label: str, item: bool) -> None:
        """A person closes the door: papers left inside or not (the item sensor)."""
        locks = self.sims.locks
        assert locks is not None
        board, lock = self.door(label)
        locks.set_item(board, lock, item)
        locks.close_door(board, lock)

    def rows(self, sql: str, *params: object) -> list[tuple[Any, ...]]:
        """Rows of the kiosk's database, read on the services thread."""
        rows = self.runtime.call(lambda s: s.ctx.store.query(sql, params)).result()
        return [tuple(r) for r in rows]

    def dossiers(self, state: str) -> list[dict[str, Any]]:
        """The central simulator's dossiers in ``state``."""
        with self.central.lock:
            known = self.central.kiosk(self.runtime.settings.kiosk.id).dossiers.values()
            return [dict(d) for d in known if d["state"] == state]

    def events(self, type_: str) -> list[tuple[Any, ...]]:
        return self.rows(
            "SELECT dossier_code, compartment, actor, data FROM outbox WHERE type = ? ORDER BY seq",
            type_,
        )


@pytest.fixture
def make_kiosk(qtbot: QtBot, settings: Settings) -> Iterator[Callable[..., Kiosk]]:
    started: list[Kiosk] = []

    def make(
        results: int = 2,
        fake_clock: bool = False,
        config_path: Path | None = None,
        **sections: dict[str, Any],
    ) -> Kiosk:
        app: QApplication = qt_app()
        assert app is not None
        # Ahead of the central simulator's real ``Date`` headers, so that none of them moves the
        # kiosk's time (its floor) under the test.
        clock = FakeClock(start=time.time() + 600) if fake_clock else None
        demo = start_demo(
            tuned(settings, **sections),
            results=results,
            pin_iterations=FAST_PIN_ITERATIONS,
            clock=clock,
        )
        sound = RecordingSink()
        ui = build_ui(demo.runtime, voice_sink=sound, config_path=config_path)
        ui.window.resize(*SCREEN_SIZE)
        ui.window.show()
        kiosk = Kiosk(demo.runtime, ui, demo.loaded, demo.central, qtbot, sound, clock)
        started.append(kiosk)
        return kiosk

    yield make
    for kiosk in started:
        kiosk.ui.close()
        kiosk.runtime.stop()
        kiosk.ui.languages.set(Language.VI, "test over")
        kiosk.ui.window.deleteLater()


@pytest.fixture
def kiosk(make_kiosk: Callable[..., Kiosk]) -> Kiosk:
    return make_kiosk()
