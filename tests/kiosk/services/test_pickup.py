"""Citizens collecting results with an OTP: every path and every refusal."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.clock import FakeClock
from kiosk.config_loader import load_settings
from kiosk.services.core import Services, open_services
from kiosk.services.refusals import Refusal, Refused
from tests.kiosk.helpers import add_release, compartment, events, load, open_and_close

OTP = "48213377"


def refusal(services: Services, otp: str, **kw: str) -> Refused:
    with pytest.raises(Refused) as info:
        services.citizen_doors.begin_pickup(otp, **kw)
    return info.value


def test_right_code_opens_the_compartment_and_counts_the_pickup_once(services: Services) -> None:
    add_release(services, "r-1", OTP)
    label = load(services, "r-1")
    grant = services.citizen_doors.begin_pickup(OTP)
    assert (grant.compartment, grant.release_id) == (label, "r-1")
    services.doors.opened(grant.intent_id)
    # The item sensor decides: counted when the door closes with the papers gone.
    assert compartment(services, label)["content"] == "result"
    services.doors.closed(label, item=False)
    assert compartment(services, label)["content"] == "empty"
    assert events(services) == [("result.loaded", label), ("result.picked_up", label)]
    assert refusal(services, OTP).reason == Refusal.USED


def test_the_otp_digits_are_never_stored(services: Services) -> None:
    add_release(services, "r-1", OTP)
    load(services, "r-1")
    services.citizen_doors.begin_pickup(OTP)
    services.ctx.store.close()
    raw = services.ctx.store.path.read_bytes()
    wal = services.ctx.store.path.with_name(services.ctx.store.path.name + "-wal")
    assert OTP.encode() not in raw + (wal.read_bytes() if wal.exists() else b"")


def test_a_code_is_refused_while_its_door_is_being_opened(services: Services) -> None:
    add_release(services, "r-1", OTP)
    load(services, "r-1")
    services.citizen_doors.begin_pickup(OTP)
    assert refusal(services, OTP).reason == Refusal.BUSY


def test_a_door_that_never_opened_keeps_the_result_collectable(services: Services) -> None:
    add_release(services, "r-1", OTP)
    label = load(services, "r-1")
    grant = services.citizen_doors.begin_pickup(OTP)
    services.doors.failed(grant.intent_id)
    row = compartment(services, label)
    assert (row["content"], row["out_of_service"], row["oos_reason"]) == (
        "result",
        1,
        "door_jammed",
    )
    assert events(services)[-2:] == [("result.pickup_failed", label), ("alarm.raised", label)]
    # Once staff fix the door, the same code still works.
    services.staff_doors.return_to_service(label, "technician:kt-01")
    assert services.citizen_doors.begin_pickup(OTP).compartment == label


@pytest.mark.parametrize("tries", [1, 5, 10])
def test_wrong_code_says_the_same_for_existing_and_invented_dossiers(
    tmp_path: Path, tries: int
) -> None:
    def answers(named: str) -> list[tuple[Refusal, int | None]]:
        settings = load_settings(None, env={"KIOSK_DATA_DIR": str(tmp_path / named)})
        services = open_services(settings, FakeClock())
        add_release(services, "r-1", OTP, dossier_code="000.00.07.H29-251123-0001")
        load(services, "r-1")
        out = []
        for i in range(tries):
            services.ctx.clock.advance(16 * 60)  # type: ignore[attr-defined]
            r = refusal(services, f"1111111{i}", dossier_code=named)
            out.append((r.reason, r.tries_left))
        services.close()
        return out

    assert answers("000.00.07.H29-251123-0001") == answers("000.00.07.H29-251123-9999")


def test_dead_codes_say_so_and_a_live_one_not_yet_loaded_needs_the_phone_digits(
    services: Services, clock: FakeClock
) -> None:
    add_release(services, "r-1", "11112222", expires_in_s=60)
    load(services, "r-1")
    add_release(services, "r-2", "33334444", status="revoked")
    add_release(services, "r-3", "55556666")
    clock.advance(61)
    assert refusal(services, "11112222").reason == Refusal.EXPIRED
    assert refusal(services, "33334444").reason == Refusal.REVOKED
    # A live code that cannot open its door yet is not confirmed on its own ...
    assert refusal(services, "55556666").reason == Refusal.WRONG_CODE
    # ... only with its holder's phone digits; wrong digits get the plain answer.
    assert refusal(services, "55556666", phone_digits="821").reason == Refusal.NOT_READY
    assert refusal(services, "55556666", phone_digits="999").reason == Refusal.WRONG_CODE
    # Each of these opened no door: each counted, but for the holder's own (right code, right
    # digits): the result not being there yet is not their mistake.
    assert failures(services) == 4


def failures(services: Services) -> int:
    return len(services.ctx.store.query("SELECT id FROM otp_failures"))


def test_a_reissued_code_replaces_the_old_one(services: Services) -> None:
    add_release(services, "r-1", OTP)
    load(services, "r-1")
    add_release(services, "r-1", "99990000", version=2)
    assert refusal(services, OTP).reason == Refusal.WRONG_CODE
    assert services.citizen_doors.begin_pickup("99990000").release_id == "r-1"


def test_two_results_under_one_code_ask_for_the_phone_digits(services: Services) -> None:
    add_release(services, "r-1", OTP, phone_last_digits="821")
    add_release(services, "r-2", OTP, phone_last_digits="357")
    load(services, "r-1")
    load(services, "r-2")
    assert refusal(services, OTP).reason == Refusal.NEED_PHONE_DIGITS
    assert services.citizen_doors.begin_pickup(OTP, phone_digits="357").release_id == "r-2"


def test_several_results_each_open_their_own_door(services: Services) -> None:
    add_release(services, "r-1", "11111111")
    add_release(services, "r-2", "22222222")
    a, b = load(services, "r-1"), load(services, "r-2")
    assert a != b
    for otp, label in (("11111111", a), ("22222222", b)):
        grant = services.citizen_doors.begin_pickup(otp)
        assert grant.compartment == label
        open_and_close(services, grant, item=False)


def test_after_three_wrong_codes_every_attempt_needs_the_phone_digits(
    services: Services,
) -> None:
    add_release(services, "r-1", OTP)
    load(services, "r-1")
    for i in range(3):
        assert refusal(services, f"0000000{i}").reason == Refusal.WRONG_CODE
    # Asked before the code is looked at: a wrong code and a right one get the same question.
    assert refusal(services, "00000009").reason == Refusal.NEED_PHONE_DIGITS
    assert refusal(services, OTP).reason == Refusal.NEED_PHONE_DIGITS
    assert failures(services) == 3  # the question is not an attempt
    assert refusal(services, OTP, phone_digits="000").reason == Refusal.WRONG_CODE
    assert services.citizen_doors.begin_pickup(OTP, phone_digits="821").release_id == "r-1"


def test_a_right_code_forgives_its_holders_typos(services: Services, clock: FakeClock) -> None:
    add_release(services, "r-1", OTP)
    add_release(services, "r-2", "22223333")
    load(services, "r-1")
    load(services, "r-2")
    for i in range(2):
        refusal(services, f"0000000{i}")
    clock.advance(30)
    open_and_close(services, services.citizen_doors.begin_pickup(OTP), item=False)
    # Two typos forgiven: the next citizen's one typo does not make the kiosk ask for digits.
    refusal(services, "00000009")
    assert services.citizen_doors.begin_pickup("22223333").release_id == "r-2"


def test_typed_codes_wait_after_ten_wrong_ones_in_a_row(
    services: Services, clock: FakeClock
) -> None:
    answers = [refusal(services, f"1{i:07d}", phone_digits="000") for i in range(11)]
    assert [a.wait_s for a in answers[:10]] == [0] * 10
    assert answers[10].wait_s == pytest.approx(30)
    blocked = refusal(services, "00000009", phone_digits="000")
    assert blocked.reason == Refusal.DELAY
    assert blocked.wait_s == pytest.approx(30)
    clock.advance(31)
    assert refusal(services, "00000008", phone_digits="000").wait_s == pytest.approx(60)
    assert refusal(services, "00000007", phone_digits="000").reason == Refusal.DELAY
    # A quiet day later the run starts again.
    clock.advance(25 * 3600)
    assert refusal(services, "00000006", phone_digits="000").wait_s == 0


def test_turning_the_wall_clock_back_lifts_no_delay(services: Services, clock: FakeClock) -> None:
    for i in range(11):
        refusal(services, f"0{i:07d}", phone_digits="000")
    clock.set_wall(clock.wall_now - 3600)
    assert refusal(services, "00000009", phone_digits="000").reason == Refusal.DELAY


def test_a_qr_is_never_held_up_by_wrong_typed_codes(services: Services) -> None:
    code = add_release(services, "r-1", OTP)
    load(services, "r-1")
    for i in range(11):
        refusal(services, f"0{i:07d}", phone_digits="000")
    assert refusal(services, "00000009", phone_digits="000").reason == Refusal.DELAY
    grant = services.citizen_doors.begin_pickup(OTP, dossier_code=code, phone_digits="821")
    assert grant.release_id == "r-1"


def test_dossier_held_after_five_wrong_codes_in_a_row(services: Services, clock: FakeClock) -> None:
    code = add_release(services, "r-1", OTP)
    load(services, "r-1")
    for i in range(5):
        refusal(services, f"1000000{i}", dossier_code=code, phone_digits="821")
    clock.advance(121)
    held = refusal(services, OTP, dossier_code=code, phone_digits="821")
    assert held.reason == Refusal.PAUSED
    assert held.wait_s == pytest.approx(15 * 60 - 121)
    clock.advance(15 * 60)
    grant = services.citizen_doors.begin_pickup(OTP, dossier_code=code, phone_digits="821")
    assert grant.release_id == "r-1"


def test_ten_wrong_codes_in_total_void_the_code_and_tell_the_central_system(
    services: Services, clock: FakeClock
) -> None:
    code = add_release(services, "r-1", OTP)
    load(services, "r-1")
    for i in range(10):
        clock.advance(16 * 60)
        refusal(services, f"2000000{i}", dossier_code=code, phone_digits="821")
    voided = services.ctx.store.query(
        "SELECT dossier_code, release_id, actor, data FROM outbox WHERE type = 'result.code_voided'"
    )
    assert [tuple(v) for v in voided] == [
        (code, "r-1", "citizen", '{"reason": "too_many_failures"}')
    ]
    clock.advance(16 * 60)
    assert refusal(services, OTP, phone_digits="821").reason == Refusal.VOID
    # An invented dossier's code can be void too, but nobody is told about it.
    for i in range(10):
        clock.advance(16 * 60)
        invented = "000.00.07.H29-251123-9999"
        refusal(services, f"3000000{i}", dossier_code=invented, phone_digits="821")
    assert (
        len(services.ctx.store.query("SELECT 1 FROM outbox WHERE type = 'result.code_voided'")) == 1
    )


def test_guessing_raises_the_lockout_alarm_after_twenty_wrong_codes_a_day(
    services: Services, clock: FakeClock
) -> None:
    for i in range(19):
        clock.advance(600)
        code = f"000.00.07.H29-251123-{i:04d}"
        refusal(services, f"4{i:07d}", dossier_code=code, phone_digits="000")
    assert ("alarm.raised", None) not in events(services)
    clock.advance(600)
    refusal(services, "49999999", dossier_code="000.00.07.H29-251123-0999", phone_digits="000")
    assert events(services)[-1] == ("alarm.raised", None)
    alarms = services.ctx.store.query("SELECT kind, subject FROM alarms WHERE cleared_at IS NULL")
    assert [tuple(a) for a in alarms] == [("lockout", "otp")]


def test_the_wait_reaching_its_cap_raises_the_lockout_alarm(
    services: Services, clock: FakeClock
) -> None:
    waits = []
    for i in range(16):
        answer = refusal(services, f"5{i:07d}", phone_digits="000")
        waits.append(answer.wait_s)
        clock.advance(max(answer.wait_s, 1) + 1)
    assert waits[10:] == [30, 60, 120, 240, 480, 900]
    lockouts = services.ctx.store.query("SELECT details FROM alarms WHERE kind = 'lockout'")
    assert "cap" in lockouts[0][0]


@pytest.mark.parametrize(
    ("otp", "kw"),
    [
        ("1234567", {}),
        ("1234567a", {}),
        ("12345678", {"dossier_code": "x" * 200_000}),
        ("12345678", {"dossier_code": "000.00.07.H29-251123-0001\n"}),
        ("12345678", {"phone_digits": "12a"}),
    ],
)
def test_malformed_values_are_refused_before_anything_is_written(
    services: Services, otp: str, kw: dict[str, str]
) -> None:
    def sizes() -> tuple[int, int, int]:
        q = services.ctx.store.query
        return (
            len(q("SELECT seq FROM audit")),
            len(q("SELECT scope FROM otp_attempts")),
            len(q("SELECT id FROM otp_failures")),
        )

    before = sizes()
    assert refusal(services, otp, **kw).reason == Refusal.BAD_CODE_FORMAT
    assert sizes() == before
