"""Staff sign-in against the directory as the sync agent stores it: badge secrets, PINs, the
kiosk-wide throttle, lockouts that outlive a refresh."""

from __future__ import annotations

import logging

import pytest

from hub.crypto import badge_digest, badge_payload, pbkdf2
from kiosk.clock import FakeClock
from kiosk.services import staff_directory
from kiosk.services.core import Services
from kiosk.services.staff_auth import (
    PinCheck,
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
from sync.wire import StaffMember

PIN = "482913"
ITERATIONS = 1000  # the format carries the count; a kiosk verifies whatever it is given
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def badge(staff_id: str) -> str:
    return badge_payload(staff_id, SECRET + staff_id.upper().replace("-", ""))


def directory(services: Services, *people: tuple[str, str, bool], pin: str = PIN) -> None:
    """Store a directory as the sync agent does after a pull."""
    members = [
        StaffMember(
            staff_id=staff_id,
            name="Trần Thị Bình",
            role=role,  # type: ignore[arg-type]
            badge_sha256=badge_digest(badge(staff_id)),
            pin_pbkdf2=pbkdf2(pin, ITERATIONS, staff_id.encode().ljust(16, b".")),
            active=active,
        )
        for staff_id, role, active in people
    ]
    with services.ctx.store.transaction() as conn:
        staff_directory.replace(conn, members, services.ctx.clock.iso())


def outbox(services: Services) -> list[tuple[str, str]]:
    rows = services.ctx.store.query("SELECT type, actor FROM outbox ORDER BY seq")
    return [(r[0], r[1]) for r in rows]


def staff_row(services: Services, staff_id: str) -> tuple[int, int]:
    row = services.ctx.store.one(
        "SELECT pin_fails, disabled FROM staff WHERE staff_id = ?", (staff_id,)
    )
    assert row is not None
    return row[0], row[1]


def refused(services: Services, scanned: str, pin: str = "000000") -> SignInRefused:
    with pytest.raises(SignInRefused) as caught:
        sign_in(services, scanned, pin)
    return caught.value


def open_alarms(services: Services) -> list[tuple[str, str]]:
    rows = services.ctx.store.query(
        "SELECT kind, subject FROM alarms WHERE cleared_at IS NULL ORDER BY id"
    )
    return [(r[0], r[1]) for r in rows]


@pytest.mark.logs(logging.ERROR)
def test_pin_hash_format_and_constant_time_compare() -> None:
    stored = pbkdf2(PIN, ITERATIONS, b"0123456789abcdef")
    assert verify_pin(stored, PIN)
    assert not verify_pin(stored, "482914")
    for broken in ("", "pbkdf2_sha256$x$a$b", "md5$1000$AAAA$AAAA", stored.replace("$", "$$", 1)):
        assert not verify_pin(broken, PIN)
    # A hash of a 4-digit PIN (an old directory) signs nobody in: the contract asks for six.
    assert not verify_pin(pbkdf2("4829", ITERATIONS, b"0123456789abcdef"), "4829")


def test_sign_in_and_out_are_recorded_with_the_actor(services: Services) -> None:
    directory(services, ("cb-0142", "staff", True), ("kt-0007", "technician", True))
    member = sign_in(services, badge("kt-0007"), PIN)
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


def test_a_printed_label_or_a_wrong_secret_is_no_badge(
    services: Services, clock: FakeClock
) -> None:
    directory(services, ("cb-0142", "staff", True))
    # The withdrawn form, a guessed secret, a trailing space: each is an unknown badge.
    for scanned in ("STAFF|cb-0142", badge_payload("cb-0142", "A" * 32), badge("cb-0142") + " "):
        assert refused(services, scanned, PIN).reason is SignInRefusal.WRONG
        clock.advance(3600)
    assert sign_in(services, badge("cb-0142"), PIN).staff_id == "cb-0142"


def test_unknown_inactive_and_locked_badges_look_like_a_real_one_until_the_pin(
    services: Services, clock: FakeClock
) -> None:
    directory(
        services,
        ("cb-0142", "staff", True),
        ("cb-0999", "staff", False),
        ("cb-0777", "staff", True),
    )
    with services.ctx.store.transaction() as conn:
        conn.execute("UPDATE staff SET disabled = 1, pin_fails = 10 WHERE staff_id = 'cb-0777'")
    checks = {
        scanned: check_badge(services, scanned)
        for scanned in (badge("cb-0142"), "STAFF|nobody|X", badge("cb-0999"), badge("cb-0777"))
    }
    # What step 1 hands the UI: nothing to show, and hashes of the same cost to check.
    assert {repr(c) for c in checks.values()} == {"PinCheck(…)"}
    assert all(isinstance(c, PinCheck) and not hasattr(c, "name") for c in checks.values())
    assert {c.pin_pbkdf2.split("$")[1] for c in checks.values()} == {str(ITERATIONS)}
    answers = []
    for scanned in checks:
        failure = refused(services, scanned, PIN if scanned != badge("cb-0142") else "000000")
        answers.append((failure.reason, failure.wait_s))
        clock.advance(failure.wait_s)
    # The same answer every time; each wait follows only how many failures came before.
    first = services.ctx.settings.staff.pin_delay_first_s
    assert answers == [(SignInRefusal.WRONG, first * 2**n) for n in range(4)]
    assert outbox(services) == []


def test_failures_wait_kiosk_wide_whichever_badge_is_tried(
    services: Services, clock: FakeClock
) -> None:
    directory(services, ("cb-0142", "staff", True), ("cb-0143", "staff", True))
    first = refused(services, badge("cb-0142"))
    assert (first.reason, first.wait_s) == (SignInRefusal.WRONG, 1.0)
    # Another badge (or an unknown one) does not start afresh: the whole kiosk waits.
    for scanned in (badge("cb-0143"), "STAFF|x|y"):
        with pytest.raises(SignInRefused) as caught:
            check_badge(services, scanned)
        assert caught.value.reason is SignInRefusal.WAIT
    # Turning the wall clock back does not shorten the wait.
    clock.set_wall(clock.wall_now - 3600)
    with pytest.raises(SignInRefused):
        check_badge(services, badge("cb-0143"))
    clock.advance(first.wait_s)
    second = refused(services, badge("cb-0143"))
    assert second.wait_s == 2 * first.wait_s
    clock.advance(second.wait_s)
    assert sign_in(services, badge("cb-0142"), PIN).staff_id == "cb-0142"
    assert staff_row(services, "cb-0142") == (0, 0)
    assert staff_row(services, "cb-0143") == (1, 0)


@pytest.mark.logs(logging.WARNING)
def test_the_kiosk_wide_limit_holds_sign_in_and_raises_a_lockout_alarm(
    services: Services, clock: FakeClock
) -> None:
    directory(services, ("cb-0142", "staff", True))
    limit = services.ctx.settings.staff.kiosk_fails_per_hour
    for n in range(limit):
        # Each try from a different made-up badge: rotating badges does not help.
        failure = refused(services, f"STAFF|guess-{n}|{n}")
        clock.advance(max(failure.wait_s, 0) if n < limit - 1 else 0)
    assert failure.reason is SignInRefusal.HELD
    assert open_alarms(services) == [("lockout", "staff_sign_in")]
    assert outbox(services) == [("alarm.raised", "kiosk")]
    # The real badge and PIN wait too, until the oldest failure is an hour old.
    with pytest.raises(SignInRefused) as caught:
        check_badge(services, badge("cb-0142"))
    assert caught.value.reason is SignInRefusal.HELD
    assert 0 < caught.value.wait_s <= 3600
    clock.advance(caught.value.wait_s + 0.5)
    assert sign_in(services, badge("cb-0142"), PIN).staff_id == "cb-0142"
    assert open_alarms(services) == []


@pytest.mark.logs(logging.WARNING)
def test_wrong_pins_lock_a_badge_and_a_refresh_keeps_it_locked_until_a_new_pin(
    services: Services, clock: FakeClock
) -> None:
    directory(services, ("cb-0142", "staff", True))
    policy = services.ctx.settings.staff
    for _ in range(policy.pin_fails_before_disable):
        clock.advance(3600)  # slower than the kiosk-wide limit: only the badge's count grows
        failure = refused(services, badge("cb-0142"))
        assert failure.reason is SignInRefusal.WRONG
    assert staff_row(services, "cb-0142") == (policy.pin_fails_before_disable, 1)
    assert open_alarms(services) == [("lockout", "badge:cb-0142")]
    assert outbox(services) == [("alarm.raised", "staff:cb-0142")]
    clock.advance(3600)
    assert refused(services, badge("cb-0142"), PIN).reason is SignInRefusal.WRONG

    directory(services, ("cb-0142", "staff", True))  # a refresh, same PIN hash
    clock.advance(3600)
    assert refused(services, badge("cb-0142"), PIN).reason is SignInRefusal.WRONG
    assert staff_row(services, "cb-0142") == (policy.pin_fails_before_disable, 1)

    directory(services, ("cb-0142", "staff", True), pin="135799")  # a new PIN set centrally
    assert staff_row(services, "cb-0142") == (0, 0)
    clock.advance(3600)
    sign_in(services, badge("cb-0142"), "135799")
    assert outbox(services)[1:] == [
        ("alarm.cleared", "staff:cb-0142"),
        ("staff.signed_in", "staff:cb-0142"),
    ]
