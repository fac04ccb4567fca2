"""Sign-in at the touchscreen: badge and PIN, a real and an unknown badge told apart by nothing
before the PIN, the lockout that a directory refresh keeps, idle, the session limit, sign-out."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

import pytest
from PySide6.QtWidgets import QLabel, QPushButton

from kiosk.services.staff_auth import SignInRefusal
from kiosk.ui.machine import Screen
from kiosk.ui.staff.machine import StaffScreen
from kiosk.ui.staff.screens.menu import MenuPage
from kiosk.ui.staff.screens.signin import SignInPage, SignInStep
from tests.kiosk.ui.staff.conftest import PIN, Staffed


def what_shows(staffed: Staffed) -> list[tuple[str, str]]:
    """Every visible text and button of the console, as a person standing there sees it."""
    console = staffed.console
    labels = [
        ("label", w.text()) for w in console.findChildren(QLabel) if w.isVisible() and w.text()
    ]
    buttons = [
        ("button", f"{b.text()}:{b.isEnabled()}")
        for b in console.findChildren(QPushButton)
        if b.isVisible()
    ]
    return sorted(labels + buttons)


def test_seeded_staff_signs_in_from_the_home_corner_and_signs_out(
    make_staffed: Callable[..., Staffed],
) -> None:
    staffed = make_staffed()
    person = staffed.kiosk.central.seed_staff[0]  # the demo's, with its printed badge and PIN
    staffed.open_corner()
    page = staffed.page(SignInPage)
    assert page.instruction.text() == "Đưa thẻ cán bộ vào máy quét bên dưới màn hình."
    staffed.scan(person.badge)
    staffed.wait(lambda: page.step is SignInStep.PIN)
    assert page.title.text() == "Đăng nhập cán bộ"  # no name before the PIN
    # Staff are addressed without a pronoun (glossary-vi.md), never "bạn".
    assert page.instruction.text() == "Nhập mã PIN (ít nhất 6 chữ số) rồi chạm Xác nhận."
    staffed.type_pin(person.pin)
    staffed.wait_for(StaffScreen.MENU, timeout=15000)  # 600 000 PBKDF2 iterations
    assert staffed.page(MenuPage).title.text() == "Chọn việc cần làm"
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


def test_an_unknown_badge_and_a_real_one_look_the_same_until_the_pin_is_right(
    make_staffed: Callable[..., Staffed], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    # Equal waits, so that the only thing that could differ is the badge.
    staffed = make_staffed(fake_clock=True, staff={"pin_delay_first_s": 1, "pin_delay_max_s": 1})
    member = staffed.hire("cb-0200")
    real = staffed.badges["cb-0200"]
    forged = real.rsplit("|", 1)[0] + "|AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"  # id right, secret not
    page = staffed.page(SignInPage)
    seen: dict[str, list[list[tuple[str, str]]]] = {}
    for name, badge in (("real", real), ("forged", forged), ("unknown", "STAFF|cb-9999|X")):
        staffed.open_corner()
        staffed.scan(badge)
        staffed.wait(lambda: page.step is SignInStep.PIN)
        before = what_shows(staffed)
        staffed.type_pin("135791")
        staffed.wait(lambda: page.refusal is SignInRefusal.WRONG)
        after = what_shows(staffed)
        seen[name] = [before, after]
        staffed.kiosk.advance(1)
        assert not page.waiting
        staffed.tap(page.back)
        staffed.kiosk.wait_for(Screen.HOME)
    assert seen["real"] == seen["forged"] == seen["unknown"]
    before, after = seen["real"]
    assert ("label", "Trần Thị Bình") not in before and not any(
        "Bình" in text or "cb-0200" in text for _, text in before + after
    )
    assert (
        "label",
        "Thẻ hoặc mã PIN không đúng. Thẻ bị khóa sau nhiều lần nhập sai chỉ dùng lại được khi"
        " quản trị đặt lại mã PIN. Thử lại sau 1 giây.",
    ) in after
    # The right PIN with the real badge: now, and only now, the name shows.
    staffed.sign_in(member)
    assert staffed.console.who.text() == "Cán bộ: Trần Thị Bình · cb-0200"
    assert "135791" not in caplog.text and PIN not in caplog.text
    assert staffed.kiosk.rows(
        "SELECT subject, details FROM audit WHERE action = 'staff.sign_in_failed' ORDER BY seq"
    ) == [
        ("cb-0200", '{"badge_failures": 1, "kiosk_failures_1h": 1}'),
        ("-", '{"kiosk_failures_1h": 2}'),
        ("-", '{"kiosk_failures_1h": 3}'),
    ]


@pytest.mark.logs(logging.WARNING)
def test_a_locked_badge_stays_locked_through_a_directory_refresh_until_a_new_pin(
    make_staffed: Callable[..., Staffed],
) -> None:
    staffed = make_staffed(
        fake_clock=True,
        staff={"pin_delay_first_s": 1, "pin_delay_max_s": 1, "pin_fails_before_disable": 3},
    )
    member = staffed.hire("cb-0200")
    page = staffed.page(SignInPage)
    staffed.scan(staffed.badges["cb-0200"])
    for attempt in range(3):
        if attempt:
            staffed.kiosk.advance(1)  # the wait after a wrong PIN
        staffed.type_pin("111111")
        staffed.wait(lambda: page.refusal is SignInRefusal.WRONG and page.step is SignInStep.PIN)
    assert staffed.kiosk.rows("SELECT pin_fails, disabled FROM staff WHERE staff_id = 'cb-0200'") \
        == [(3, 1)]  # fmt: skip
    assert staffed.kiosk.rows("SELECT kind, subject FROM alarms WHERE cleared_at IS NULL") == [
        ("lockout", "badge:cb-0200")
    ]
    locked = what_shows(staffed)

    # A refresh that delivers a new body (someone else hired), this person's PIN hash as before.
    staffed.hire("cb-0300")
    rows = staffed.kiosk.rows("SELECT staff_id, disabled, pin_fails FROM staff")
    assert ("cb-0200", 1, 3) in rows
    staffed.kiosk.advance(1)
    staffed.type_pin(PIN)  # the right PIN does not help
    staffed.wait(lambda: page.refusal is SignInRefusal.WRONG and what_shows(staffed) == locked)
    assert staffed.flows.member is None
    staffed.kiosk.advance(1)

    # The central system sets a new PIN: the next sync lifts the lockout.
    staffed.badges["cb-0200"] = staffed.kiosk.central.add_staff(
        staffed.kiosk.runtime.settings.kiosk.id, "cb-0200", "Trần Thị Bình", "staff", "975310",
        staffed.badges["cb-0200"].split("|")[2],
    )  # fmt: skip
    staffed.sync_directory(lambda rows: ("cb-0200", 0, 0) in rows)
    staffed.tap(page.back)
    staffed.sign_in(member, "975310")
    assert staffed.kiosk.rows("SELECT kind, cleared_by FROM alarms") == [
        ("lockout", "staff:cb-0200")
    ]


def test_an_idle_session_signs_out(make_staffed: Callable[..., Staffed]) -> None:
    staffed = make_staffed(fake_clock=True, timeouts={"staff_idle_s": 120})
    member = staffed.hire("cb-0300")
    staffed.sign_in(member)
    staffed.choose(StaffScreen.MAP)
    staffed.kiosk.advance(119.9)  # the last 10 s counted down on the console
    assert staffed.flows.member is not None and staffed.screen is StaffScreen.MAP
    staffed.kiosk.advance(0.1)
    staffed.kiosk.wait_for(Screen.HOME)
    assert staffed.flows.member is None and staffed.screen is StaffScreen.SIGN_IN
    rows = staffed.kiosk.rows(
        "SELECT type, actor, data FROM outbox WHERE type = 'staff.signed_out'"
    )
    assert rows == [("staff.signed_out", "staff:cb-0300", '{"reason": "idle"}')]


def test_a_busy_session_ends_at_the_absolute_limit(make_staffed: Callable[..., Staffed]) -> None:
    staffed = make_staffed(
        fake_clock=True, staff={"session_max_min": 5}, timeouts={"staff_idle_s": 120}
    )
    member = staffed.hire("cb-0300")
    staffed.sign_in(member)
    for target in (StaffScreen.MAP, StaffScreen.COLLECT, StaffScreen.RECALL):
        staffed.kiosk.advance(90)
        staffed.tap(staffed.console.menu_button)  # busy: the idle timer never runs out
        staffed.wait_for(StaffScreen.MENU)
        staffed.choose(target)
    staffed.kiosk.advance(29.9)
    assert staffed.flows.member is not None
    staffed.kiosk.advance(0.1)
    staffed.kiosk.wait_for(Screen.HOME)
    assert staffed.flows.member is None
    rows = staffed.kiosk.rows("SELECT data FROM outbox WHERE type = 'staff.signed_out'")
    assert rows == [('{"reason": "session_limit"}',)]
