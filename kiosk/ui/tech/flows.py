"""The technician's diagnostics: each screen refreshed while it shows, each test run for real.

Device reads (boards, printer status, health) run on the io pool, store reads and writes on the
services thread; a screen is refreshed once a second while it shows, never twice at once.
Door pulses are journaled like any door command (``StaffDoors.begin_inspect``): a door that does
not open is reported jammed and taken out of service, exactly as in service.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer

from drivers.interfaces import BoardStatus, PrinterStatus
from kiosk.errors import EnvironmentProblem
from kiosk.runtime import DoorNotice, DoorOutcome, PrintOutcome
from kiosk.services import diagnostics
from kiosk.services.core import Services
from kiosk.services.diagnostics import (
    AlarmView,
    DoorCounts,
    ExportData,
    LogTail,
    PaperChange,
    SyncState,
)
from kiosk.services.doors import DoorGrant
from kiosk.ui.staff.host import StaffHost
from kiosk.ui.staff.machine import StaffScreen
from kiosk.ui.tech.commission import CommissionFlow
from kiosk.ui.tech.screens.alarms import TechAlarmsPage
from kiosk.ui.tech.screens.doors import Pulse, TechDoorsPage
from kiosk.ui.tech.screens.logs import TechLogsPage
from kiosk.ui.tech.screens.menu import TechMenuPage, TechSummary
from kiosk.ui.tech.screens.printer import TechPrinterPage, TrialPrint
from kiosk.ui.tech.screens.scanner import TechScannerPage
from kiosk.ui.tech.screens.sync import TechSyncPage

log = logging.getLogger(__name__)

REFRESH_MS = 1000
LOG_LINES = 200


def _inspect(services: Services, compartment: str, actor: str) -> DoorGrant:
    return services.staff_doors.begin_inspect(compartment, actor)


def _store_facts(services: Services) -> tuple[SyncState, list[AlarmView]]:
    return diagnostics.sync_state(services), diagnostics.open_alarms(services)


def _printer_facts(services: Services, status: PrinterStatus) -> list[PaperChange]:
    diagnostics.record_paper(services, status.paper)
    return diagnostics.paper_history(services)


class TechFlows(QObject):
    def __init__(
        self,
        host: StaffHost,
        tail: LogTail | None,
        config_path: Path | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.host = host
        self.tail = tail
        self.commission = CommissionFlow(host, config_path, self)
        self.devices = host.runtime.devices
        c = host.console
        self.menu = c.get(TechMenuPage)
        self.doors = c.get(TechDoorsPage)
        self.printer = c.get(TechPrinterPage)
        self.scanner = c.get(TechScannerPage)
        self.sync = c.get(TechSyncPage)
        self.alarms = c.get(TechAlarmsPage)
        self.logs = c.get(TechLogsPage)
        self.boards = host.settings.locker.boards()
        self._busy = False
        self._pulse_queue: list[str] = []
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self._refreshers: dict[StaffScreen, Callable[[], None]] = {
            StaffScreen.TECH_MENU: self._refresh_menu,
            StaffScreen.TECH_DOORS: self._refresh_doors,
            StaffScreen.TECH_PRINTER: self._refresh_printer,
            StaffScreen.TECH_SCANNER: self._refresh_scanner,
            StaffScreen.TECH_SYNC: self._refresh_sync,
            StaffScreen.TECH_ALARMS: self._refresh_alarms,
        }
        self._connect()

    def _connect(self) -> None:
        self.host.machine.entered.connect(self._entered)
        self.menu.chosen.connect(self.show)
        self.doors.pulse.connect(self.pulse)
        self.doors.pulse_all.connect(self.doors.ask_pin)
        self.doors.prompt.entered.connect(self._pin_again)
        self.printer.test.connect(self.test_print)
        self.sync.sync_now.connect(self.sync_now)
        self.alarms.acknowledge.connect(partial(self._alarm, diagnostics.acknowledge_alarm))
        self.alarms.clear.connect(partial(self._alarm, diagnostics.clear_alarm))
        self.logs.verify.connect(self.verify)
        self.logs.export.connect(self.export)

    # --- moving and refreshing ------------------------------------------------------------------

    def show(self, kind: StaffScreen) -> None:
        page = self.host.console.pages[kind]
        page.reset()
        self.host.go(kind, "technician chose")

    def _entered(self, kind: StaffScreen) -> None:
        if kind in self._refreshers:
            self._busy = False
            self.refresh()
            self._timer.start()
        else:
            self._timer.stop()
        if kind is StaffScreen.TECH_LOGS:
            self._show_logs()

    def stop(self) -> None:
        self._timer.stop()
        self._pulse_queue = []
        self.commission.stop()

    def refresh(self) -> None:
        refresher = self._refreshers.get(self.host.machine.current)
        if refresher is None or self._busy:
            return
        self._busy = True
        refresher()

    def _done(self) -> None:
        self._busy = False

    def _failed(self, what: str) -> Callable[[BaseException], None]:
        def report(error: BaseException) -> None:
            self._busy = False
            self.host.tell_problem(what, error)

        return report

    # --- the menu --------------------------------------------------------------------------------

    def _refresh_menu(self) -> None:
        self.host.io(self.devices.health, self._menu_health, "health", self._failed("health"))

    def _menu_health(self, health: dict[str, Any]) -> None:
        self.host.call(
            _store_facts,
            lambda facts: self._menu_facts(health, *facts),
            "sync state",
            self._failed("sync state"),
        )

    def _menu_facts(self, health: dict[str, Any], sync: SyncState, alarms: list[AlarmView]) -> None:
        boards = health["locks"].get("boards", [])
        status = health["printer"].get("status", {})
        self.menu.show_summary(
            TechSummary(
                boards_online=sum(b["state"] == "online" for b in boards),
                boards=len(boards),
                printer_ready=status.get("ready") if status.get("responding") else None,
                scanner_online=health["scanner"].get("online"),
                sync_online=sync.online,
                outbox_pending=sync.outbox_pending,
                alarms=len(alarms),
            )
        )
        self._done()

    # --- doors -----------------------------------------------------------------------------------

    def _refresh_doors(self) -> None:
        def read() -> tuple[dict[int, BoardStatus | str], dict[str, Any]]:
            return diagnostics.read_boards(self.devices, self.boards), self.devices.locks.health()

        self.host.io(read, self._doors_read, "reading the boards", self._failed("boards"))

    def _doors_read(self, read: tuple[dict[int, BoardStatus | str], dict[str, Any]]) -> None:
        readings, health = read
        self.host.call(
            diagnostics.door_counts,
            lambda counts: self._doors_counted(readings, health, counts),
            "door counts",
            self._failed("door counts"),
        )

    def _doors_counted(
        self,
        readings: dict[int, BoardStatus | str],
        health: dict[str, Any],
        counts: dict[str, DoorCounts],
    ) -> None:
        self.doors.show_readings(readings, health, counts)
        self._done()

    def pulse(self, compartment: str) -> None:
        self.doors.show_pulse(compartment, Pulse.SENT)
        begin = partial(_inspect, compartment=compartment, actor=self.host.actor)
        self.host.open_door(
            begin, self._pulsed, "door test", partial(self._pulse_refused, compartment)
        )

    def _pin_again(self, pin: str) -> None:
        self.host.confirm_pin(pin, self._pin_confirmed, self.doors.prompt.refused)

    def _pin_confirmed(self) -> None:
        self.doors.close_prompt()
        self.pulse_all()

    def pulse_all(self) -> None:
        """Every door in turn: the next one is pulsed once the last one's sensor answered."""
        self._pulse_queue = list(self.doors.places)
        self._next_pulse()

    def _next_pulse(self) -> None:
        if self._pulse_queue:
            self.pulse(self._pulse_queue.pop(0))

    def _pulsed(self, outcome: DoorOutcome) -> None:
        pulse = Pulse.OPENED if outcome.opened else Pulse.JAMMED
        self.doors.show_pulse(outcome.grant.compartment, pulse)
        self._next_pulse()

    def _pulse_refused(self, compartment: str, error: BaseException) -> None:
        log.warning("door test of %s refused: %s", compartment, error)
        self.doors.show_pulse(compartment, Pulse.REFUSED)
        self._next_pulse()

    def door_changed(self, notice: DoorNotice) -> None:
        if self.host.machine.current is StaffScreen.TECH_DOORS:
            self.refresh()

    # --- printer ---------------------------------------------------------------------------------

    def _refresh_printer(self) -> None:
        self.host.io(
            self.devices.printer.status,
            self._printer_status,
            "printer status",
            self._failed("printer status"),
        )

    def _printer_status(self, status: PrinterStatus) -> None:
        health = self.devices.printer.health()  # no I/O: the status just read, and counts
        self.host.call(
            partial(_printer_facts, status=status),
            lambda history: self._printer_shown(status, health, history),
            "paper history",
            self._failed("paper history"),
        )

    def _printer_shown(
        self, status: PrinterStatus, health: dict[str, Any], history: list[PaperChange]
    ) -> None:
        self.printer.show_status(status, health, history)
        self._done()

    def test_print(self) -> None:
        self.printer.show_test(TrialPrint.PRINTING)
        receipt = diagnostics.test_receipt(self.host.settings, self.host.runtime.now())
        self.host.bridge.when_done(
            self.host.runtime.print_receipt(receipt), self._test_printed, self.host.failed("test")
        )

    def _test_printed(self, outcome: PrintOutcome) -> None:
        if outcome.printed:
            self.printer.show_test(TrialPrint.PRINTED)
        else:
            self.printer.show_test(TrialPrint.FAILED, outcome.paper_out)

    # --- scanner ---------------------------------------------------------------------------------

    def _refresh_scanner(self) -> None:
        self.host.io(
            self.devices.scanner.health, self._scanner_health, "scanner", self._failed("scanner")
        )

    def _scanner_health(self, health: dict[str, Any]) -> None:
        self.scanner.show_health(health)
        self._done()

    def scanned(self, text: str) -> None:
        self.scanner.show_read(text, self.host.runtime.now())

    # --- sync ------------------------------------------------------------------------------------

    def _refresh_sync(self) -> None:
        self.host.call(diagnostics.sync_state, self._sync_shown, "sync", self._failed("sync"))

    def _sync_shown(self, state: SyncState) -> None:
        self.sync.show_state(state)
        self._done()

    def sync_now(self) -> None:
        self.host.runtime.sync_now()
        self.sync.show_requested()

    # --- alarms ----------------------------------------------------------------------------------

    def _refresh_alarms(self) -> None:
        self.host.call(
            diagnostics.open_alarms, self._alarms_shown, "alarms", self._failed("alarms")
        )

    def _alarms_shown(self, alarms: list[AlarmView]) -> None:
        self.alarms.show_alarms(alarms)
        self._done()

    def _alarm(self, change: Callable[[Services, int, str], bool], alarm_id: int) -> None:
        actor = self.host.actor
        self.host.call(
            lambda s: change(s, alarm_id, actor),
            lambda _: self.refresh(),
            "alarm",
        )

    # --- logs ------------------------------------------------------------------------------------

    def _show_logs(self) -> None:
        settings, tail = self.host.settings, self.tail
        self.host.io(
            partial(diagnostics.last_log_lines, settings, tail, LOG_LINES),
            self.logs.show_lines,
            "log lines",
        )
        self.host.io(
            partial(diagnostics.export_targets, settings), self.logs.show_targets, "targets"
        )

    def verify(self) -> None:
        # On the io pool, not the services thread: a long log must not hold up a door.
        self.host.io(
            partial(diagnostics.verify_audit, self.host.settings),
            self.logs.show_verify,
            "audit verify",
        )

    def export(self, target: Path) -> None:
        self.logs.show_exporting()
        self.host.call(diagnostics.gather_export, partial(self._write_export, target), "export")

    def _write_export(self, target: Path, data: ExportData) -> None:
        lines = self.tail.lines() if self.tail is not None else []
        logs = diagnostics.log_dir(self.host.settings)
        self.host.io(
            partial(diagnostics.write_export, data, target, logs, lines),
            self.logs.show_export,
            "export",
            self._export_failed,
        )

    def _export_failed(self, error: BaseException) -> None:
        if not isinstance(error, EnvironmentProblem):
            log.error("export failed: %r", error, exc_info=error)
        self.logs.show_export(error)
