"""At the drop-off door and around it: "Ô tủ quá nhỏ / Hủy" settled through the sensors, a
full size with the free ones offered, and a door that closed on nothing opened again."""

from __future__ import annotations

import json
from collections.abc import Callable

from kiosk.domain import Size
from kiosk.services.core import Services
from kiosk.ui.i18n import Language
from kiosk.ui.machine import Screen
from kiosk.ui.screens.door import DoorOpenScreen
from kiosk.ui.screens.dropoff import DropoffSizeScreen, NoFreeCompartmentScreen
from kiosk.ui.screens.dropoff_cancel import DropoffCancelledScreen, DropoffCancelScreen
from kiosk.ui.screens.home import HomeScreen
from kiosk.ui.screens.receipt import TakeReceiptScreen
from tests.kiosk.ui.conftest import Kiosk


def choose_size(kiosk: Kiosk) -> str:
    """The citizen starts a drop-off with the slip's QR: on the size screen; the code."""
    code = str(kiosk.dossiers("awaiting_paper")[0]["dossier_code"])
    kiosk.tap(kiosk.ui.window.get(HomeScreen).dropoff_button)
    kiosk.wait_for(Screen.DROPOFF_CODE)
    assert kiosk.sims.scanner is not None
    kiosk.sims.scanner.scan(code)
    kiosk.wait_for(Screen.DROPOFF_SIZE)
    return code


def size_of(kiosk: Kiosk, label: str) -> Size:
    return next(c.size for c in kiosk.runtime.settings.locker.compartments if c.label == label)


def out_of_service(kiosk: Kiosk, where: str) -> None:
    """Staff take the empty doors ``where`` (an SQL condition) out of service."""
    labels = [r[0] for r in kiosk.rows(f"SELECT label FROM compartments WHERE {where}")]

    def stop(services: Services) -> None:
        for label in labels:
            services.staff_doors.set_out_of_service(label, "test", "staff:cb-1")

    kiosk.runtime.call(stop).result()


def received_at_a_door_of(kiosk: Kiosk, size: Size, code: str) -> None:
    """A door of ``size`` opens for ``code``; the papers go in; the receipt follows."""
    kiosk.wait_for(Screen.DOOR_OPEN)
    door = kiosk.ui.flows.session.door
    assert size_of(kiosk, door) is size
    kiosk.close_door(door, item=True)
    kiosk.wait_for(Screen.TAKE_RECEIPT)
    assert [(r[0], r[1]) for r in kiosk.events("dropoff.received")] == [(code, door)]


def last_audit(kiosk: Kiosk) -> int:
    return int(kiosk.rows("SELECT coalesce(max(seq), 0) FROM audit")[0][0])


