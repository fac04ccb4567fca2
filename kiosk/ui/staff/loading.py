"""A loading session: envelope after envelope, each into its door, then a printed summary.

For each envelope: the code (scanned or typed) → whose it is and the door the kiosk proposes
(staff may pick another) → the door opens → the envelope goes in → the door closes on it →
confirmed (``result.loaded``; the citizen's OTP now works). For ``timeouts.reopen_grace_s``
after that the same door may be re-opened (``staff_ops.begin_reopen``): to swap a wrong envelope,
or to take it out again and load it into another door. The time left is the service's
(``staff_ops.grace_left``); a re-open it refuses (``GraceOver``) is told as a refusal.

An unlock without a trustworthy answer is not a failure: the page says to look at the door and
waits for the door monitor (``DoorWait``), offering no other door until it has answered.
"""

from __future__ import annotations

import logging
from functools import partial

from PySide6.QtCore import QObject

from kiosk.domain import DOSSIER_CODE_PATTERN, DoorPurpose
from kiosk.runtime import DoorNotice, DoorNoticeKind, DoorOutcome, PrintOutcome
from kiosk.services import staff_ops
from kiosk.services.core import Services
from kiosk.services.door_events import DoorStatus
from kiosk.services.doors import DoorGrant
from kiosk.services.refusals import Refusal, Refused
from kiosk.services.staff_ops import LoadedEnvelope, LoadProposal
from kiosk.ui import timers
from kiosk.ui.staff.door_wait import DoorWait, Settled
from kiosk.ui.staff.host import StaffHost
from kiosk.ui.staff.machine import StaffScreen
from kiosk.ui.staff.screens import load, load_end

log = logging.getLogger(__name__)

TICK_MS = 1000


def _begin_load(services: Services, release_id: str, actor: str, compartment: str) -> DoorGrant:
    return services.staff_doors.begin_load(release_id, actor, compartment)


def _begin_reopen(services: Services, compartment: str, actor: str) -> DoorGrant:
    return staff_ops.begin_reopen(services, compartment, actor)


