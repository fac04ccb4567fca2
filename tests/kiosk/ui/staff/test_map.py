"""The occupancy map: what each door holds, one compartment's actions, out of service."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QWidget

from drivers.locks import cu16
from kiosk.ui.staff.machine import StaffScreen
from kiosk.ui.staff.screens.occupancy import (
    CompartmentAction,
    CompartmentPage,
    MapPage,
    OutOfServicePage,
)
from kiosk.ui.staff.words import OosReason
from tests.kiosk.ui.staff.conftest import Staffed


def test_take_a_compartment_out_of_service_and_back_and_look_inside(
    make_staffed: Callable[..., Staffed],
) -> None:
    staffed = make_staffed()
    kiosk = staffed.kiosk
    (result,) = kiosk.loaded
    staffed.sign_in(staffed.hire("cb-0700"))
    staffed.choose(StaffScreen.MAP)
    grid = staffed.page(MapPage).grid
    loaded = grid.doors[result.compartment]
    staffed.wait(lambda: loaded.property("role") == "door-loaded")
    assert loaded.text() == f"{result.compartment} · Có kết quả"
    label = next(name for name, door in grid.doors.items() if door.property("role") == "door-free")

    staffed.tap(grid.doors[label])
    staffed.wait_for(StaffScreen.COMPARTMENT)
    page = staffed.page(CompartmentPage)
    assert page.title.text() == f"Ô tủ {label}" and page.facts.text() == "Ô trống."
    staffed.tap(page.buttons[CompartmentAction.OUT_OF_SERVICE])
    staffed.wait_for(StaffScreen.OUT_OF_SERVICE)
    staffed.tap(staffed.page(OutOfServicePage).reasons[OosReason.LOCK_JAMMED])
    staffed.wait_for(StaffScreen.COMPARTMENT)
    staffed.wait(lambda: page.facts.text() == "Lý do ngưng: Khóa bị kẹt")
    row = "SELECT out_of_service, oos_reason FROM compartments WHERE label = ?"
    assert kiosk.rows(row, label) == [(1, "lock_jammed")]
    audit = "SELECT actor, action FROM audit WHERE subject = ? ORDER BY seq DESC LIMIT 1"
    assert kiosk.rows(audit, label) == [("staff:cb-0700", "compartment.out_of_service")]

    back = page.buttons[CompartmentAction.BACK_IN_SERVICE]
    staffed.wait(back.isVisible)
    staffed.tap(back)
    staffed.wait(lambda: kiosk.rows(row, label) == [(0, None)])

    # Look inside: the door is unlocked (journaled as an inspection) and closed again.
    staffed.wait(page.buttons[CompartmentAction.INSPECT].isVisible)
    staffed.tap(page.buttons[CompartmentAction.INSPECT])
    staffed.close_when_open(label, item=False)
    locks = kiosk.sims.locks
    assert locks is not None and cu16.unlock_request(*kiosk.door(label)) in locks.received
    intents = "SELECT purpose, actor, state FROM door_intents WHERE compartment = ?"
    staffed.wait(lambda: kiosk.rows(intents, label) == [("inspect", "staff:cb-0700", "done")])

    staffed.tap(page.back_button)
    staffed.wait_for(StaffScreen.MAP)
    staffed.wait(lambda: grid.doors[label].property("role") == "door-free")


def test_cancel_on_the_out_of_service_page_is_a_full_size_button_bottom_right(
    make_staffed: Callable[..., Staffed],
) -> None:
    """ "Hủy" as large as each reason, in the right-hand column below them all (where the other
    pages keep their way back), not a small button alone; it leads back to the compartment."""
    staffed = make_staffed()
    staffed.sign_in(staffed.hire("cb-0701"))
    staffed.choose(StaffScreen.MAP)
    label = next(iter(staffed.page(MapPage).grid.doors))
    staffed.tap(staffed.page(MapPage).grid.doors[label])
    staffed.wait_for(StaffScreen.COMPARTMENT)
    staffed.tap(staffed.page(CompartmentPage).buttons[CompartmentAction.OUT_OF_SERVICE])
    staffed.wait_for(StaffScreen.OUT_OF_SERVICE)
    page = staffed.page(OutOfServicePage)
    cancel = page.back_button
    staffed.wait(cancel.isVisible)

    def box(widget: QWidget) -> QRect:
        return QRect(widget.mapTo(page, widget.rect().topLeft()), widget.size())

    reasons = [box(b) for b in page.reasons.values()]
    right_column = [r for r in reasons if r.left() > reasons[0].left()]
    assert cancel.text() == "Hủy"
    assert {(r.width(), r.height()) for r in reasons} == {(cancel.width(), cancel.height())}
    assert box(cancel).left() == right_column[0].left()
    assert box(cancel).top() > max(r.bottom() for r in reasons)
    assert box(cancel).bottom() >= page.height() - cancel.height() - 30  # at the page's foot

    staffed.tap(cancel)
    staffed.wait_for(StaffScreen.COMPARTMENT)