def test_a_door_too_small_is_shut_empty_cancelled_and_a_larger_size_opens(kiosk: Kiosk) -> None:
    window = kiosk.ui.window
    code = choose_size(kiosk)
    kiosk.tap(window.get(DropoffSizeScreen).sizes[Size.S])
    kiosk.wait_for(Screen.DOOR_OPEN)
    label = kiosk.ui.flows.session.door
    assert size_of(kiosk, label) is Size.S
    locks = kiosk.sims.locks
    assert locks is not None
    board, lock = kiosk.door(label)
    locks.set_item(board, lock, True)  # the papers go in, and stick out: too small

    kiosk.tap_text(window.get(DoorOpenScreen), "Ô tủ quá nhỏ / Hủy")
    kiosk.wait_for(Screen.DROPOFF_CANCEL)
    cancel = window.get(DropoffCancelScreen)
    assert cancel.title.text() == "Hủy nộp hồ sơ"
    # The item sensor, read at the tap, sees the papers: take them out first.
    kiosk.qtbot.waitUntil(lambda: cancel.instruction.text().startswith("Hồ sơ vẫn còn"))
    assert cancel.instruction.text() == (
        f"Hồ sơ vẫn còn trong ô tủ: vui lòng lấy hồ sơ ra, rồi đóng cửa ô tủ {label}."
    )
    locks.set_item(board, lock, False)  # taken out, the door still open
    kiosk.qtbot.waitUntil(lambda: not cancel.instruction.text().startswith("Hồ sơ vẫn còn"))
    assert f"đóng cửa ô tủ {label}" in cancel.instruction.text()
    assert kiosk.screen is Screen.DROPOFF_CANCEL  # still open: nothing decided yet

    before = last_audit(kiosk)
    kiosk.close_door(label, item=False)
    kiosk.wait_for(Screen.DROPOFF_CANCELLED)
    cancelled = window.get(DropoffCancelledScreen)
    assert cancelled.title.text() == "Đã hủy nộp hồ sơ"
    assert cancelled.message.text() == (
        f"Ô tủ {label} đã đóng và trống. Hồ sơ {code} chưa được nộp."
    )
    offered = [s for s, b in cancelled.offer.sizes.items() if b.isVisible()]
    assert offered == [Size.M, Size.L]
    assert [b.title.text() for s, b in cancelled.offer.sizes.items() if s in offered] == [
        "Vừa",
        "Lớn",
    ]
    # One transaction, one audit record; the compartment free, nothing received.
    rows = kiosk.rows("SELECT action, subject, details FROM audit WHERE seq > ?", before)
    assert [(a, s, json.loads(d)["note"]) for a, s, d in rows] == [
        ("door.aborted", label, "withdrawn")
    ]
    assert kiosk.rows("SELECT * FROM dropoffs") == []
    assert kiosk.rows(
        "SELECT content, intent_id, out_of_service FROM compartments WHERE label = ?", label
    ) == [("empty", None, 0)]
    assert kiosk.events("dropoff.received") == []

    kiosk.tap(cancelled.offer.sizes[Size.M])
    received_at_a_door_of(kiosk, Size.M, code)


def test_a_drop_off_taken_back_but_shut_on_the_papers_is_received(kiosk: Kiosk) -> None:
    """The sensors decide: papers inside when the door shuts are received, with a receipt."""
    window = kiosk.ui.window
    code = choose_size(kiosk)
    kiosk.tap(window.get(DropoffSizeScreen).sizes[None])
    kiosk.wait_for(Screen.DOOR_OPEN)
    label = kiosk.ui.flows.session.door
    kiosk.tap_text(window.get(DoorOpenScreen), "Ô tủ quá nhỏ / Hủy")
    kiosk.wait_for(Screen.DROPOFF_CANCEL)
    cancel = window.get(DropoffCancelScreen)
    kiosk.settle()
    assert cancel.instruction.text() == (
        f"Vui lòng lấy lại hồ sơ (nếu đã đặt vào) và đóng cửa ô tủ {label}."
    )
    kiosk.close_door(label, item=True)
    kiosk.wait_for(Screen.TAKE_RECEIPT)
    assert code in window.get(TakeReceiptScreen).message.text()
    assert [(r[0], r[1]) for r in kiosk.events("dropoff.received")] == [(code, label)]


def test_a_full_size_says_so_and_offers_the_sizes_still_free(kiosk: Kiosk) -> None:
    window = kiosk.ui.window
    out_of_service(kiosk, "size = 'M' AND content = 'empty'")
    code = choose_size(kiosk)
    kiosk.tap(window.get(DropoffSizeScreen).sizes[Size.M])
    kiosk.wait_for(Screen.NO_FREE_COMPARTMENT)
    full = window.get(NoFreeCompartmentScreen)
    assert full.title.text() == "Hết ô tủ trống cỡ Vừa"
    assert full.message.text() == (
        "Mọi ô tủ cỡ Vừa đều đang được dùng. Tủ còn ô trống cỡ: Nhỏ, Lớn."
    )
    assert [s for s, b in full.offer.sizes.items() if b.isVisible()] == [Size.S, Size.L]
    kiosk.ui.languages.set(Language.EN, "test")
    kiosk.qtbot.waitUntil(lambda: full.title.text() == "No free door of size Medium")
    assert (
        full.message.text()
        == "Every door of size Medium is in use. Sizes still free: Small, Large."
    )
    kiosk.ui.languages.set(Language.VI, "test")

    kiosk.tap(full.offer.sizes[Size.L])
    received_at_a_door_of(kiosk, Size.L, code)


