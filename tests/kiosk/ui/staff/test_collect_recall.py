"""Collecting drop-offs and recalling a revoked result, reported to the central system."""

from __future__ import annotations

from collections.abc import Callable

from kiosk.domain import Size
from kiosk.ui.staff.machine import StaffScreen
from kiosk.ui.staff.screens.menu import MenuPage
from kiosk.ui.staff.screens.takeout import CollectPage, RecallPage, TakeStatus
from tests.kiosk.ui.staff.conftest import Staffed

DROPPED = ("000.00.07.H29-251123-0101", "000.00.07.H29-251123-0102")


def drop_off(staffed: Staffed, code: str) -> str:
    """A citizen drops a dossier off (through the runtime, as the citizen screens do)."""
    outcome = staffed.kiosk.runtime.dropoff(code, Size.S, verified=False).result()
    label = outcome.grant.compartment
    staffed.close_when_open(label, item=True)
    sql = "SELECT state FROM dropoffs WHERE compartment = ? ORDER BY id DESC LIMIT 1"
    staffed.wait(lambda: staffed.kiosk.rows(sql, label) == [("received",)])
    return label


def test_collect_all_drop_offs_each_confirmed_by_an_empty_compartment(
    make_staffed: Callable[..., Staffed],
) -> None:
    # No kiosk-wide wait after the wrong PIN below: the right one may follow at once.
    staffed = make_staffed(staff={"pin_delay_first_s": 0})
    labels = [drop_off(staffed, code) for code in DROPPED]
    staffed.sign_in(staffed.hire("cb-0500"))
    assert staffed.page(MenuPage).counts.dropoffs == 2
    staffed.choose(StaffScreen.COLLECT)
    page = staffed.page(CollectPage)
    staffed.wait(lambda: [i.label for i in page.items] == labels)

    intents = staffed.kiosk.rows("SELECT count(*) FROM door_intents")
    staffed.tap(page.all_button)
    assert not page.list.isVisible()  # the PIN first: a session left open cannot empty it
    staffed.pin_again(page.prompt, "999999")
    staffed.wait(lambda: page.prompt.message.text().startswith("Mã PIN không đúng."))
    assert staffed.kiosk.rows("SELECT count(*) FROM door_intents") == intents  # none opened
    staffed.wait(page.prompt.keypad.isEnabled)
    staffed.pin_again(page.prompt)
    staffed.wait(lambda: page.list.isVisible() and not page.prompt.isVisible())
    staffed.close_when_open(labels[0], item=True)  # closed with the dossier still inside
    staffed.close_when_open(labels[1], item=False)
    staffed.wait(lambda: page.status == {
        labels[0]: TakeStatus.STILL_INSIDE, labels[1]: TakeStatus.DONE})  # fmt: skip
    staffed.tap_text("Mở")  # the one left: open it again
    staffed.close_when_open(labels[0], item=False)
    staffed.wait(lambda: page.status[labels[0]] is TakeStatus.DONE)

    rows = staffed.kiosk.rows(
        "SELECT compartment, state, ended_by FROM dropoffs ORDER BY compartment"
    )
    assert rows == [(label, "collected", "staff:cb-0500") for label in sorted(labels)]
    events = staffed.kiosk.rows(
        "SELECT dossier_code, compartment, actor FROM outbox WHERE type = 'dropoff.collected'"
    )
    assert sorted(events) == sorted(
        (code, label, "staff:cb-0500") for code, label in zip(DROPPED, labels, strict=True)
    )


def recall_revoked(staffed: Staffed, staff_id: str) -> tuple[RecallPage, str]:
    """The central system revokes the one loaded result; ``staff_id`` signs in and opens the
    recall list, which shows it: the page and the result's release id."""
    kiosk = staffed.kiosk
    (result,) = kiosk.loaded
    ((release_id,),) = kiosk.rows(
        "SELECT release_id FROM releases WHERE dossier_code = ?", result.dossier_code
    )
    kiosk.central.revoke(kiosk.runtime.settings.kiosk.id, release_id)
    member = staffed.hire(staff_id)  # the same sync brings the revocation
    status = "SELECT status FROM releases WHERE release_id = ?"
    staffed.wait(lambda: kiosk.rows(status, release_id) == [("revoked",)])
    staffed.sign_in(member)
    staffed.choose(StaffScreen.RECALL)
    page = staffed.page(RecallPage)
    staffed.wait(lambda: [i.label for i in page.items] == [result.compartment])
    return page, release_id


def test_recall_a_revoked_result_and_report_it(make_staffed: Callable[..., Staffed]) -> None:
    staffed = make_staffed()
    kiosk = staffed.kiosk
    (result,) = kiosk.loaded
    kiosk_id = kiosk.runtime.settings.kiosk.id
    page, release_id = recall_revoked(staffed, "cb-0600")
    assert "bị thu hồi" in page.items[0].detail

    staffed.tap_text("Mở")
    staffed.close_when_open(result.compartment, item=False)
    staffed.wait(lambda: page.status[result.compartment] is TakeStatus.DONE)
    assert kiosk.rows("SELECT state, ended_by FROM results WHERE release_id = ?", release_id) == [
        ("retrieved", "staff:cb-0600")
    ]
    kiosk.runtime.sync_now()

    def reported() -> bool:
        return any(
            e["type"] == "result.retrieved" and e["actor"] == "staff:cb-0600"
            for e in kiosk.central.events(kiosk_id)
        )

    staffed.wait(reported)
