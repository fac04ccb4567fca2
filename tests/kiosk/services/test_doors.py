"""Loading, drop-off, collection, recall, out of service, and reconciling doors after a crash."""

from __future__ import annotations

import json
import logging
import re

import pytest

from drivers.config import BoardConfig
from kiosk.clock import FakeClock
from kiosk.domain import AlarmKind, Content, DoorPurpose, Size
from kiosk.services import inspections, staff_ops
from kiosk.services.core import Services, open_services
from kiosk.services.doors import Closing, DoorBusy, DoorReading
from kiosk.services.free_doors import free_doors
from kiosk.services.inspections import Finding
from kiosk.services.layout import sync_layout
from kiosk.services.refusals import Refusal, Refused
from kiosk.settings import Settings
from kiosk.store import audit
from tests.kiosk.helpers import STAFF, add_release, compartment, events, load, open_and_close

CODE = "000.00.07.H29-251123-0042"


def test_load_chooses_the_smallest_free_door_that_fits(services: Services) -> None:
    add_release(services, "r-1", "11111111", size_hint="M")
    label = load(services, "r-1")
    row = compartment(services, label)
    assert (row["size"], row["content"], row["height"]) == ("M", "result", "middle")


def test_load_refuses_occupied_disabled_and_too_small_doors(services: Services) -> None:
    add_release(services, "r-1", "11111111", size_hint="S")
    add_release(services, "r-2", "22222222", size_hint="L")
    load(services, "r-1", "A03")
    for label in ("A03", "A01"):  # occupied; S is too small for L
        with pytest.raises(Refused) as info:
            services.staff_doors.begin_load("r-2", STAFF, label)
        assert info.value.reason == Refusal.NOT_SUITABLE
    services.staff_doors.set_out_of_service("A07", "broken hinge", STAFF)
    with pytest.raises(Refused):
        services.staff_doors.begin_load("r-2", STAFF, "A07")
    with pytest.raises(Refused) as again:
        services.staff_doors.begin_load("r-1", STAFF)
    assert again.value.reason == Refusal.ALREADY_LOADED


def test_load_closed_on_an_empty_compartment_loads_nothing(services: Services) -> None:
    add_release(services, "r-1", "11111111")
    grant = services.staff_doors.begin_load("r-1", STAFF)
    open_and_close(services, grant, item=False)
    assert compartment(services, grant.compartment)["content"] == "empty"
    assert events(services) == []
    assert load(services, "r-1")  # may be loaded again


def test_dropoff_received_then_collected_by_staff(services: Services) -> None:
    grant = services.citizen_doors.begin_dropoff(CODE, None, verified=False)
    open_and_close(services, grant, item=True)
    assert compartment(services, grant.compartment)["content"] == "dropoff"
    take = services.staff_doors.begin_collect(grant.compartment, STAFF)
    services.doors.opened(take.intent_id)
    services.doors.closed(take.compartment, item=True)  # still inside: not collected
    assert compartment(services, grant.compartment)["content"] == "dropoff"
    take = services.staff_doors.begin_collect(grant.compartment, STAFF)
    open_and_close(services, take, item=False)
    assert compartment(services, grant.compartment)["content"] == "empty"
    kinds = [e[0] for e in events(services)]
    assert kinds == ["dropoff.received", "dropoff.collected"]
    actor = services.ctx.store.one("SELECT actor FROM outbox WHERE type = 'dropoff.collected'")
    assert actor is not None and actor[0] == STAFF


def test_dropoff_with_a_chosen_size_and_a_full_locker(services: Services) -> None:
    grant = services.citizen_doors.begin_dropoff(CODE, Size.L, verified=True)
    assert compartment(services, grant.compartment)["size"] == "L"
    with pytest.raises(Refused) as bad:
        services.citizen_doors.begin_dropoff("not a code", None, verified=False)
    assert bad.value.reason == Refusal.BAD_CODE_FORMAT
    for _ in range(5):  # the 6 L doors: one is taken by the pending intent above
        services.citizen_doors.begin_dropoff(CODE, Size.L, verified=True)
    with pytest.raises(Refused) as full:
        services.citizen_doors.begin_dropoff(CODE, Size.L, verified=True)
    assert full.value.reason == Refusal.NO_FREE_COMPARTMENT