class LoadFlow(QObject):
    def __init__(self, host: StaffHost, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.host = host
        c = host.console
        self.scan_page = c.get(load.LoadScanPage)
        self.confirm_page = c.get(load.LoadConfirmPage)
        self.pick_page = c.get(load.LoadPickPage)
        self.door_page = c.get(load.LoadDoorPage)
        self.done_page = c.get(load_end.LoadDonePage)
        self.summary_page = c.get(load_end.LoadSummaryPage)
        self.envelopes: list[LoadedEnvelope] = []
        self.proposal: LoadProposal | None = None
        self.chosen: str | None = None
        self.door: str | None = None  # the door this flow opened and waits to see closed
        self.grace_until = 0.0
        self._tick = timers.Timer(self, TICK_MS, self._show_grace, repeat=True)
        self.wait = DoorWait(host.settings.timeouts.working_s, self)
        self.wait.overdue.connect(self._overdue)
        self._connect()

    def _connect(self) -> None:
        self.scan_page.code_entered.connect(self.code)
        self.scan_page.finish.connect(self.finish)
        self.confirm_page.open_door.connect(self.open)
        self.confirm_page.pick.connect(self.pick)
        self.confirm_page.rescan.connect(self.start)
        self.pick_page.chosen.connect(self.choose)
        self.pick_page.back.connect(
            lambda: self.host.go(StaffScreen.LOAD_CONFIRM, "pick cancelled")
        )
        self.door_page.reopen.connect(self.open)
        self.door_page.pick.connect(self.pick)
        self.door_page.rescan.connect(self.start)
        self.done_page.next_envelope.connect(self.start)
        self.done_page.reopen.connect(self.reopen)
        self.done_page.finish.connect(self.finish)
        self.summary_page.reprint.connect(self._print)
        self.summary_page.more.connect(self.new_session)

    # --- steps ---------------------------------------------------------------------------------

    def new_session(self) -> None:
        self.envelopes = []
        self.start()

    def start(self) -> None:
        """Ready for the next envelope."""
        self.proposal, self.chosen = None, None
        self.scan_page.reset()
        self.scan_page.show_session(self.envelopes)
        self.host.follow(StaffScreen.LOAD_SCAN, "next envelope")

    def end(self) -> None:
        """The session is over (sign-out): what was loaded stays recorded in the store."""
        if self.envelopes:
            log.info("loading session ended with %d envelope(s)", len(self.envelopes))
        self.envelopes, self.proposal, self.chosen, self.door = [], None, None, None
        self._tick.stop()
        self.wait.stop()

    def scanned(self, code: str) -> None:
        self.scan_page.set_code(code)
        self.code(code)

    def code(self, code: str) -> None:
        if not DOSSIER_CODE_PATTERN.match(code):
            self.scan_page.show_refusal(Refusal.BAD_CODE_FORMAT)
            return
        self.host.call(
            partial(staff_ops.propose, dossier_code=code),
            self._proposed,
            "proposal",
            self._refused,
        )

    def _proposed(self, proposal: LoadProposal) -> None:
        self.proposal, self.chosen = proposal, proposal.compartment
        self.confirm_page.show_proposal(proposal, proposal.compartment)
        self.host.follow(StaffScreen.LOAD_CONFIRM, f"envelope {proposal.release.dossier_code}")

    def _refused(self, error: BaseException) -> None:
        if isinstance(error, Refused):
            self.scan_page.show_refusal(error.reason)
            if self.host.machine.current is not StaffScreen.LOAD_SCAN:
                self.start()
                self.scan_page.show_refusal(error.reason)
        else:
            self.host.tell_problem("loading", error)

    def pick(self, notice: str = "") -> None:
        if self.proposal is None:
            return
        self.host.call(
            partial(
                staff_ops.free_for,
                size=self.proposal.size,
                low_only=self.proposal.release.needs_low,
            ),
            lambda free: self._choices(free, notice),
            "free doors",
        )

    def _choices(self, free: list[str], notice: str) -> None:
        self.pick_page.show_choices(free)
        if self.host.follow(StaffScreen.LOAD_PICK, "staff picks another door") and notice:
            self.host.console.notify(notice, problem=False)

    def choose(self, compartment: str) -> None:
        self.chosen = compartment
        self.open()

    def open(self) -> None:
        p, label = self.proposal, self.chosen
        if p is None or label is None:
            return
        self.door_page.show_door(label, load.DoorStep.OPENING)
        self.host.go(StaffScreen.LOAD_DOOR, f"load into {label}")
        begin = partial(
            _begin_load, release_id=p.release.release_id, actor=self.host.actor, compartment=label
        )
        self.host.open_door(begin, self._opened, "loading", self._refused)

    def reopen(self) -> None:
        last = self.envelopes[-1] if self.envelopes else None
        if last is None:
            return
        label = last.compartment
        self.door_page.show_door(label, load.DoorStep.OPENING)
        self.host.go(StaffScreen.LOAD_DOOR, f"re-open {label}")
        begin = partial(_begin_reopen, compartment=label, actor=self.host.actor)
        self.host.open_door(begin, self._opened, "re-opening", self._reopen_refused)

    def _reopen_refused(self, error: BaseException) -> None:
        # Back first: moving clears the notice, which must outlive the move.
        self.host.follow(StaffScreen.LOAD_DONE, "re-open refused")
        self.host.tell_problem("re-opening", error)

    def _opened(self, outcome: DoorOutcome) -> None:
        grant = outcome.grant
        if outcome.status is DoorStatus.UNKNOWN:
            self.door = grant.compartment
            self.wait.wait(grant)
            self.door_page.show_door(grant.compartment, load.DoorStep.UNKNOWN)
        elif outcome.opened:
            self._door_open(grant)
        else:
            self.door = None
            self.door_page.show_door(grant.compartment, load.DoorStep.FAILED)

    def _door_open(self, grant: DoorGrant) -> None:
        self.door = grant.compartment
        reopened = grant.purpose is DoorPurpose.RETRIEVE
        self.door_page.show_door(
            grant.compartment, load.DoorStep.REOPENED if reopened else load.DoorStep.OPEN
        )

    # --- an unknown unlock, settled by the door monitor ------------------------------------------

    def _settled(self, settled: Settled) -> None:
        grant = settled.grant
        if settled.opened:
            self._door_open(grant)
            return
        self.door = None
        if settled.kind is DoorNoticeKind.UNCERTAIN:
            self.door_page.show_door(grant.compartment, load.DoorStep.CHECK)
        elif grant.purpose is DoorPurpose.RETRIEVE:
            # The re-open never happened: the envelope is still loaded in its door.
            self._show_done("re-open never happened", self._not_reopened(grant.compartment))
        else:
            self.door_page.show_door(grant.compartment, load.DoorStep.NOT_OPENED)

    def _not_reopened(self, label: str) -> str:
        return self.tr("Ô {label} không mở lại được: phong bì vẫn ở trong ô.").format(label=label)

    def _overdue(self, grant: DoorGrant) -> None:
        if grant.compartment == self.door and self.door_page.step is load.DoorStep.UNKNOWN:
            self.door_page.show_door(grant.compartment, load.DoorStep.NO_ANSWER)

    # --- the door closes -------------------------------------------------------------------------

    def door_changed(self, notice: DoorNotice) -> None:
        if notice.compartment != self.door:
            return
        settled = self.wait.settled(notice)
        if settled is not None:
            self._settled(settled)
            return
        if notice.kind is DoorNoticeKind.LEFT_OPEN:
            self.host.console.notify(
                self.tr("Cửa ô {label} vẫn mở: vui lòng đóng cửa.").format(label=notice.compartment)
            )
            return
        closing = notice.closing
        if notice.kind is not DoorNoticeKind.CLOSED or closing is None:
            return
        self.door = None
        if closing.purpose is DoorPurpose.LOAD:
            self._load_closed(notice.compartment, closing.fulfilled)
        elif closing.purpose is DoorPurpose.RETRIEVE:
            self._reopen_closed(notice.compartment, closing.fulfilled)

    def _load_closed(self, label: str, loaded: bool) -> None:
        p = self.proposal
        if not loaded or p is None:
            self.door_page.show_door(label, load.DoorStep.EMPTY)
            return
        r = p.release
        envelope = LoadedEnvelope(
            r.dossier_code, r.procedure_name, r.holder_masked, label, r.release_id
        )
        self.envelopes.append(envelope)
        self._show_done("envelope loaded")

    def _reopen_closed(self, label: str, taken_out: bool) -> None:
        if not taken_out:
            self._show_done("door closed again with the envelope inside")
            return
        # Taken back out: load the same envelope into another door.
        gone = [e for e in self.envelopes if e.compartment == label]
        self.envelopes = [e for e in self.envelopes if e.compartment != label]
        self.grace_until = 0.0
        self._tick.stop()
        if gone and self.proposal is not None:
            self.pick(
                self.tr("Đã lấy phong bì ra khỏi ô {label}. Chọn ô khác để nạp.").format(
                    label=label
                )
            )
        else:
            self.start()

    def _show_done(self, why: str, notice: str = "") -> None:
        # The grace as the service reckons it (from the load's recorded closing), the one that
        # ``begin_reopen`` enforces; the screen only counts it down.
        envelope = self.envelopes[-1]
        self.host.call(
            partial(staff_ops.grace_left, compartment=envelope.compartment, actor=self.host.actor),
            lambda left: self._done(envelope, left, why, notice),
            "re-open grace",
        )

    def _done(self, envelope: LoadedEnvelope, left: float, why: str, notice: str) -> None:
        self.grace_until = timers.monotonic() + left
        self.done_page.show_done(envelope, left, len(self.envelopes))
        if self.host.follow(StaffScreen.LOAD_DONE, why) and notice:
            self.host.console.notify(notice, problem=False)
        self._tick.start()

    def _grace_left(self) -> float:
        return max(self.grace_until - timers.monotonic(), 0.0)

    def _show_grace(self) -> None:
        left = self._grace_left()
        self.done_page.show_grace(left)
        if left <= 0:
            self._tick.stop()

    # --- the summary ---------------------------------------------------------------------------

    def finish(self) -> None:
        self._tick.stop()
        self.summary_page.show_summary(self.envelopes, load_end.PrintStep.PRINTING)
        self.host.go(StaffScreen.LOAD_SUMMARY, f"{len(self.envelopes)} envelope(s) loaded")
        self._print()

    def _print(self) -> None:
        member = self.host.member
        assert member is not None
        envelopes = list(self.envelopes)
        receipt = staff_ops.loading_summary(
            self.host.settings, member.name, member.actor, envelopes, self.host.runtime.now()
        )
        self.summary_page.show_summary(envelopes, load_end.PrintStep.PRINTING)
        self.host.bridge.when_done(
            self.host.runtime.print_receipt(receipt),
            lambda outcome: self._printed(envelopes, outcome),
            self.host.failed("summary printing"),
        )

    def _printed(self, envelopes: list[LoadedEnvelope], outcome: PrintOutcome) -> None:
        step = load_end.PrintStep.PRINTED if outcome.printed else load_end.PrintStep.FAILED
        self.summary_page.show_summary(envelopes, step, outcome.paper_out)
