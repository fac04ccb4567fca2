"""Sign-in at the touchscreen: the badge, the PIN, waits, the lockout, idle and "Đăng xuất"."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

import pytest

from kiosk.services.staff_auth import SignInRefusal
from kiosk.ui.machine import Screen
from kiosk.ui.staff.machine import StaffScreen
from kiosk.ui.staff.screens.signin import SignInPage, SignInStep
from tests.ui.staff.conftest import PIN, Staffed


def test_seeded_staff_signs_in_from_the_home_corner_and_signs_out(
    make_staffed: Callable[..., Staffed],
) -> None:
    staffed = make_staffed()
    person = staffed.kiosk.central.seed_staff[0]  # the demo's, with its printed PIN
    staffed.open_corner()
    page = staffed.page(SignInPage)
    assert page.instruction.text() == "Đưa thẻ cán bộ vào máy quét bên dưới màn hình."
    staffed.scan(person.badge)
    staffed.wait(lambda: page.title.text() == f"Xin chào, {person.name}")
    staffed.type_pin(person.pin)
    staffed.wait_for(StaffScreen.MENU, timeout=15000)  # 600 000 PBKDF2 iterations
    assert staffed.console.who.text() == f"Cán bộ: {person.name} · {person.staff_id}"
    assert not staffed.page(SignInPage).field.pin  # the PIN is forgotten at once

    staffed.tap(staffed.console.sign_out_button)
    staffed.kiosk.wait_for(Screen.HOME)
    events = [
        (r[0], r[1], json.loads(r[2]))
        for r in staffed.kiosk.rows(
            "SELECT type, actor, data FROM outbox WHERE type LIKE 'staff.%' ORDER BY seq"
        )
    ]
    assert events == [
        ("staff.signed_in", "staff:cb-0142", {"role": "staff"}),
        ("staff.signed_out", "staff:cb-0142", {"reason": "signed_out"}),
    ]  # fmt: skip


def test_wrong_pins_wait_longer_then_lock_the_badge_until_the_next_sync(
    make_staffed: Callable[..., Staffed], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    staffed = make_staffed(staff={"pin_delay_first_s": 0.05, "pin_delay_max_s": 0.2})
    member = staffed.hire("cb-0200")
    page = staffed.page(SignInPage)
    staffed.scan("STAFF|cb-0200")
    waits = []
    for left in range(9, 0, -1):
        staffed.type_pin("1111")
        staffed.wait(lambda: page.step is SignInStep.PIN and page.refusal is not None)
        if page.refusal is SignInRefusal.WAIT:  # typed faster than the wait: not counted
            staffed.wait(lambda: page.step is SignInStep.PIN)
            staffed.kiosk.qtbot.wait(int(page.wait_s * 1000) + 50)
            staffed.type_pin("1111")
            staffed.wait(lambda: page.refusal is SignInRefusal.WRONG_PIN)
        assert page.refusal is SignInRefusal.WRONG_PIN
        assert page.message.text().startswith(f"Mã PIN không đúng. Bạn còn {left} lần thử.")
        waits.append(page.wait_s)
        staffed.kiosk.qtbot.wait(int(page.wait_s * 1000) + 50)
    assert waits[:3] == [0.05, 0.1, 0.2] and max(waits) == 0.2
    staffed.type_pin("1111")
    staffed.wait(lambda: page.refusal is SignInRefusal.DISABLED)
    assert page.step is SignInStep.BADGE
    assert staffed.kiosk.rows("SELECT pin_fails, disabled FROM staff WHERE staff_id = 'cb-0200'") \
        == [(10, 1)]  # fmt: skip
    assert staffed.kiosk.rows("SELECT kind, subject FROM alarms WHERE cleared_at IS NULL") == [
        ("lockout", "badge:cb-0200")
    ]
    # The right PIN does not help now.
    staffed.scan("STAFF|cb-0200")
    staffed.wait(lambda: page.refusal is SignInRefusal.DISABLED and page.step is SignInStep.BADGE)

    # The central system's directory is synced again (a new PIN hash): the badge works.
    staffed.hire("cb-0200")
    staffed.sync_directory(lambda rows: ("cb-0200", 0, 0) in rows)
    staffed.sign_in(member, PIN)
    # Ten wrong PINs, a right one: neither is in any log line, at any level.
    assert "1111" not in caplog.text and PIN not in caplog.text
    assert staffed.kiosk.rows("SELECT kind, cleared_by FROM alarms") == [
        ("lockout", "staff:cb-0200")
    ]


def test_an_idle_session_signs_out(make_staffed: Callable[..., Staffed]) -> None:
    staffed = make_staffed(timeouts={"staff_idle_s": 1.5})
    member = staffed.hire("cb-0300")
    staffed.sign_in(member)
    staffed.choose(StaffScreen.MAP)
    staffed.kiosk.wait_for(Screen.HOME, timeout=6000)
    assert staffed.flows.member is None and staffed.screen is StaffScreen.SIGN_IN
    rows = staffed.kiosk.rows(
        "SELECT type, actor, data FROM outbox WHERE type = 'staff.signed_out'"
    )
    assert rows == [("staff.signed_out", "staff:cb-0300", '{"reason": "idle"}')]