def _audit_since(services: Services, seq: int) -> list[tuple[str, str, dict[str, object]]]:
    rows = services.ctx.store.query(
        "SELECT action, subject, details FROM audit WHERE seq > ? ORDER BY seq", (seq,)
    )
    return [(r[0], r[1], json.loads(r[2])) for r in rows]


def _last_audit(services: Services) -> int:
    row = services.ctx.store.one("SELECT coalesce(max(seq), 0) FROM audit")
    assert row is not None
    return int(row[0])


def test_a_dropoff_withdrawn_at_its_door_and_shut_empty_is_cancelled_in_one_step(
    services: Services,
) -> None:
    grant = services.citizen_doors.begin_dropoff(CODE, Size.S, verified=True)
    label = grant.compartment
    assert not services.doors.withdraw(grant.intent_id)  # not seen open yet: nothing to take
    services.doors.opened(grant.intent_id)
    before = _last_audit(services)
    assert services.doors.withdraw(grant.intent_id)
    assert _audit_since(services, before) == []  # nothing has changed hands yet
    assert services.doors.closed(label, False) == Closing(DoorPurpose.DROPOFF, False, label)
    # One transaction, one audit record: the intent ended, the staged drop-off gone.
    assert _audit_since(services, before) == [
        ("door.aborted", label, {"intent": grant.intent_id, "note": "withdrawn"})
    ]
    assert services.ctx.store.query("SELECT * FROM dropoffs") == []
    row = compartment(services, label)
    assert (row["content"], row["intent_id"], row["out_of_service"]) == ("empty", None, 0)
    assert events(services) == []
    assert label in free_doors(services.ctx.store.conn, Size.S, exact=True)
    assert not services.doors.withdraw(grant.intent_id)  # settled already


def test_a_withdrawn_dropoff_shut_on_the_papers_is_received(services: Services) -> None:
    grant = services.citizen_doors.begin_dropoff(CODE, None, verified=True)
    services.doors.opened(grant.intent_id)
    assert services.doors.withdraw(grant.intent_id)
    closing = services.doors.closed(grant.compartment, True)
    assert closing == Closing(DoorPurpose.DROPOFF, True, grant.compartment)
    assert compartment(services, grant.compartment)["content"] == "dropoff"
    assert events(services) == [("dropoff.received", grant.compartment)]


def test_without_an_item_sensor_a_withdrawn_dropoff_is_cancelled_on_the_citizen_s_word(
    settings: Settings, clock: FakeClock
) -> None:
    """The door-only rule counts a drop-off closed in as received; taken back, only a sensor
    seeing the papers could say so."""
    bus = settings.devices.lock_bus.model_copy(
        update={"boards": [BoardConfig(address=0, item_sensors=False)]}
    )
    devices = settings.devices.model_copy(update={"lock_bus": bus})
    services = open_services(settings.model_copy(update={"devices": devices}), clock)
    try:
        grant = services.citizen_doors.begin_dropoff(CODE, Size.S, verified=True)
        services.doors.opened(grant.intent_id)
        services.doors.withdraw(grant.intent_id)
        closing = services.doors.closed(grant.compartment, None)
        assert closing is not None and not closing.fulfilled
        assert compartment(services, grant.compartment)["content"] == "empty"
        assert events(services) == []
    finally:
        services.close()


def test_free_sizes_are_those_with_a_free_door(services: Services) -> None:
    assert services.citizen_doors.free_sizes() == [Size.S, Size.M, Size.L]
    low = {c.size for c in services.ctx.settings.locker.compartments if c.height == "low"}
    assert services.citizen_doors.free_sizes(low_only=True) == [
        s for s in (Size.S, Size.M, Size.L) if s in low
    ]
    for c in services.ctx.settings.locker.compartments:
        if c.size is Size.M:
            services.staff_doors.set_out_of_service(c.label, "test", STAFF)
    assert services.citizen_doors.free_sizes() == [Size.S, Size.L]


