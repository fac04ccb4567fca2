"""The loading confirm page when no free door fits the envelope: said in words, no door shown."""

from __future__ import annotations

from collections.abc import Callable

from kiosk.ui.staff.machine import StaffScreen
from kiosk.ui.staff.screens.load import LoadConfirmPage
from tests.kiosk.ui.staff.conftest import Staffed


def test_no_free_door_is_a_plain_note_naming_the_size_and_no_door_label(
    make_staffed: Callable[..., Staffed],
) -> None:
    staffed = make_staffed()
    kiosk = staffed.kiosk
    staffed.sign_in(staffed.hire("cb-0402"))
    for c in kiosk.runtime.settings.locker.compartments:
        kiosk.runtime.call(
            lambda s, label=c.label: s.staff_doors.set_out_of_service(
                label, "test", "staff:cb-0402"
            )
        ).result()
    staffed.choose(StaffScreen.LOAD_SCAN)
    loaded = {item.dossier_code for item in kiosk.loaded}
    code = next(code for code in kiosk.central.seed_otps if code not in loaded)
    staffed.scan(code)
    staffed.wait_for(StaffScreen.LOAD_CONFIRM)
    confirm = staffed.page(LoadConfirmPage)
    staffed.wait(lambda: confirm.proposal is not None)
    assert confirm.proposal is not None and confirm.compartment is None
    size = confirm.proposal.size
    assert not confirm.door_label.isVisible()  # no big "—" where a door label would be
    assert not confirm.open_button.isVisible()
    assert confirm.door_note.isVisible()
    assert confirm.door_note.text() == (
        f"Không còn ô trống từ cỡ {size} trở lên cho phong bì này. Giữ phong bì lại và quét"
        " phong bì khác, hoặc báo kỹ thuật viên."
    )