def test_with_no_low_door_free_a_wheelchair_user_is_told_and_sent_to_the_counter(
    kiosk: Kiosk,
) -> None:
    """Higher doors are free, but the accessible mode offers only the low row: none is free."""
    window = kiosk.ui.window
    out_of_service(kiosk, "height = 'low' AND content = 'empty'")
    kiosk.tap(window.get(HomeScreen).accessible_button)
    choose_size(kiosk)
    kiosk.tap(window.get(DropoffSizeScreen).sizes[None])
    kiosk.wait_for(Screen.NO_FREE_COMPARTMENT)
    full = window.get(NoFreeCompartmentScreen)
    assert full.title.text() == "Tủ đã hết ô trống"
    assert full.message.text() == "Hiện không còn ô tủ trống nào ở hàng dưới thấp."
    assert full.steps[0].text().startswith("•  Nộp hồ sơ tại bộ phận một cửa")
    assert not full.offer.isVisible()


def test_a_door_shut_on_nothing_opens_again_with_the_same_code_and_size(kiosk: Kiosk) -> None:
    window = kiosk.ui.window
    code = choose_size(kiosk)
    kiosk.tap(window.get(DropoffSizeScreen).sizes[Size.M])
    kiosk.wait_for(Screen.DOOR_OPEN)
    kiosk.close_door(kiosk.ui.flows.session.door, item=False)
    kiosk.wait_for(Screen.DROPOFF_REFUSED)
    # Nothing to type again: the code and the size are kept.
    kiosk.tap_text(window, "Mở lại ô tủ")
    received_at_a_door_of(kiosk, Size.M, code)


def test_a_drop_off_taken_back_and_left_open_tells_staff_and_lets_the_citizen_go(
    make_kiosk: Callable[..., Kiosk],
) -> None:
    kiosk = make_kiosk(lock_bus={"poll_interval_ms": 40, "left_open_alarm_ms": 900})
    window = kiosk.ui.window
    choose_size(kiosk)
    kiosk.tap(window.get(DropoffSizeScreen).sizes[Size.S])
    kiosk.wait_for(Screen.DOOR_OPEN)
    label = kiosk.ui.flows.session.door
    kiosk.tap_text(window.get(DoorOpenScreen), "Ô tủ quá nhỏ / Hủy")
    kiosk.wait_for(Screen.DROPOFF_CANCEL)
    cancel = window.get(DropoffCancelScreen)
    assert not cancel.finish.isVisible()
    # The door stays open past the alarm time: staff are told, and so is the citizen.
    kiosk.qtbot.waitUntil(cancel.finish.isVisible)
    assert cancel.note.text() == "Cán bộ đã được thông báo. Ông/Bà có thể về màn hình chính."
    assert ("door_left_open", label) in kiosk.rows(
        "SELECT kind, subject FROM alarms WHERE cleared_at IS NULL"
    )
    kiosk.tap(cancel.finish)
    kiosk.wait_for(Screen.HOME)
    # Shut empty later, with nobody at the screen: the drop-off is cancelled all the same.
    kiosk.close_door(label, item=False)
    kiosk.qtbot.waitUntil(
        lambda: (
            kiosk.rows("SELECT content, intent_id FROM compartments WHERE label = ?", label)
            == [("empty", None)]
        )
    )
    assert kiosk.rows("SELECT * FROM dropoffs") == []
    assert kiosk.events("dropoff.received") == []
