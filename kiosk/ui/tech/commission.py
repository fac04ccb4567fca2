"""Commissioning from the technician's screen: ``kiosk commission``'s steps
(kiosk/commission/steps.py) asked by touch.

Every step's device I/O runs on one thread of its own, in the order the technician asked for
it (a door's pulse before its label's check, the wizard's bus closed before the kiosk takes the
port back); answers come back on the UI thread through the bridge, as the services' do.

While it runs the kiosk's door monitor and scanner are stopped and their ports lent
(``Listening.lend``, kiosk/listening.py): the wizard probes the bus at other line speeds and
reads the scanner's raw bytes. They are taken back when the technician finishes or leaves the screen
(Menu, sign-out, idle), every board read afresh first. The printer stays the kiosk's own. The
saved configuration is used from the next start of the kiosk.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QObject

from drivers.errors import DeviceError
from drivers.interfaces import UnlockOutcome, UnlockResult
from drivers.locks.bus import SerialLockBus
from kiosk.commission import config, steps
from kiosk.commission.config import Draft
from kiosk.commission.findings import CommissionError, Findings, Problem, Stop, device_fault
from kiosk.paths import resolve_data_dir
from kiosk.runtime import KioskRuntime
from kiosk.services import diagnostics
from kiosk.ui.staff.host import StaffHost
from kiosk.ui.staff.machine import StaffScreen
from kiosk.ui.tech.screens.commission import (
    Action,
    CommissionView,
    Note,
    Step,
    TechCommissionPage,
)

log = logging.getLogger(__name__)

T = TypeVar("T")


class CommissionFlow(QObject):
    def __init__(
        self, host: StaffHost, config_path: Path | None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.host = host
        self.config_path = config_path
        self.page = host.console.get(TechCommissionPage)
        self.devices = host.runtime.devices
        self.layout = {(c.board, c.lock): c.label for c in host.settings.locker.compartments}
        self.view = CommissionView()
        self.found = Findings()
        self._pool: ThreadPoolExecutor | None = None
        # The wizard's own bus: opened, used and closed on the commissioning thread only, so
        # that the kiosk takes its port back only once it is closed, whatever the UI left.
        self._bus: SerialLockBus | None = None
        self._walk: list[tuple[int, int]] = []
        self._walked = 0
        self._draft: Draft | None = None
        self._problems_shown = 0
        self._run_id = 0  # a new one at each start and end: answers of an older run are dropped
        self.lent = False
        self.page.act.connect(self._act)
        self.page.named.connect(self._named)
        self.page.line.connect(self._line)
        host.machine.entered.connect(self._entered)

    # --- running the steps ------------------------------------------------------------------

    def _submit(self, fn: Callable[[], T]) -> Future[T]:
        if self._pool is None:
            self._pool = ThreadPoolExecutor(1, "commission")
        return self._pool.submit(fn)

    def _run(self, fn: Callable[[], T], on_done: Callable[[T], None]) -> None:
        """``fn()`` on the commissioning thread; its answer on the UI thread, unless the
        technician has left (or started again) since: then it is dropped."""
        run = self._run_id

        def done(result: T) -> None:
            if run == self._run_id:
                on_done(result)

        def failed(error: BaseException) -> None:
            if run == self._run_id:
                self._failed(error)
            else:
                log.info("commissioning step after the end: %s", error)

        self.host.bridge.when_done(self._submit(fn), done, failed)

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, CommissionError):
            log.warning("commissioning stopped: %s", error)
            self._show(Step.STOPPED, error=error)
            self.finish()
        else:
            self.host.tell_problem("commissioning", error)

    def _show(self, step: Step, note: Note = Note.NONE, **facts: object) -> None:
        v = self.view
        v.step, v.note = step, note
        for name, value in facts.items():
            setattr(v, name, value)
        v.boards = self.found.boards
        v.taken, v.problems = self.found.labels, list(self.found.problems)
        self._problems_shown = len(self.found.problems)
        self.page.show_view(v)

    def _new_problem(self) -> Problem | None:
        """The problem the last step recorded, if it recorded one."""
        problems = self.found.problems
        return problems[-1] if len(problems) > self._problems_shown else None

    def _with_problem(self) -> tuple[Note, dict[str, object]]:
        problem = self._new_problem()
        return (Note.NONE, {}) if problem is None else (Note.PROBLEM, {"problem": problem})

    def _entered(self, kind: StaffScreen) -> None:
        if kind is StaffScreen.TECH_COMMISSION:
            self.begin()
        elif self.lent:
            self.finish()

    def begin(self) -> None:
        self._run_id += 1
        self.found, self._draft, self._walk = Findings(), None, []
        self.view = CommissionView()
        note = Note.NO_FILE if self.config_path is None else Note.NONE
        self._show(Step.START, note)

    def finish(self) -> None:
        """Close the wizard's bus and give the kiosk its devices back (once), on the
        commissioning thread: after whatever step is still running there."""
        self._run_id += 1
        if not self.lent:
            return
        self.lent = False
        runtime = self.host.runtime

        def give_back() -> None:
            bus, self._bus = self._bus, None
            if bus is not None:
                bus.close()
            for line in runtime.listening.take_back():
                log.warning("after commissioning: %s", line)

        self._submit(give_back).add_done_callback(partial(_log_failure, runtime))

    def stop(self) -> None:
        self.finish()
        if self._pool is not None:
            self._pool.shutdown(wait=False)  # a step still running ends on its own
            self._pool = None

    # --- the technician's answers -------------------------------------------------------------

    def _act(self, action: Action) -> None:
        handlers: dict[Action, Callable[[], None]] = {
            Action.SEARCH: self._search,
            Action.AGAIN: self.begin,
            Action.PULSE: self._pulse,
            Action.SKIP: self._next_door,
            Action.SKIP_BOARD: self._next_board,
            Action.END_WALK: self._item_sensors,
            Action.PROPOSED: lambda: self._named(self.view.proposed or ""),
            Action.NONE_OPENED: lambda: self._name(None),
            Action.CLOSED: self._check_closed,
            Action.SKIP_CLOSE: self._never_closed,
            Action.ITEM_IN: self._read_item,
            Action.ITEM_OUT: self._print_sample,
            Action.NO_LINE: lambda: self._line(0),
            Action.SCAN: self._scan,
            Action.SKIP_SCAN: self._review,
            Action.SAVE: self._save,
            Action.DISCARD: self._discard,
        }
        handlers[action]()

    # --- boards -------------------------------------------------------------------------------

    def _search(self) -> None:
        self._show(Step.SEARCHING)
        port = self.devices.ports.lock_bus
        lock_bus = self.host.settings.devices.lock_bus
        runtime, lend = self.host.runtime, not self.lent
        self.lent = True
        found = self.found = Findings()

        def probe() -> None:
            if lend:
                runtime.listening.lend()
            elif self._bus is not None:  # searching again: the last search's bus first
                self._bus.close()
                self._bus = None
            steps.find_boards(found, port, lock_bus.probe_timeout_s())
            try:
                self._bus = steps.door_bus(lock_bus, found, port)
            except DeviceError as exc:
                raise CommissionError(Stop.BUS_UNREACHABLE, str(exc), device_fault(exc)) from None

        self._run(probe, self._probed)

    def _probed(self, _: None) -> None:
        self._walk = steps.doors_to_walk(self.found)
        self._walked = 0
        self._door()

    # --- doors --------------------------------------------------------------------------------

    def _door(self, note: Note = Note.NONE, **facts: object) -> None:
        if self._walked >= len(self._walk):
            self._item_sensors()
            return
        board, lock = self._walk[self._walked]
        self._show(
            Step.DOOR,
            note,
            board=board,
            lock=lock,
            index=self._walked + 1,
            total=len(self._walk),
            **facts,
        )

    def _next_door(self) -> None:
        self._walked += 1
        self._door()

    def _next_board(self) -> None:
        board = self._walk[self._walked][0]
        while self._walked < len(self._walk) and self._walk[self._walked][0] == board:
            self._walked += 1
        self._door()

    def _pulse(self) -> None:
        found = self.found
        board, lock = self._walk[self._walked]
        self._show(Step.PULSING)
        self._run(lambda: steps.pulse(found, self._wizard_bus(), board, lock), self._pulsed)

    def _wizard_bus(self) -> SerialLockBus:
        """On the commissioning thread: the bus the probe opened."""
        if self._bus is None:
            raise CommissionError(Stop.BUS_UNREACHABLE, "the wizard's lock bus is closed")
        return self._bus

    def _pulsed(self, result: UnlockResult | None) -> None:
        if result is None:  # the board failed: said, and the same lock offered again
            note, facts = self._with_problem()
            self._door(note, **facts)
            return
        board, lock = result.board, result.lock
        suggested = steps.suggested_label(self.found, board, lock)
        expected = self.layout.get((board, lock), suggested)
        labels = {c for (b, _), c in self.layout.items() if b == board}
        labels |= {steps.suggested_label(self.found, board, n) for _, n in self._walk_of(board)}
        proposed = expected if result.opened and expected not in self.found.labels else None
        self._show(
            Step.NAME,
            outcome=result.outcome,
            labels=sorted(labels),
            proposed=proposed,
        )

    def _walk_of(self, board: int) -> list[tuple[int, int]]:
        return [(b, n) for b, n in self._walk if b == board]

    def _named(self, label: str) -> None:
        if steps.label_fault(self.found, label) is not None:
            self._show(Step.NAME, Note.LABEL_TAKEN, door=label)
            return
        self._name(label)

    def _name(self, label: str | None) -> None:
        board, lock = self.view.board, self.view.lock
        seen = self.view.outcome is UnlockOutcome.OPENED
        steps.name_door(self.found, board, lock, seen, label)
        if label is not None and seen:
            self._show(Step.CLOSE, door=label)
            return
        note, facts = self._with_problem()
        self._walked += 1
        self._door(note, **facts)

    def _check_closed(self) -> None:
        door = self.found.doors[-1]

        def check() -> bool | DeviceError:
            try:
                return steps.reads_closed(self._wizard_bus(), door)
            except DeviceError as exc:
                return exc

        self._run(check, self._closed)

    def _closed(self, closed: bool | DeviceError) -> None:
        if isinstance(closed, DeviceError):
            self._show(Step.CLOSE, Note.READ_FAILED, fault=device_fault(closed))
        elif not closed:
            self._show(Step.CLOSE, Note.STILL_OPEN)
        else:
            self._next_door()

    def _never_closed(self) -> None:
        steps.never_closed(self.found, self.found.doors[-1])
        note, facts = self._with_problem()
        self._walked += 1
        self._door(note, **facts)

    # --- item sensors -------------------------------------------------------------------------

    def _item_sensors(self) -> None:
        door = steps.item_door(self.found)
        if door is None:
            self._print_sample()
        else:
            self._show(Step.ITEM_PUT, door=door.label)

    def _read_item(self) -> None:
        found, door = self.found, self.found.doors[0]
        self._run(lambda: steps.read_item(found, self._wizard_bus(), door), self._item_read)

    def _item_read(self, seen: bool) -> None:
        note, facts = self._with_problem()
        if note is Note.NONE:
            note = Note.ITEM_SEEN if seen else Note.ITEM_NOT_SEEN
        self._show(Step.ITEM_TAKE, note, **facts)

    # --- printer ------------------------------------------------------------------------------

    def _print_sample(self) -> None:
        printer, found = self.devices.printer, self.found
        settings = self.host.settings.devices.printer
        self._show(Step.PRINTING)
        self._run(lambda: steps.print_sample(found, printer, settings), self._printed)

    def _printed(self, candidates: list[tuple[int, int]] | None) -> None:
        if candidates is None:
            note, facts = self._with_problem()
            self._scanner_step(note, **facts)
        else:
            self._show(Step.LINES, candidates=candidates)

    def _line(self, line: int) -> None:
        steps.choose_line(self.found, self.view.candidates, line)
        self._scanner_step(Note.RASTER if line == 0 else Note.NONE)

    # --- scanner ------------------------------------------------------------------------------

    def _scanner_step(self, note: Note = Note.NONE, **facts: object) -> None:
        if self.host.settings.devices.scanner.kind != "serial":
            self._review(Note.NOTHING_TO_LEARN)
        else:
            self._show(Step.SCAN, note, **facts)

    def _scan(self) -> None:
        found = self.found
        port, baud = self.devices.ports.scanner, self.host.settings.devices.scanner.baud
        self._show(Step.SCANNING)
        self._run(lambda: steps.learn_scanner(found, port, baud), self._scanned)

    def _scanned(self, problem: Problem | None) -> None:
        if problem is not None:
            self._show(Step.SCAN, Note.PROBLEM, problem=problem)
            return
        self._review(Note.SCAN_LEARNED)

    # --- the configuration --------------------------------------------------------------------

    def _review(self, note: Note = Note.NONE) -> None:
        path, found = self.config_path, self.found
        assert path is not None, "no file: commissioning was not offered"
        suffix, aim = found.suffix, bool(found.strip_aim)

        # The installed kiosk may not write /etc: then the file to install waits in its data.
        elsewhere = resolve_data_dir(self.host.settings.data_dir) / "commissioning"

        def reviewed(draft: Draft) -> None:
            self._draft = draft
            self._show(
                Step.REVIEW,
                note,
                diff=draft.diff,
                path=str(path),
                saved=str(draft.saved),
                suffix=suffix,
                strip_aim=aim,
            )

        self._show(Step.WRITING, note)
        self._run(lambda: config.draft_config(path, found, elsewhere), reviewed)

    def _save(self) -> None:
        draft = self._draft
        assert draft is not None
        saved = Note.SAVED if draft.in_place else Note.SAVED_ELSEWHERE
        self._show(Step.WRITING)
        self._run(lambda: config.save(draft), lambda _: self._saved(draft, saved))

    def _saved(self, draft: Draft, note: Note) -> None:
        actor, where, report = self.host.actor, str(draft.saved), str(draft.report)
        self.host.call(
            lambda s: diagnostics.record_commissioning(s, actor, where, report, draft.in_place),
            lambda _: None,
            "commissioning record",
        )
        self._done(note)

    def _discard(self) -> None:
        draft = self._draft
        assert draft is not None
        self._show(Step.WRITING)
        self._run(lambda: config.discard(draft), lambda _: self._done(Note.NOT_SAVED))

    def _done(self, note: Note) -> None:
        draft = self._draft
        assert draft is not None
        log.warning("commissioning by %s: %s %s", self.host.actor, note.value, draft.path)
        self._show(Step.DONE, note, report=str(draft.report))
        self.finish()


def _log_failure(runtime: KioskRuntime, future: Future[None]) -> None:
    exc = future.exception()
    if exc is None:
        return
    if runtime.stopping:  # the kiosk stops: its devices close with it
        log.info("devices not taken back from commissioning: the kiosk is stopping (%s)", exc)
    else:
        log.error("devices not taken back from commissioning", exc_info=exc)