def test_recall_of_revoked_expired_and_overdue_results(
    services: Services, clock: FakeClock
) -> None:
    add_release(services, "r-1", "11111111")
    add_release(services, "r-2", "22222222", expires_in_s=3600)
    add_release(services, "r-3", "33333333", expires_in_s=90 * 86400)
    labels = [load(services, r) for r in ("r-1", "r-2", "r-3")]
    add_release(services, "r-1", "11111111", status="revoked", version=2)
    clock.advance(7200)
    assert [r["release_id"] for r in services.staff_doors.due_for_recall()] == ["r-1", "r-2"]
    clock.advance(31 * 86400)
    assert len(services.staff_doors.due_for_recall()) == 3
    grant = services.staff_doors.begin_retrieve(labels[0], STAFF)
    open_and_close(services, grant, item=False)
    assert events(services)[-1] == ("result.retrieved", labels[0])
    with pytest.raises(Refused):
        services.staff_doors.begin_retrieve(labels[0], STAFF)


def test_one_door_command_at_a_time(services: Services) -> None:
    services.staff_doors.begin_inspect("A01", STAFF)
    with pytest.raises(DoorBusy):
        services.staff_doors.begin_inspect("A01", STAFF)


def test_papers_left_after_pickup_hand_nothing_over_and_the_code_still_works(
    services: Services,
) -> None:
    add_release(services, "r-1", "11111111")
    label = load(services, "r-1")
    open_and_close(services, services.citizen_doors.begin_pickup("11111111"), item=True)
    row = compartment(services, label)
    assert (row["content"], row["out_of_service"]) == ("result", 0)
    assert ("result.picked_up", label) not in events(services)
    assert services.doors.papers_left(label)  # the citizen left: staff are told
    alarm = services.ctx.store.one("SELECT kind, subject, details FROM alarms")
    assert alarm is not None and tuple(alarm)[:2] == ("item_left", label)
    open_and_close(services, services.citizen_doors.begin_pickup("11111111"), item=False)
    assert ("result.picked_up", label) in events(services)
    assert services.ctx.store.one("SELECT cleared_at FROM alarms")[0] is not None


def test_a_door_that_closes_empty_where_a_result_was_raises_item_missing(
    services: Services,
) -> None:
    add_release(services, "r-1", "11111111")
    label = load(services, "r-1")
    open_and_close(services, services.staff_doors.begin_inspect(label, STAFF), item=False)
    row = compartment(services, label)
    assert (row["content"], row["out_of_service"], row["oos_reason"]) == (
        "result",
        1,
        "item_missing",
    )
    alarm = services.ctx.store.one("SELECT kind, subject FROM alarms")
    assert alarm is not None and tuple(alarm) == ("item_missing", label)


def test_a_board_without_item_sensors_counts_a_pickup_when_the_door_opens(
    settings: Settings, clock: FakeClock
) -> None:
    bus = settings.devices.lock_bus.model_copy(
        update={"boards": [BoardConfig(address=0, item_sensors=False)]}
    )
    devices = settings.devices.model_copy(update={"lock_bus": bus})
    services = open_services(settings.model_copy(update={"devices": devices}), clock)
    try:
        add_release(services, "r-1", "11111111")
        label = load(services, "r-1")
        grant = services.citizen_doors.begin_pickup("11111111")
        services.doors.opened(grant.intent_id)
        assert compartment(services, label)["content"] == "empty"
        assert services.doors.closed(label, None) == Closing(DoorPurpose.PICKUP, True, label)
        assert [e for e in events(services) if e[0] == "result.picked_up"] == [
            ("result.picked_up", label)
        ]
    finally:
        services.close()


@pytest.mark.parametrize(
    ("reading", "content", "picked_up"),
    [
        (DoorReading(open=False, item=False), "empty", True),  # taken while we were down
        (DoorReading(open=False, item=True), "result", False),  # never opened
        (DoorReading(open=True, item=True), "result", False),  # open now: counted when shut
    ],
)
@pytest.mark.logs(logging.WARNING)
def test_reconcile_an_interrupted_pickup(
    services: Services, reading: DoorReading, content: str, picked_up: bool
) -> None:
    add_release(services, "r-1", "11111111")
    label = load(services, "r-1")
    services.citizen_doors.begin_pickup("11111111")  # the kiosk dies before the unlock returns
    services.doors.reconcile({label: reading})
    assert compartment(services, label)["content"] == content
    assert (("result.picked_up", label) in events(services)) is picked_up
    services.doors.reconcile({label: reading})  # a second restart changes nothing more
    assert [e for e in events(services) if e[0] == "result.picked_up"] == (
        [("result.picked_up", label)] if picked_up else []
    )


