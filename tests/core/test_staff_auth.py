"""Staff sign-in against the directory as the sync agent stores it: PINs, waits, lockout."""

from __future__ import annotations

import logging

import pytest

from kiosk.clock import FakeClock
from kiosk.services.core import Services
from kiosk.services.staff_auth import (
    Role,
    SignInRefusal,
    SignInRefused,
    SignOutReason,
    check_badge,
    sign_in,
    sign_out,
    verify_pin,
)
from kiosk.store import audit
from sync.central_sim.seed import hash_pin
from sync.staff import replace_directory
from sync.wire import StaffDirectory, StaffMember

PIN = "482913"
ITERATIONS = 1000  # the format carries the count; a kiosk verifies whatever it is given


def directory(services: Services, *people: tuple[str, str, bool]) -> None:
    """Store a directory as the sync agent does after a pull (clears fails and lockouts)."""
    members = [
        StaffMember(
            staff_id=staff_id,
            name="Trần Thị Bình",
            role=role,  # type: ignore[arg-type]
            badge=f"STAFF|{staff_id}",
            pin_pbkdf2=hash_pin(PIN, staff_id.encode().ljust(16, b"."), ITERATIONS),
            active=active,
        )
        for staff_id, role, active in people
    ]
    with services.ctx.store.transaction() as conn:
        replace_directory(conn, StaffDirectory(staff=members), services.ctx.clock.iso())


def outbox(services: Services) -> list[tuple[str, str]]:
    rows = services.ctx.store.query("SELECT type, actor FROM outbox ORDER BY seq")
    return [(r[0], r[1]) for r in rows]


def staff_row(services: Services, staff_id: str) -> tuple[int, int, float]:
    row = services.ctx.store.one(
        "SELECT pin_fails, disabled, pin_hold_until_ts FROM staff WHERE staff_id = ?", (staff_id,)
    )
    assert row is not None
    return row[0], row[1], row[2]


def wrong(services: Services, badge: str = "STAFF|cb-0142") -> SignInRefused:
    with pytest.raises(SignInRefused) as refused:
        sign_in(services, badge, "000000")
    return refused.value


@pytest.mark.logs(logging.ERROR)
def test_pin_hash_format_and_constant_time_compare() -> None:
    stored = hash_pin(PIN, b"0123456789abcdef", ITERATIONS)
    assert verify_pin(stored, PIN)
    assert not verify_pin(stored, "482914")
    for broken in ("", "pbkdf2_sha256$x$a$b", "md5$1000$AAAA$AAAA", stored.replace("$", "$$", 1)):
        assert not verify_pin(broken, PIN)


def test_sign_in_and_out_are_recorded_with_the_actor(services: Services) -> None:
    directory(services, ("cb-0142", "staff", True), ("kt-0007", "technician", True))
    member = sign_in(services, "STAFF|kt-0007", PIN)
    assert (member.staff_id, member.role, member.actor) == (
        "kt-0007",
        Role.TECHNICIAN,
        "technician:kt-0007",
    )
    sign_out(services, member, SignOutReason.IDLE)
    assert outbox(services) == [
        ("staff.signed_in", "technician:kt-0007"),
        ("staff.signed_out", "technician:kt-0007"),
    ]
    data = services.ctx.store.one("SELECT data FROM outbox WHERE type = 'staff.signed_out'")
    assert data is not None and data[0] == '{"reason": "idle"}'
    assert audit.verify(services.ctx.store.conn).ok


def test_unknown_inactive_and_malformed_badges_are_refused_alike(services: Services) -> None:
    directory(services, ("cb-0142", "staff", True), ("cb-0999", "staff", False))
    for badge in ("STAFF|nobody", "STAFF|cb-0999", "STAFF|", "DATM1|x|y"):
        with pytest.raises(SignInRefused) as refused:
            check_badge(services, badge)
        assert refused.value.reason is SignInRefusal.UNKNOWN_BADGE
    assert outbox(services) == []


def test_each_wrong_pin_waits_longer_on_the_kiosk_clock(
    services: Services, clock: FakeClock
) -> None:
    directory(services, ("cb-0142", "staff", True))
    policy = services.ctx.settings.staff
    first = wrong(services)
    assert (first.reason, first.tries_left, first.wait_s) == (
        SignInRefusal.WRONG_PIN,
        policy.pin_fails_before_disable - 1,
        policy.pin_delay_first_s,
    )
    # Too soon: refused without counting, even with the right PIN.
    with pytest.raises(SignInRefused) as refused:
        sign_in(services, "STAFF|cb-0142", PIN)
    assert refused.value.reason is SignInRefusal.WAIT
    assert staff_row(services, "cb-0142")[0] == 1
    # Turning the wall clock back does not shorten the wait.
    clock.set_wall(clock.wall_now - 3600)
    with pytest.raises(SignInRefused):
        check_badge(services, "STAFF|cb-0142")
    clock.advance(first.wait_s)
    second = wrong(services)
    assert second.wait_s == 2 * first.wait_s
    clock.advance(second.wait_s)
    assert sign_in(services, "STAFF|cb-0142", PIN).staff_id == "cb-0142"
    assert staff_row(services, "cb-0142") == (0, 0, 0.0)


@pytest.mark.logs(logging.WARNING)
def test_ten_wrong_pins_disable_the_badge_until_the_directory_is_synced(
    services: Services, clock: FakeClock
) -> None:
    directory(services, ("cb-0142", "staff", True))
    policy = services.ctx.settings.staff
    waits = []
    for _ in range(policy.pin_fails_before_disable - 1):
        refusal = wrong(services)
        waits.append(refusal.wait_s)
        clock.advance(refusal.wait_s)
    assert max(waits) == policy.pin_delay_max_s
    assert wrong(services).reason is SignInRefusal.DISABLED
    with pytest.raises(SignInRefused) as refused:
        sign_in(services, "STAFF|cb-0142", PIN)
    assert refused.value.reason is SignInRefusal.DISABLED
    assert staff_row(services, "cb-0142")[:2] == (policy.pin_fails_before_disable, 1)
    alarm = services.ctx.store.one("SELECT kind, subject FROM alarms WHERE cleared_at IS NULL")
    assert alarm is not None and tuple(alarm) == ("lockout", "badge:cb-0142")
    assert outbox(services) == [("alarm.raised", "staff:cb-0142")]

    directory(services, ("cb-0142", "staff", True))  # the next sync
    clock.advance(policy.pin_delay_max_s)
    sign_in(services, "STAFF|cb-0142", PIN)
    assert outbox(services)[1:] == [
        ("alarm.cleared", "staff:cb-0142"),
        ("staff.signed_in", "staff:cb-0142"),
    ]
