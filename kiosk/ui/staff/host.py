"""What every staff and technician flow shares: the runtime, the console, who is signed in,
and the one way to run work off the UI thread and tell staff when it failed."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QCoreApplication

from kiosk.errors import EnvironmentProblem
from kiosk.runtime import DoorOutcome, KioskRuntime
from kiosk.services import staff_auth
from kiosk.services.core import Services
from kiosk.services.doors import DoorBusy, DoorGrant
from kiosk.services.refusals import Refused
from kiosk.services.staff_auth import PinCheck, SignInRefusal, SignInRefused, StaffMember
from kiosk.services.staff_ops import GraceOver
from kiosk.ui.bridge import RuntimeBridge
from kiosk.ui.staff.console import StaffConsole
from kiosk.ui.staff.machine import StaffMachine, StaffScreen
from kiosk.ui.staff.words import environment_problem, refusal_name

log = logging.getLogger(__name__)

T = TypeVar("T")
OnError = Callable[[BaseException], None]


class StaffHost:
    def __init__(
        self,
        runtime: KioskRuntime,
        bridge: RuntimeBridge,
        console: StaffConsole,
        machine: StaffMachine,
    ) -> None:
        self.runtime = runtime
        self.settings = runtime.settings
        self.bridge = bridge
        self.console = console
        self.machine = machine
        self.member: StaffMember | None = None

    @property
    def actor(self) -> str:
        assert self.member is not None, "no one is signed in"
        return self.member.actor

    @property
    def signed_in(self) -> bool:
        return self.member is not None

    def go(self, kind: StaffScreen, why: str) -> None:
        self.console.notify("")
        self.machine.go(kind, why)

    def follow(self, kind: StaffScreen, why: str) -> bool:
        """Move to ``kind`` for an answer that came back from a worker, if the way still leads
        there (staff may have tapped "Menu" meanwhile); False if it stays."""
        if self.machine.leads_to(kind):
            self.console.notify("")
        return self.machine.follow(kind, why)

    def call(
        self,
        fn: Callable[[Services], T],
        on_done: Callable[[T], None],
        what: str,
        on_error: OnError | None = None,
    ) -> None:
        """``fn(services)`` on the services thread; the answer comes back on the UI thread."""
        self.bridge.when_done(self.runtime.call(fn), on_done, on_error or self.failed(what))

    def io(
        self,
        fn: Callable[[], T],
        on_done: Callable[[T], None],
        what: str,
        on_error: OnError | None = None,
    ) -> None:
        """``fn()`` on the io pool (devices, files); the answer comes back on the UI thread."""
        self.bridge.when_done(self.runtime.run_io(fn), on_done, on_error or self.failed(what))

    def open_door(
        self,
        begin: Callable[[Services], DoorGrant],
        on_done: Callable[[DoorOutcome], None],
        what: str,
        on_error: OnError | None = None,
    ) -> None:
        """Journal a door command with ``begin`` and unlock the door."""
        future = self.runtime.open_granted(begin)
        self.bridge.when_done(future, on_done, on_error or self.failed(what))

    def confirm_pin(
        self,
        pin: str,
        on_ok: Callable[[], None],
        on_refused: Callable[[SignInRefusal, float], None],
    ) -> None:
        """The signed-in person's PIN asked again; a wrong one counts like a failed sign-in."""
        member = self.member
        assert member is not None, "no one is signed in"

        def refused(error: BaseException) -> None:
            if isinstance(error, SignInRefused):
                log.info("PIN asked again of %s: %s", member.actor, error.reason)
                on_refused(error.reason, error.wait_s)
            else:
                self.tell_problem("PIN check", error)

        def settle(check: PinCheck, ok: bool) -> None:
            self.call(
                lambda s: staff_auth.settle(s, check, ok, confirming=member),
                lambda _: on_ok(),
                "PIN check",
                refused,
            )

        def verify(check: PinCheck) -> None:
            # PBKDF2 on the io pool, as at sign-in: the services thread serves the doors.
            self.io(
                lambda: staff_auth.verify_pin(check.pin_pbkdf2, pin),
                lambda ok: settle(check, ok),
                "PIN check",
                refused,
            )

        self.call(lambda s: staff_auth.check_member(s, member), verify, "PIN check", refused)

    def failed(self, what: str) -> OnError:
        def report(error: BaseException) -> None:
            self.tell_problem(what, error)

        return report

    def tell_problem(self, what: str, error: BaseException) -> None:
        if isinstance(error, Refused | DoorBusy | GraceOver | EnvironmentProblem):
            log.warning("%s refused: %s", what, error)
        else:
            log.error("%s failed: %r", what, error, exc_info=error)
        self.console.notify(problem_text(error))


def problem_text(error: BaseException) -> str:
    if isinstance(error, DoorBusy):
        return QCoreApplication.translate(
            "StaffHost", "Ô tủ đang có một lệnh mở cửa khác. Vui lòng thử lại sau."
        )
    if isinstance(error, GraceOver):
        return QCoreApplication.translate("StaffHost", "Đã hết thời gian được mở lại ô vừa nạp.")
    if isinstance(error, Refused):
        return QCoreApplication.translate("StaffHost", "Không thực hiện được ({reason}).").format(
            reason=refusal_name(error.reason)
        )
    if isinstance(error, EnvironmentProblem):
        # The message is the technician's English, for the log; staff read what it is about.
        return QCoreApplication.translate(
            "StaffHost", "Không thực hiện được: {problem}. Chi tiết đã được ghi vào nhật ký."
        ).format(problem=environment_problem(error))
    return QCoreApplication.translate(
        "StaffHost", "Có lỗi không mong đợi; chi tiết đã được ghi vào nhật ký."
    )
