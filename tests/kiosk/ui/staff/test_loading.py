"""A loading session at the touchscreen, against the simulated lock boards and printer."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest

from drivers.locks import cu16
from kiosk.domain import Size
from kiosk.services.free_doors import free_doors
from kiosk.services.refusals import Refusal, Refused
from kiosk.store.privacy import mask_name
from kiosk.ui.staff.machine import StaffScreen
from kiosk.ui.staff.screens.load import LoadConfirmPage, LoadPickPage, LoadScanPage
from kiosk.ui.staff.screens.load_end import LoadDonePage, LoadSummaryPage
from tests.kiosk.ui.staff.conftest import Staffed


def _load_one(staffed: Staffed) -> str:
    """Sign in, scan a waiting envelope, load it into the proposed door: that door."""
    staffed.sign_in(staffed.hire("cb-0400"))
    staffed.choose(StaffScreen.LOAD_SCAN)
    door, _ = staffed.load_envelope()
    return door


def test_a_loading_session_with_another_door_a_reopen_and_a_printed_summary(  # noqa: PLR0915
    make_staffed: Callable[..., Staffed],
) -> None:
    staffed = make_staffed()
    kiosk = staffed.kiosk
    loaded = {item.dossier_code for item in kiosk.loaded}
    waiting = [code for code in kiosk.central.seed_otps if code not in loaded]
    first, second = waiting[0], waiting[1]
    member = staffed.hire("cb-0400")
    staffed.sign_in(member)
    staffed.choose(StaffScreen.LOAD_SCAN)

    # The envelope's code is scanned: whose it is, and the door the kiosk proposes.
    staffed.scan(first)
    staffed.wait_for(StaffScreen.LOAD_CONFIRM)
    ((stored, release_id),) = kiosk.rows(
        "SELECT holder_name, release_id FROM releases WHERE dossier_code = ?", first
    )
    with kiosk.central.lock:
        _, item = kiosk.central.kiosk(kiosk.runtime.settings.kiosk.id).releases[release_id]
    holder = item["holder_name"]
    confirm = staffed.page(LoadConfirmPage)
    # The full name the central system sent is neither shown nor stored.
    assert stored == mask_name(holder) != holder
    assert f"Người nhận: {mask_name(holder)}" in confirm.facts.text()
    assert holder not in confirm.facts.text()
    proposed = confirm.compartment
    assert proposed is not None and confirm.open_button.text() == f"Mở ô {proposed}"

    # Staff pick another door; it opens (the board received its unlock frame).
    staffed.tap(confirm.pick_button)
    staffed.wait_for(StaffScreen.LOAD_PICK)
    pick = staffed.page(LoadPickPage)
    chosen = [door for door in pick.free if door != proposed][-1]
    staffed.tap(pick.grid.doors[chosen])
    staffed.close_when_open(chosen, item=True)
    locks = kiosk.sims.locks
    assert locks is not None and cu16.unlock_request(*kiosk.door(chosen)) in locks.received
    staffed.wait_for(StaffScreen.LOAD_DONE)
    assert kiosk.rows("SELECT compartment, state, loaded_by FROM results WHERE release_id = ?",
                      release_id) == [(chosen, "loaded", "staff:cb-0400")]  # fmt: skip

    # Wrong door after all: re-opened within the grace time, emptied, loaded elsewhere.
    done = staffed.page(LoadDonePage)
    assert done.reopen_button.isEnabled()
    staffed.tap(done.reopen_button)
    staffed.close_when_open(chosen, item=False)
    staffed.wait_for(StaffScreen.LOAD_PICK)
    assert staffed.console.notice.text() == (
        f"Đã lấy phong bì ra khỏi ô {chosen}. Chọn ô khác để nạp."
    )
    other = next(door for door in pick.free if door != chosen)
    staffed.tap(pick.grid.doors[other])
    staffed.close_when_open(other, item=True)
    staffed.wait_for(StaffScreen.LOAD_DONE)

    # The next envelope, its code typed on the on-screen keyboard (its dots and dashes come by
    # themselves), into the proposed door.
    staffed.tap(done.next_button)
    staffed.wait_for(StaffScreen.LOAD_SCAN)
    scan = staffed.page(LoadScanPage)
    for char in second.replace(".", "").replace("-", ""):
        kiosk.tap_text(scan.keyboard, char)
    assert scan.field.text() == second
    staffed.tap(scan.confirm)
    staffed.wait_for(StaffScreen.LOAD_CONFIRM)
    door = confirm.compartment
    assert door is not None
    staffed.tap(confirm.open_button)
    staffed.close_when_open(door, item=True)
    staffed.wait_for(StaffScreen.LOAD_DONE)

    events = kiosk.rows(
        "SELECT type, dossier_code, compartment, actor FROM outbox"
        " WHERE type LIKE 'result.%' AND actor = 'staff:cb-0400' ORDER BY seq"
    )
    assert events == [
        ("result.loaded", first, chosen, "staff:cb-0400"),
        ("result.retrieved", first, chosen, "staff:cb-0400"),
        ("result.loaded", first, other, "staff:cb-0400"),
        ("result.loaded", second, door, "staff:cb-0400"),
    ]

    # The summary: printed, listing both envelopes and their doors.
    staffed.tap(done.finish_button)
    staffed.wait_for(StaffScreen.LOAD_SUMMARY)
    printer = kiosk.sims.printer
    assert printer is not None
    staffed.wait(lambda: len(printer.receipts) == 1)
    summary = staffed.page(LoadSummaryPage)
    staffed.wait(lambda: summary.status.text() == "Đã in phiếu tổng hợp. Vui lòng lấy phiếu.")
    (qr,) = printer.receipts[0].qr_codes
    assert qr.startswith("NAP-") and qr.endswith("-cb-0400")
    lines = printer.receipts[0].lines
    assert f"{other}  {first}" in lines and f"{door}  {second}" in lines, lines

    # The citizen's code now opens the door the envelope went into.
    outcome = kiosk.runtime.pickup(kiosk.central.seed_otps[first]).result()
    assert (outcome.opened, outcome.grant.compartment) == (True, other)


@pytest.mark.logs(logging.WARNING)  # "re-opening refused: …", without a traceback
def test_a_reopen_after_the_grace_is_a_refusal_staff_read(
    make_staffed: Callable[..., Staffed], caplog: pytest.LogCaptureFixture
) -> None:
    staffed = make_staffed(timeouts={"reopen_grace_s": 0})
    door = _load_one(staffed)
    done = staffed.page(LoadDonePage)
    # The time left is the service's: none, so the button says so and is off.
    assert not done.reopen_button.isEnabled()
    assert done.reopen_button.text() == f"Hết thời gian mở lại ô {door}"

    # A tap that was already on its way (the countdown's last second): the service refuses.
    staffed.flows.loading.reopen()
    staffed.wait(lambda: staffed.console.notice.text() == "Đã hết thời gian được mở lại ô vừa nạp.")
    staffed.wait_for(StaffScreen.LOAD_DONE)
    kiosk = staffed.kiosk
    assert kiosk.rows("SELECT content FROM compartments WHERE label = ?", door) == [("result",)]
    refused = [r for r in caplog.records if "re-opening" in r.getMessage()]
    assert refused and all(r.exc_info is None for r in refused)
    assert all(r.levelno < logging.ERROR for r in caplog.records)


def test_a_result_for_a_wheelchair_user_goes_into_a_low_door_or_staff_are_told_there_is_none(
    make_staffed: Callable[..., Staffed],
) -> None:
    staffed = make_staffed()
    kiosk = staffed.kiosk
    low = {c.label for c in kiosk.runtime.settings.locker.compartments if c.height == "low"}
    code = "000.00.07.H29-261202-0042"
    # The central system releases it with needs_low_compartment; a real sync brings it here.
    kiosk.central.release(
        kiosk.runtime.settings.kiosk.id,
        dossier_code=code,
        procedure_name="Cấp đổi giấy phép lái xe",
        holder_name="Lê Văn Cường",
        size_hint="S",
        needs_low_compartment=True,
    )
    kiosk.runtime.sync_now()
    sql = "SELECT needs_low_compartment FROM releases WHERE dossier_code = ?"
    staffed.wait(lambda: kiosk.rows(sql, code) == [(1,)])
    member = staffed.hire("cb-0401")
    staffed.sign_in(member)
    staffed.choose(StaffScreen.LOAD_SCAN)

    # An S envelope, yet the kiosk proposes a low door (the low row holds only L doors here).
    staffed.scan(code)
    staffed.wait_for(StaffScreen.LOAD_CONFIRM)
    confirm = staffed.page(LoadConfirmPage)
    assert confirm.compartment in low
    assert confirm.door_note.text().startswith("Người nhận cần ô ở hàng thấp (người dùng xe lăn)")
    # "Chọn ô khác" offers the free low doors only.
    staffed.tap(confirm.pick_button)
    staffed.wait_for(StaffScreen.LOAD_PICK)
    pick = staffed.page(LoadPickPage)
    assert set(pick.free) == low - {d for (d,) in kiosk.rows(
        "SELECT label FROM compartments WHERE content != 'empty'")}  # fmt: skip
    staffed.tap(pick.back_button)
    staffed.wait_for(StaffScreen.LOAD_CONFIRM)

    # With every low door out of service, staff are told so, and no door is offered.
    for label in low:
        kiosk.runtime.call(
            lambda s, label=label: s.staff_doors.set_out_of_service(label, "test", "staff:cb-0401")
        ).result()
    staffed.tap(confirm.rescan_button)
    staffed.wait_for(StaffScreen.LOAD_SCAN)
    staffed.scan(code)
    staffed.wait_for(StaffScreen.LOAD_CONFIRM)
    staffed.wait(lambda: confirm.compartment is None)
    assert not confirm.open_button.isVisible()
    assert confirm.door_note.text() == (
        "Người nhận cần ô ở hàng thấp (người dùng xe lăn), nhưng không còn ô thấp trống vừa"
        " với phong bì này. Giữ phong bì lại cho đến khi có ô thấp trống, hoặc báo kỹ thuật viên."
    )
    # Nor would the kiosk take it into another door behind the screen's back.
    ((release_id,),) = kiosk.rows("SELECT release_id FROM releases WHERE dossier_code = ?", code)
    free = kiosk.runtime.call(lambda s: free_doors(s.ctx.store.conn, Size.S)).result()
    other = free[0]
    refused = kiosk.runtime.call(
        lambda s: s.staff_doors.begin_load(release_id, "staff:cb-0401", other)
    ).exception()
    assert isinstance(refused, Refused) and refused.reason is Refusal.NOT_SUITABLE
