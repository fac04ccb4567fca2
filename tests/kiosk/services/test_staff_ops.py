"""What staff see and do: the occupancy map, loading proposals, the re-open grace, the lists."""

from __future__ import annotations

from datetime import datetime

import pytest

from kiosk.clock import FakeClock
from kiosk.domain import Size
from kiosk.services import staff_ops
from kiosk.services.core import Services
from kiosk.services.refusals import Refusal, Refused
from kiosk.services.staff_ops import CompartmentState, GraceOver, LoadedEnvelope, RecallReason
from tests.kiosk.helpers import STAFF, add_release, compartment, events, load, open_and_close

DROPOFF_CODE = "000.00.07.H29-251123-0101"


def states(services: Services) -> dict[str, CompartmentState]:
    return {v.label: v.state for v in staff_ops.occupancy(services)}


def test_occupancy_map_shows_every_state(services: Services, clock: FakeClock) -> None:
    add_release(services, "r-1", "11111111")
    add_release(services, "r-2", "22222222", expires_in_s=60)
    loaded = load(services, "r-1")
    expiring = load(services, "r-2")
    drop = services.citizen_doors.begin_dropoff(DROPOFF_CODE, Size.L, verified=True)
    open_and_close(services, drop, item=True)
    services.staff_doors.set_out_of_service("C08", "Khóa kẹt", STAFF)
    opening = services.staff_doors.begin_inspect("B02", STAFF)
    services.doors.opened(opening.intent_id)
    clock.advance(120)

    views = {v.label: v for v in staff_ops.occupancy(services)}
    assert len(views) == len(services.ctx.settings.locker.compartments)
    assert views[loaded].state is CompartmentState.LOADED
    assert views[loaded].holder_masked == "N***** V** An"
    assert views[expiring].state is CompartmentState.EXPIRED
    assert views[expiring].recall is RecallReason.EXPIRED
    assert views[drop.compartment].state is CompartmentState.DROPOFF
    assert views[drop.compartment].dossier_code == DROPOFF_CODE
    assert (views["C08"].state, views["C08"].oos_reason) == (
        CompartmentState.OUT_OF_SERVICE,
        "Khóa kẹt",
    )
    assert views["B02"].state is CompartmentState.OPEN and views["B02"].busy
    assert views["A01"].state is CompartmentState.FREE


def test_proposal_names_the_holder_masked_and_the_door_that_fits(services: Services) -> None:
    code = add_release(services, "r-7", "77777777", size_hint="M")
    proposal = staff_ops.propose(services, code)
    assert proposal.release.holder_masked == "N***** V** An"
    assert proposal.size is Size.M
    assert proposal.compartment == "A04"  # the smallest fitting door, middle height first
    others = staff_ops.free_for(services, Size.M)
    assert "A04" in others and "A01" not in others and "A07" in others
    load(services, "r-7", proposal.compartment)
    with pytest.raises(Refused) as again:
        staff_ops.propose(services, code)
    assert again.value.reason is Refusal.ALREADY_LOADED
    with pytest.raises(Refused) as unknown:
        staff_ops.propose(services, "000.00.07.H29-251123-9999")
    assert unknown.value.reason is Refusal.UNKNOWN_DOSSIER


def test_reopen_grace_swap_keeps_the_load_and_empty_takes_it_back(
    services: Services, clock: FakeClock
) -> None:
    add_release(services, "r-1", "11111111")
    label = load(services, "r-1")
    grace = services.ctx.settings.timeouts.reopen_grace_s
    assert staff_ops.grace_left(services, label, STAFF) == grace
    assert staff_ops.grace_left(services, label, "staff:someone-else") == 0

    # Wrong envelope: re-opened, swapped, closed with an envelope inside: still loaded.
    clock.advance(10)
    swap = staff_ops.begin_reopen(services, label, STAFF)
    open_and_close(services, swap, item=True)
    assert compartment(services, label)["content"] == "result"
    assert [e[0] for e in events(services)] == ["result.loaded"]

    # Wrong door: re-opened and emptied, to be loaded elsewhere.
    back = staff_ops.begin_reopen(services, label, STAFF)
    open_and_close(services, back, item=False)
    assert compartment(services, label)["content"] == "empty"
    assert events(services) == [("result.loaded", label), ("result.retrieved", label)]
    other = load(services, "r-1", "B03")
    assert events(services)[-1] == ("result.loaded", other)

    clock.advance(grace + 1)
    assert staff_ops.grace_left(services, other, STAFF) == 0
    with pytest.raises(GraceOver):
        staff_ops.begin_reopen(services, other, STAFF)


def test_dropoff_and_recall_lists(services: Services, clock: FakeClock) -> None:
    drop = services.citizen_doors.begin_dropoff(DROPOFF_CODE, None, verified=False)
    open_and_close(services, drop, item=True)
    add_release(services, "r-1", "11111111")
    add_release(services, "r-2", "22222222", expires_in_s=60)
    add_release(services, "r-3", "33333333", expires_in_s=90 * 86400)
    for r in ("r-1", "r-2", "r-3"):
        load(services, r)
    add_release(services, "r-1", "11111111", status="revoked", version=2)
    clock.advance((services.ctx.settings.retention.uncollected_days + 1) * 86400)

    (item,) = staff_ops.dropoffs(services)
    assert (item.label, item.dossier_code, item.verified) == (drop.compartment, DROPOFF_CODE, False)
    reasons = {r.release_id: r.reason for r in staff_ops.recalls(services)}
    assert reasons == {
        "r-1": RecallReason.REVOKED,
        "r-2": RecallReason.EXPIRED,
        "r-3": RecallReason.OVERDUE,
    }


def test_loading_summary_receipt_lists_every_envelope(services: Services) -> None:
    envelopes = [
        LoadedEnvelope("000.00.07.H29-251120-0001", "Đăng ký khai sinh", "N** An", "A03", "r-1"),
        LoadedEnvelope("000.00.07.H29-251120-0002", "Đăng ký kết hôn", "L* Mai", "B01", "r-2"),
    ]
    at = datetime(2026, 11, 23, 21, 7).astimezone()
    receipt = staff_ops.loading_summary(
        services.ctx.settings, "Trần Thị Bình", STAFF, envelopes, at
    )
    assert receipt.title == "PHIẾU TỔNG HỢP NẠP KẾT QUẢ"
    assert receipt.compartment == "A03, B01"
    assert receipt.extra_lines == (
        "A03  000.00.07.H29-251120-0001",
        "B01  000.00.07.H29-251120-0002",
    )
    assert receipt.dossier_code == receipt.qr_data == "NAP-261123-2107-cb-0142"
    assert "Đã nạp 2 kết quả" in receipt.message