@pytest.mark.logs(logging.WARNING)
def test_reconcile_without_readings_raises_an_alarm_and_guesses_nothing(
    services: Services,
) -> None:
    add_release(services, "r-1", "11111111")
    label = load(services, "r-1")
    services.citizen_doors.begin_pickup("11111111")
    services.doors.reconcile({label: None})
    row = compartment(services, label)
    assert (row["content"], row["out_of_service"]) == ("result", 1)
    alarm = services.ctx.store.one("SELECT kind, subject FROM alarms")
    assert alarm is not None and tuple(alarm) == ("check_compartment", label)


@pytest.mark.logs(logging.WARNING)
def test_reconcile_an_interrupted_load_and_dropoff(services: Services) -> None:
    add_release(services, "r-1", "11111111")
    load_grant = services.staff_doors.begin_load("r-1", STAFF)
    services.doors.opened(load_grant.intent_id)
    drop = services.citizen_doors.begin_dropoff(CODE, None, verified=False)
    services.doors.reconcile(
        {
            load_grant.compartment: DoorReading(open=False, item=True),
            drop.compartment: DoorReading(open=False, item=False),
        }
    )
    assert compartment(services, load_grant.compartment)["content"] == "result"
    assert compartment(services, drop.compartment)["content"] == "empty"
    assert services.ctx.store.query("SELECT count(*) FROM dropoffs")[0][0] == 0
    assert audit.verify(services.ctx.store.conn).ok


@pytest.mark.logs(logging.WARNING)
def test_a_restart_before_a_withdrawn_dropoff_closes_still_honours_it(
    services: Services,
) -> None:
    """Shut while the kiosk was down, a withdrawn drop-off on a board whose item sensor is
    not trusted is settled on the citizen's word, as it would have been running."""
    grant = services.citizen_doors.begin_dropoff(CODE, Size.S, verified=True)
    services.doors.opened(grant.intent_id)
    services.doors.withdraw(grant.intent_id)
    decisions = services.doors.reconcile({grant.compartment: DoorReading(open=False, item=None)})
    assert decisions == [f"{grant.compartment}: closed: nothing changed"]
    assert compartment(services, grant.compartment)["content"] == "empty"
    assert services.ctx.store.query("SELECT count(*) FROM dropoffs")[0][0] == 0


def test_out_of_service_and_back(services: Services) -> None:
    services.staff_doors.set_out_of_service("B02", "cửa kẹt", STAFF)
    assert compartment(services, "B02")["out_of_service"] == 1
    services.staff_doors.return_to_service("B02", STAFF)
    assert compartment(services, "B02")["out_of_service"] == 0


def test_rating_goes_to_the_outbox(services: Services) -> None:
    services.citizen_doors.submit_rating(5, CODE, None)
    row = services.ctx.store.one("SELECT type, data, actor FROM outbox")
    assert row is not None and tuple(row) == ("rating.submitted", '{"score": 5}', "citizen")
    with pytest.raises(ValueError, match=r"1\.\.5"):
        services.citizen_doors.submit_rating(6, CODE, None)


def test_layout_changes_are_applied_and_audited_once(services: Services) -> None:
    layout = list(services.ctx.settings.locker.compartments)
    before = services.ctx.store.query("SELECT count(*) FROM audit")[0][0]
    sync_layout(services.ctx, layout)  # nothing changed: nothing written
    assert services.ctx.store.query("SELECT count(*) FROM audit")[0][0] == before
    add_release(services, "r-1", "11111111")
    label = load(services, "r-1")
    sync_layout(services.ctx, [c for c in layout if c.label != label])
    row = compartment(services, label)
    assert (row["disabled"], row["content"]) == (1, "result")  # kept, not forgotten
    with pytest.raises(Refused):
        services.staff_doors.begin_load("r-1", STAFF, label)


def test_alarms_the_kiosk_raises_by_itself_carry_a_contract_actor(services: Services) -> None:
    from kiosk.domain import SYSTEM
    from kiosk.services import alarms
    from sync.wire import ACTOR_PATTERN

    ctx = services.ctx
    with ctx.store.transaction() as conn:
        alarms.raise_alarm(conn, ctx.clock, "board_offline", "board:1")
        alarms.clear_kind(conn, ctx.clock, "board_offline", "board:1", SYSTEM)
    rows = ctx.store.query("SELECT type, actor, data FROM outbox ORDER BY seq")
    assert [(r[0], r[1]) for r in rows] == [
        ("alarm.raised", "kiosk"),
        ("alarm.cleared", "kiosk"),
    ]
    assert all(re.match(ACTOR_PATTERN, r[1]) for r in rows)
    assert all(r[2] == '{"kind": "board_offline"}' for r in rows)


