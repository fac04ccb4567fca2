"""The interactive commissioning wizard behind ``kiosk commission`` (technicians, on the CLI).

Step by step, every answer checked: find the boards with every door closed (protocol, baud,
addresses, polarity, channels), walk through every door (pulse it; the sensor says whether a
door opened, the technician names its label), check the item sensors with one door, print a
code-page sample and let the technician pick the line that reads right, learn the scanner's
suffix and AIM prefix from one scan, then show the configuration as a diff and save it (after
validating it) with a commissioning report next to it. The steps themselves are
``kiosk.commission.steps`` (the technician's screen runs the same); this module asks and tells
through ``ask`` and ``say``, so tests script the technician.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from drivers.config import LockBusConfig, PrinterConfig, ScannerConfig
from drivers.errors import DeviceError
from drivers.locks.bus import SerialLockBus
from drivers.registry import build_printer
from kiosk.commission import config, steps
from kiosk.commission.findings import CommissionError, Findings
from kiosk.commission.steps import LabelFault

__all__ = ["CommissionError", "Wizard", "review_and_save"]

Ask = Callable[[str], str]
Say = Callable[[str], None]
TRIES = 3


class Wizard:
    def __init__(
        self,
        *,
        lock_bus: LockBusConfig,
        printer: PrinterConfig,
        scanner: ScannerConfig,
        ask: Ask,
        say: Say,
    ) -> None:
        self._lock_bus = lock_bus
        self._printer = printer
        self._scanner = scanner
        self._ask = ask
        self._say = say
        self.found = Findings()

    def run(self) -> Findings:
        self.find_boards()
        self.walk_doors()
        self.check_item_sensors()
        self.pick_code_page()
        self.learn_scanner()
        return self.found

    def _bus(self) -> SerialLockBus:
        return steps.door_bus(self._lock_bus, self.found, self._lock_bus.port)

    # --- boards ---------------------------------------------------------------------------

    def find_boards(self) -> None:
        self._ask("Close every door of the cabinet, then press Enter: ")
        steps.find_boards(self.found, self._lock_bus.port, self._lock_bus.probe_timeout_s())
        for b in self.found.boards:
            self._say(
                f"board {b.address}: {b.protocol} at {b.baud} baud, {b.channels} channels,"
                f" closed_bit {b.closed_bit}"
            )

    # --- doors ----------------------------------------------------------------------------

    def walk_doors(self) -> None:
        self._say("Door walk: each lock is pulsed in turn; name the door that opens.")
        bus = self._bus()
        try:
            for board, lock in steps.doors_to_walk(self.found):
                answer = (
                    self._ask(
                        f"board {board} lock {lock}: Enter to pulse it, s to skip it,"
                        " q to end the walk: "
                    )
                    .strip()
                    .lower()
                )
                if answer == "q":
                    return
                if answer != "s":
                    self._door(bus, board, lock)
        finally:
            bus.close()

    def _door(self, bus: SerialLockBus, board: int, lock: int) -> None:
        result = steps.pulse(self.found, bus, board, lock)
        if result is None:
            self._say(self.found.problems[-1].text())
            return
        if result.opened:
            prompt = "the sensor saw a door open. Its label (e.g. A01), Enter if none opened: "
        else:
            prompt = (
                f"the sensor saw no door open ({result.outcome.value}). The label of a door that"
                " opened anyway, Enter if none: "
            )
        label = self._label(prompt)
        steps.name_door(self.found, board, lock, result.opened, label)
        if label is not None and result.opened:
            self._closed_again(bus)

    def _label(self, prompt: str) -> str | None:
        for _ in range(TRIES):
            answer = self._ask(prompt).strip().upper()
            if not answer:
                return None
            fault = steps.label_fault(self.found, answer)
            if fault is None:
                return answer
            if fault is LabelFault.NOT_A_LABEL:
                self._say(f"'{answer}' is not a door label: a letter and two digits, e.g. A01")
            else:
                self._say(f"{answer} is already the label of another door")
        self._say("no label taken for this door")
        return None

    def _closed_again(self, bus: SerialLockBus) -> None:
        door = self.found.doors[-1]
        for _ in range(TRIES):
            self._ask(f"close {door.label} and press Enter: ")
            try:
                if steps.reads_closed(bus, door):
                    return
            except DeviceError as exc:
                self._say(f"board {door.board}: {exc}")
                continue
            self._say(f"the sensor of {door.label} still reads open: push the door shut")
        steps.never_closed(self.found, door)

    # --- item sensors ---------------------------------------------------------------------

    def check_item_sensors(self) -> None:
        door = steps.item_door(self.found)
        if door is None:
            return
        self._ask(f"Put a sheet of paper in {door.label}, close it and press Enter: ")
        bus = self._bus()
        try:
            seen = steps.read_item(self.found, bus, door)
        finally:
            bus.close()
        if not seen:
            self._say(f"the item sensor of {door.label} did not see the paper: item sensors off")
        self._ask(f"Take the paper out of {door.label}, close it and press Enter: ")

    # --- printer --------------------------------------------------------------------------

    def pick_code_page(self) -> None:
        printer, sim = build_printer(self._printer)
        try:
            candidates = steps.print_sample(self.found, printer, self._printer)
        finally:
            printer.close()
            if sim is not None:
                sim.close()
        if candidates is None:
            self._say(self.found.problems[-1].text())
            return
        lines = [str(n) for n in range(1, len(candidates) + 1)]
        for _ in range(TRIES):
            answer = self._ask(
                "Which numbered line of the sample reads 'Tiếng Việt: Phường Bến Nghé…'"
                f" correctly? ({', '.join(lines)}, or 0 for none): "
            ).strip()
            if answer == "0" or answer in lines:
                steps.choose_line(self.found, candidates, int(answer))
                if answer == "0":
                    self._say("Vietnamese will be printed as images (raster)")
                return
            self._say(f"'{answer}' is not one of the line numbers")
        steps.no_line_chosen(self.found)

    # --- scanner --------------------------------------------------------------------------

    def learn_scanner(self) -> None:
        if self._scanner.kind != "serial":
            self._say(f"scanner: kind = {self._scanner.kind}: nothing to learn")
            return
        self._ask("Press Enter, then scan the QR code on the sample receipt: ")
        problem = steps.learn_scanner(self.found, self._scanner.port, self._scanner.baud)
        if problem is not None:
            self._say(problem.text() + " (check its cable, its serial/CDC mode, the baud)")
            return
        self._say(
            f"scanner: ends codes with {self.found.suffix}"
            + (", adds an AIM prefix" if self.found.strip_aim else "")
        )


def review_and_save(path: Path, found: Findings, *, ask: Ask, say: Say) -> bool:
    """Show the new configuration as a diff of ``path``, validate it, save it when the
    technician says yes; the commissioning report is written next to it either way."""
    draft = config.draft_config(path, found)
    say("\n".join(draft.diff) or "(no change)")
    if found.problems:
        say("Problems found:\n" + "\n".join(f"- {p.text()}" for p in found.problems))
    if ask(f"Save this configuration to {path}? [y/N]: ").strip().lower() != "y":
        config.discard(draft)
        say(f"not saved; the report is in {draft.report}")
        return False
    config.save(draft)
    say(f"saved {path}; the commissioning report is in {draft.report}")
    return True
