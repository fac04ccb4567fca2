"""Staff tests: a whole kiosk (tests/kiosk/ui/conftest.py) and a person at its touchscreen with a
badge.

People are added at the central simulator with few PBKDF2 iterations (the hash format carries
the count) and reach the kiosk through a real directory sync ("sync now"), as in service.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import pytest
from PySide6.QtWidgets import QPushButton, QWidget

from kiosk.services.staff_auth import Role, StaffMember
from kiosk.ui.machine import Screen
from kiosk.ui.screens.home import HomeScreen
from kiosk.ui.staff.console import StaffConsole
from kiosk.ui.staff.flows import StaffFlows
from kiosk.ui.staff.machine import StaffScreen
from kiosk.ui.staff.page import StaffPage
from kiosk.ui.staff.screens.load import LoadConfirmPage
from kiosk.ui.staff.screens.menu import MenuPage
from kiosk.ui.staff.screens.pin_prompt import PinPrompt
from kiosk.ui.staff.screens.signin import SignInPage, SignInStep
from tests.kiosk.ui.conftest import WAIT_MS, Kiosk

P = TypeVar("P", bound=StaffPage)
PIN = "246813"
TEST_ITERATIONS = 1000


@dataclass
class Staffed:
    """The kiosk, seen from a ward staff member or a technician standing at it."""

    kiosk: Kiosk
    badges: dict[str, str] = field(default_factory=dict)  # staff id → the badge's payload

    @property
    def flows(self) -> StaffFlows:
        return self.kiosk.ui.staff

    @property
    def console(self) -> StaffConsole:
        return self.kiosk.ui.window.get(StaffConsole)

    def page(self, cls: type[P]) -> P:
        return self.console.get(cls)

    @property
    def screen(self) -> StaffScreen:
        return self.flows.machine.current

    def wait_for(self, kind: StaffScreen, timeout: int = WAIT_MS) -> None:
        def there() -> None:
            assert self.kiosk.screen is Screen.STAFF
            assert self.screen is kind

        self.kiosk.qtbot.waitUntil(there, timeout=timeout)

    def wait(self, condition: Callable[[], Any], timeout: int = WAIT_MS) -> None:
        def check() -> None:
            assert condition()

        self.kiosk.qtbot.waitUntil(check, timeout=timeout)

    def tap(self, button: QPushButton) -> None:
        self.kiosk.tap(button)

    def tap_text(self, text: str, parent: QWidget | None = None) -> None:
        """Tap the one visible button showing ``text`` once it shows (rows added to a list are
        shown by the event loop, a moment after the answer that made them)."""
        where = parent or self.console.current

        def found() -> list[QPushButton]:
            return [
                b for b in where.findChildren(QPushButton) if b.text() == text and b.isVisible()
            ]

        self.wait(lambda: len(found()) == 1)
        self.tap(found()[0])

    def scan(self, text: str) -> None:
        scanner = self.kiosk.sims.scanner
        assert scanner is not None
        scanner.scan(text)

    def hire(self, staff_id: str, role: Role = Role.STAFF, pin: str = PIN) -> StaffMember:
        """Add a person at the central system and sync the directory to the kiosk."""
        central = self.kiosk.central
        central.pin_iterations = TEST_ITERATIONS
        self.badges[staff_id] = central.add_staff(
            self.kiosk.runtime.settings.kiosk.id, staff_id, "Trần Thị Bình", role.value, pin
        )
        self.sync_directory(lambda rows: any(r[0] == staff_id for r in rows))
        return StaffMember(staff_id, "Trần Thị Bình", role)

    def sync_directory(self, done: Callable[[list[tuple[Any, ...]]], bool]) -> None:
        self.kiosk.runtime.sync_now()
        self.wait(lambda: done(self.kiosk.rows("SELECT staff_id, disabled, pin_fails FROM staff")))

    def type_pin(self, pin: str) -> None:
        page = self.page(SignInPage)
        self.wait(lambda: page.step is SignInStep.PIN and not page.waiting, timeout=WAIT_MS * 2)
        for digit in pin:
            self.kiosk.tap_text(page.keypad, digit)
        self.tap(page.confirm)

    def pin_again(self, prompt: PinPrompt, pin: str = PIN) -> None:
        """Type the PIN into the prompt asked before "Mở tất cả"."""
        self.wait(lambda: prompt.isVisible() and prompt.keypad.isEnabled())
        for digit in pin:
            self.kiosk.tap_text(prompt.keypad, digit)
        self.tap(prompt.confirm)

    def sign_in(self, member: StaffMember, pin: str = PIN) -> None:
        self.scan(self.badges[member.staff_id])
        self.wait_for(StaffScreen.SIGN_IN)
        self.type_pin(pin)
        self.wait_for(StaffScreen.MENU)
        menu = self.page(MenuPage)
        self.wait(lambda: menu.counts.free > 0)

    def choose(self, target: StaffScreen) -> None:
        self.tap(self.page(MenuPage).buttons[target])
        self.wait_for(target)

    def load_envelope(self) -> tuple[str, str]:
        """From the loading scan screen: scan a waiting envelope and load it into the door the
        kiosk proposes; (that door, the dossier code)."""
        loaded = {item.dossier_code for item in self.kiosk.loaded}
        code = next(code for code in self.kiosk.central.seed_otps if code not in loaded)
        self.scan(code)
        self.wait_for(StaffScreen.LOAD_CONFIRM)
        confirm = self.page(LoadConfirmPage)
        door = confirm.compartment
        assert door is not None
        self.tap(confirm.open_button)
        self.close_when_open(door, item=True)
        self.wait_for(StaffScreen.LOAD_DONE)
        return door, code

    def close_when_open(self, label: str, item: bool) -> None:
        """Wait until the kiosk saw the door open (its journal says so), then close it with the
        item sensor showing ``item``: a person never closes a door before it opened."""
        sql = "SELECT state FROM door_intents WHERE compartment = ? ORDER BY id DESC LIMIT 1"
        self.wait(lambda: self.kiosk.rows(sql, label) == [("open",)])
        self.kiosk.close_door(label, item)

    def open_corner(self) -> None:
        self.kiosk.tap(self.kiosk.ui.window.get(HomeScreen).staff_corner)
        self.wait_for(StaffScreen.SIGN_IN)


@pytest.fixture
def make_staffed(make_kiosk: Callable[..., Kiosk]) -> Callable[..., Staffed]:
    def make(
        results: int = 1,
        fake_clock: bool = False,
        config_path: Path | None = None,
        **sections: dict[str, Any],
    ) -> Staffed:
        # The same badge is scanned again within seconds: no duplicate suppression here.
        sections.setdefault("scanner", {"duplicate_window_ms": 0})
        return Staffed(
            make_kiosk(results=results, fake_clock=fake_clock, config_path=config_path, **sections)
        )

    return make