@pytest.mark.logs(logging.WARNING)
def test_a_returning_board_keeps_a_door_whose_sensors_disagree_out_of_service(
    services: Services,
) -> None:
    add_release(services, "r-1", "11111111")
    label = load(services, "r-1")
    grant = services.citizen_doors.begin_pickup("11111111")
    services.doors.failed(grant.intent_id, AlarmKind.BOARD_OFFLINE, "board:0")
    # Shut but empty where the store says a result is: uncertain, for staff.
    assert services.doors.board_returned(label, DoorReading(open=False, item=False)) is False
    row = compartment(services, label)
    assert (row["content"], row["out_of_service"], row["oos_reason"]) == (
        "result",
        1,
        "check_compartment",
    )
    kinds = [tuple(r) for r in services.ctx.store.query("SELECT kind, subject FROM alarms")]
    assert kinds == [("board_offline", "board:0"), ("check_compartment", label)]
    # A door not waiting for its board is left alone.
    assert services.doors.board_returned(label, DoorReading(open=False, item=True)) is None


@pytest.mark.parametrize("found", [Finding.PRESENT, Finding.MISSING])
@pytest.mark.logs(logging.WARNING)
def test_a_load_a_restart_cannot_judge_is_settled_by_the_inspections_finding(
    services: Services, found: Finding
) -> None:
    add_release(services, "r-1", "11111111")
    [(code,)] = services.ctx.store.query("SELECT dossier_code FROM releases")
    grant = services.staff_doors.begin_load("r-1", STAFF)  # the kiosk dies before the answer
    label = grant.compartment
    services.doors.reconcile({label: None})  # and at start-up the board cannot be read
    row = compartment(services, label)
    assert (row["content"], row["out_of_service"], row["oos_reason"]) == (
        "empty",
        1,
        "check_compartment",
    )
    [(details,)] = services.ctx.store.query("SELECT details FROM alarms")
    assert json.loads(details)["dossier_code"] == code
    assert staff_ops.compartment(services, label).dossier_code == code  # staff see whose
    with pytest.raises(Refused):  # not loaded twice while nobody knows where it is
        services.staff_doors.begin_load("r-1", STAFF)
    assert inspections.findings_for(Content.EMPTY, maybe=True) == (
        Finding.PRESENT,
        Finding.MISSING,
    )

    inspections.inspected(services.ctx, label, "staff:cb-0900", found)

    results = services.ctx.store.query("SELECT compartment, state, loaded_by FROM results")
    loaded = [e for e in events(services) if e[0] == "result.loaded"]
    if found is Finding.PRESENT:  # it went in: loaded and reported under its loader
        assert [tuple(r) for r in results] == [(label, "loaded", STAFF)]
        assert compartment(services, label)["content"] == "result"
        assert loaded == [("result.loaded", label)]
        assert services.citizen_doors.begin_pickup("11111111").compartment == label
    else:  # it never did: nothing staged is left, and the envelope may be loaded again
        assert results == []
        assert compartment(services, label)["content"] == "empty"
        assert loaded == []
        assert services.staff_doors.begin_load("r-1", STAFF).purpose is DoorPurpose.LOAD
    assert compartment(services, label)["out_of_service"] == 0
    assert audit.verify(services.ctx.store.conn).ok


@pytest.mark.logs(logging.WARNING)
def test_a_drop_off_a_restart_cannot_judge_and_staff_find_inside_is_received(
    services: Services,
) -> None:
    grant = services.citizen_doors.begin_dropoff(CODE, None, verified=False)
    services.doors.reconcile({grant.compartment: None})
    inspections.inspected(services.ctx, grant.compartment, "staff:cb-0900", Finding.PRESENT)
    assert [tuple(r) for r in services.ctx.store.query("SELECT state FROM dropoffs")] == [
        ("received",)
    ]
    assert ("dropoff.received", grant.compartment) in events(services)
    assert compartment(services, grant.compartment)["content"] == "dropoff"
