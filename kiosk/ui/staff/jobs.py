"""Collecting drop-offs, recalling results, and the occupancy map with its compartment actions.

An unlock without a trustworthy answer is not a failure: the door's row (or the notice) says
to look at the door, and the door monitor's answer settles it (``DoorWait``); the door is not
offered again until then.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QObject

from kiosk.domain import DoorPurpose
from kiosk.runtime import DoorNotice, DoorNoticeKind, DoorOutcome
from kiosk.services import inspections, staff_ops
from kiosk.services.core import Services
from kiosk.services.door_events import DoorStatus
from kiosk.services.doors import DoorGrant
from kiosk.services.inspections import Finding
from kiosk.services.staff_ops import CompartmentView, DropoffItem, RecallItem
from kiosk.ui.staff.door_wait import DoorWait
from kiosk.ui.staff.host import StaffHost
from kiosk.ui.staff.machine import StaffScreen
from kiosk.ui.staff.screens.occupancy import (
    FINDINGS,
    CompartmentAction,
    CompartmentPage,
    MapPage,
    OutOfServicePage,
)
from kiosk.ui.staff.screens.takeout import CollectPage, RecallPage, TakeOutPage, TakeStatus
from kiosk.ui.staff.words import OosReason

Begin = Callable[[Services, str, str], DoorGrant]


def _collect(services: Services, compartment: str, actor: str) -> DoorGrant:
    return services.staff_doors.begin_collect(compartment, actor)


def _retrieve(services: Services, compartment: str, actor: str) -> DoorGrant:
    return services.staff_doors.begin_retrieve(compartment, actor)


def _inspect(services: Services, compartment: str, actor: str) -> DoorGrant:
    return services.staff_doors.begin_inspect(compartment, actor)


def _out_of_service(services: Services, compartment: str, reason: str, actor: str) -> None:
    services.staff_doors.set_out_of_service(compartment, reason, actor)


def _back_in_service(services: Services, compartment: str, actor: str) -> None:
    services.staff_doors.return_to_service(compartment, actor)


def _inspected(services: Services, compartment: str, actor: str, found: Finding) -> None:
    inspections.inspected(services.ctx, compartment, actor, found)


class TakeOutFlow(QObject):
    """Open compartments one by one or all, each done when its door closes empty."""

    def __init__(
        self,
        host: StaffHost,
        page: TakeOutPage,
        purpose: DoorPurpose,
        begin: Begin,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.host, self.page, self.purpose, self.begin = host, page, purpose, begin
        self._queue: list[str] = []
        self.wait = DoorWait(host.settings.timeouts.working_s, self)
        self.wait.overdue.connect(self._overdue)
        page.open_one.connect(self.open_one)
        page.open_all.connect(page.ask_pin)
        page.prompt.entered.connect(self._pin_again)

    def show(self, rows: Callable[[TakeOutPage], None]) -> None:
        self.page.reset()
        self._queue = []
        rows(self.page)
        self.host.follow(self.page.kind, "staff chose")

    def _pin_again(self, pin: str) -> None:
        self.host.confirm_pin(pin, self._pin_confirmed, self.page.prompt.refused)

    def _pin_confirmed(self) -> None:
        self.page.close_prompt()
        self.open_all()

    def open_all(self) -> None:
        self._queue = [
            i.label for i in self.page.items if self.page.status[i.label] is TakeStatus.WAITING
        ]
        self._next()

    def _next(self) -> None:
        if self._queue:
            self.open_one(self._queue.pop(0))

    def open_one(self, compartment: str) -> None:
        self.page.set_status(compartment, TakeStatus.OPENING)
        begin, actor = self.begin, self.host.actor
        self.host.open_door(
            lambda s: begin(s, compartment, actor),
            self._opened,
            "opening",
            partial(self._refused, compartment),
        )

    def _opened(self, outcome: DoorOutcome) -> None:
        status = _TAKE_STATUS.get(outcome.status, TakeStatus.FAILED)
        if status is TakeStatus.UNKNOWN:
            self.wait.wait(outcome.grant)
        self.page.set_status(outcome.grant.compartment, status)
        self._next()

    def _overdue(self, grant: DoorGrant) -> None:
        if self.page.status.get(grant.compartment) is TakeStatus.UNKNOWN:
            self.page.set_status(grant.compartment, TakeStatus.NO_ANSWER)

    def _refused(self, compartment: str, error: BaseException) -> None:
        self.page.set_status(compartment, TakeStatus.FAILED)
        self.host.tell_problem("opening", error)
        self._next()

    def door_changed(self, notice: DoorNotice) -> None:
        settled = self.wait.settled(notice)
        if settled is not None:
            self.page.set_status(notice.compartment, _SETTLED_STATUS[settled.kind])
            return
        closing = notice.closing
        if notice.kind is not DoorNoticeKind.CLOSED or closing is None:
            return
        if closing.purpose is not self.purpose:
            return
        status = TakeStatus.DONE if closing.fulfilled else TakeStatus.STILL_INSIDE
        self.page.set_status(notice.compartment, status)

    def stop(self) -> None:
        self._queue = []
        self.wait.stop()


_TAKE_STATUS = {DoorStatus.OPENED: TakeStatus.OPEN, DoorStatus.UNKNOWN: TakeStatus.UNKNOWN}
_SETTLED_STATUS = {
    DoorNoticeKind.OPENED: TakeStatus.OPEN,
    DoorNoticeKind.NOT_OPENED: TakeStatus.FAILED,
    DoorNoticeKind.UNCERTAIN: TakeStatus.CHECK,
}


class StaffJobs(QObject):
    def __init__(self, host: StaffHost, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.host = host
        c = host.console
        self.collect = TakeOutFlow(host, c.get(CollectPage), DoorPurpose.COLLECT, _collect, self)
        self.recall = TakeOutFlow(host, c.get(RecallPage), DoorPurpose.RETRIEVE, _retrieve, self)
        self.map_page = c.get(MapPage)
        self.compartment_page = c.get(CompartmentPage)
        self.oos_page = c.get(OutOfServicePage)
        self.label = ""
        self.wait = DoorWait(host.settings.timeouts.working_s, self)
        self.wait.overdue.connect(self._overdue)
        self.map_page.tapped.connect(self.show_compartment)
        self.compartment_page.action.connect(self._act)
        self.compartment_page.back.connect(self.show_map)
        self.oos_page.chosen.connect(self._take_out_of_service)
        self.oos_page.back.connect(lambda: self.show_compartment(self.label))

    # --- lists -----------------------------------------------------------------------------------

    def show_collect(self) -> None:
        self.host.call(staff_ops.dropoffs, self._dropoffs, "drop-offs")

    def _dropoffs(self, items: list[DropoffItem]) -> None:
        page = self.collect.page
        assert isinstance(page, CollectPage)
        self.collect.show(lambda _: page.show_dropoffs(items))

    def show_recall(self) -> None:
        self.host.call(staff_ops.recalls, self._recalls, "recalls")

    def _recalls(self, items: list[RecallItem]) -> None:
        page = self.recall.page
        assert isinstance(page, RecallPage)
        self.recall.show(lambda _: page.show_recalls(items))

    # --- the map ---------------------------------------------------------------------------------

    def show_map(self, navigate: bool = True) -> None:
        """Show the map (``navigate``), or refresh it if it still shows."""
        self.host.call(
            staff_ops.occupancy, lambda views: self._mapped(views, navigate), "occupancy map"
        )

    def _mapped(self, views: list[CompartmentView], navigate: bool) -> None:
        self.map_page.show_map(views)
        if navigate:
            self.host.follow(StaffScreen.MAP, "occupancy map")

    def show_compartment(self, label: str, navigate: bool = True) -> None:
        """Show a compartment (``navigate``), or refresh it if it still shows."""
        self.label = label
        self.host.call(
            partial(staff_ops.compartment, label=label),
            lambda view: self._shown(view, navigate),
            "compartment",
        )

    def _shown(self, view: CompartmentView, navigate: bool) -> None:
        self.compartment_page.show_compartment(view)
        if navigate:
            self.host.follow(StaffScreen.COMPARTMENT, f"compartment {view.label}")

    def _act(self, action: CompartmentAction) -> None:
        label, actor = self.label, self.host.actor
        begins: dict[CompartmentAction, Begin] = {
            CompartmentAction.INSPECT: _inspect,
            CompartmentAction.COLLECT: _collect,
            CompartmentAction.RETRIEVE: _retrieve,
        }
        if action in begins:
            begin = begins[action]
            self.host.open_door(lambda s: begin(s, label, actor), self._opened, f"{action} {label}")
        elif action is CompartmentAction.OUT_OF_SERVICE:
            self.oos_page.show_compartment(label)
            self.host.go(StaffScreen.OUT_OF_SERVICE, f"out of service {label}?")
        elif action in FINDINGS:
            self.host.call(
                partial(_inspected, compartment=label, actor=actor, found=FINDINGS[action]),
                lambda _: self.show_compartment(label, navigate=False),
                f"inspected: {FINDINGS[action]}",
            )
        else:
            self.host.call(
                partial(_back_in_service, compartment=label, actor=actor),
                lambda _: self.show_compartment(label, navigate=False),
                "back in service",
            )

    def _take_out_of_service(self, reason: OosReason) -> None:
        label = self.label
        self.host.call(
            partial(_out_of_service, compartment=label, reason=reason.value, actor=self.host.actor),
            lambda _: self.show_compartment(label),
            "out of service",
        )

    def _opened(self, outcome: DoorOutcome) -> None:
        label = outcome.grant.compartment
        if outcome.status is DoorStatus.UNKNOWN:
            self.wait.wait(outcome.grant)
            self.host.console.notify(
                self.tr(
                    "Chưa rõ ô {label} đã mở chưa: máy đang chờ bo mạch khóa trả lời. Nhìn cửa"
                    " ô; máy sẽ báo khi biết."
                ).format(label=label),
                problem=False,
            )
        else:
            failed = self.tr("Ô {label} không mở được: đã tạm ngưng phục vụ.")
            self._tell_opened(label, outcome.opened, failed.format(label=label))
        self.show_compartment(label, navigate=False)

    def _tell_opened(self, label: str, opened: bool, failed: str) -> None:
        """The door opened, or ``failed`` says why not."""
        self.host.console.notify(
            self.tr("Ô {label} đã mở. Đóng cửa khi xong.").format(label=label)
            if opened
            else failed,
            problem=not opened,
        )

    def _overdue(self, grant: DoorGrant) -> None:
        self.host.console.notify(
            self.tr(
                "Bo mạch khóa vẫn chưa trả lời: chưa rõ ô {label} đã mở chưa. Nếu cửa đã mở, làm"
                " tiếp rồi đóng cửa; nếu chưa, báo kỹ thuật viên."
            ).format(label=grant.compartment)
        )

    # --- doors -----------------------------------------------------------------------------------

    def door_changed(self, notice: DoorNotice) -> None:
        self.collect.door_changed(notice)
        self.recall.door_changed(notice)
        settled = self.wait.settled(notice)
        if settled is not None:
            label = notice.compartment
            why = (
                self.tr(
                    "Ô {label} cần kiểm tra: bo mạch khóa không cho biết cửa đã mở chưa. Ô đã"
                    " tạm ngưng phục vụ."
                )
                if settled.kind is DoorNoticeKind.UNCERTAIN
                else self.tr("Ô {label} không mở được: bo mạch khóa đã trả lời, cửa vẫn đóng.")
            )
            self._tell_opened(label, settled.opened, why.format(label=label))
        if notice.compartment == self.label and self.host.machine.current in (
            StaffScreen.COMPARTMENT,
            StaffScreen.MAP,
        ):
            if self.host.machine.current is StaffScreen.MAP:
                self.show_map(navigate=False)
            else:
                self.show_compartment(self.label, navigate=False)

    def stop(self) -> None:
        self.collect.stop()
        self.recall.stop()
        self.wait.stop()
        self.label = ""
