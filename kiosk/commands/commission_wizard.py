"""The interactive commissioning wizard behind ``kiosk commission`` (technicians, on the CLI).

Step by step, every answer checked: find the boards with every door closed (protocol, baud,
addresses, polarity, channels), walk through every door (pulse it; the sensor says whether a
door opened, the technician names its label), check the item sensors with one door, print a
code-page sample and let the technician pick the line that reads right, learn the scanner's
suffix and AIM prefix from one scan, then show the configuration as a diff and save it (after
validating it) with a commissioning report next to it. Talks through ``ask`` and ``say`` so
tests script the technician.
"""

from __future__ import annotations

import difflib
import json
import re
import tomllib
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from drivers.config import LockBusConfig, PrinterConfig, ScannerConfig
from drivers.errors import DeviceError
from drivers.locks import probe
from drivers.locks.bus import SerialLockBus
from drivers.locks.probe import FoundBoard
from drivers.printer import codepages
from drivers.printer.layout import code_page_sample
from drivers.registry import build_printer
from drivers.serial_link import SerialLink
from kiosk.commands import commission_toml
from kiosk.errors import KioskError

Ask = Callable[[str], str]
Say = Callable[[str], None]
LABEL = re.compile(r"^[A-Z][0-9]{2}$")
AIM = re.compile(rb"^\][A-Za-z][0-9A-Za-z]")
TRIES = 3
SCAN_WAIT_S = 30.0
SCAN_GAP_S = 0.3


class CommissionError(KioskError):
    """The wizard cannot go on; the message says why and what to check."""


@dataclass
class Door:
    label: str
    board: int
    lock: int
    sensor_saw_it: bool


@dataclass
class Findings:
    boards: list[FoundBoard] = field(default_factory=list)
    closed_bit: int = 1
    doors: list[Door] = field(default_factory=list)
    item_sensors: bool | None = None
    tcvn3_pages: tuple[int, int] | None = None
    text_mode: str | None = None
    suffix: str | None = None
    strip_aim: bool | None = None
    problems: list[str] = field(default_factory=list)

    def report(self) -> dict[str, Any]:
        return {
            "at": datetime.now().isoformat(timespec="seconds"),
            "boards": [b.to_json() for b in self.boards],
            "closed_bit": self.closed_bit,
            "doors": [asdict(d) for d in self.doors],
            "item_sensors": self.item_sensors,
            "printer": {"tcvn3_pages": self.tcvn3_pages, "text_mode": self.text_mode},
            "scanner": {"suffix": self.suffix, "strip_aim": self.strip_aim},
            "problems": self.problems,
        }


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
        # Probing waits as long for each address as the bus waits for a reply.
        self._reply_timeout_s = lock_bus.reply_timeout_ms / 1000
        self.found = Findings()

    def run(self) -> Findings:
        self.find_boards()
        self.walk_doors()
        self.check_item_sensors()
        self.pick_code_page()
        self.learn_scanner()
        return self.found

    # --- boards ---------------------------------------------------------------------------

    def find_boards(self) -> None:
        self._ask("Close every door of the cabinet, then press Enter: ")
        port = self._lock_bus.port
        try:
            boards = probe.scan_bus(port, timeout=self._reply_timeout_s)
        except DeviceError as exc:
            raise CommissionError(str(exc)) from None
        if not boards:
            raise CommissionError(
                f"no lock board answered on {port}: check the boards' power, A to A and B to B,"
                " the adapter, and each board's address switches"
            )
        protocol = boards[0].protocol
        others = [b for b in boards if b.protocol != protocol]
        if others:
            self.found.problems.append(
                f"boards of another protocol ({others[0].protocol}) on the same bus are left out"
            )
        boards = [b for b in boards if b.protocol == protocol]
        bits = [b.closed_bit for b in boards]
        self.found.closed_bit = max(set(bits), key=bits.count)
        if len(set(bits)) > 1:
            self.found.problems.append(
                "the boards disagree on polarity (closed_bit): the bus has one; check that every"
                " door was closed, and the odd board's sensor wiring"
            )
        self.found.boards = boards
        for b in boards:
            self._say(
                f"board {b.address}: {b.protocol} at {b.baud} baud, {b.channels} channels,"
                f" closed_bit {b.closed_bit}"
            )

    def _bus(self) -> SerialLockBus:
        first = self.found.boards[0]
        config = self._lock_bus.model_copy(
            update={
                "protocol": first.protocol,
                "baud": first.baud,
                "closed_bit": self.found.closed_bit,
                "boards": [
                    self._lock_bus.board(b.address).model_copy(update={"channels": b.channels})
                    for b in self.found.boards
                ],
            }
        )
        addresses = [b.address for b in self.found.boards]
        return SerialLockBus(config, addresses, port=config.port)

    # --- doors ----------------------------------------------------------------------------

    def walk_doors(self) -> None:
        self._say("Door walk: each lock is pulsed in turn; name the door that opens.")
        bus = self._bus()
        try:
            for board in self.found.boards:
                for lock in range(1, board.channels + 1):
                    answer = (
                        self._ask(
                            f"board {board.address} lock {lock}: Enter to pulse it, s to skip it,"
                            " q to end the walk: "
                        )
                        .strip()
                        .lower()
                    )
                    if answer == "q":
                        return
                    if answer != "s":
                        self._door(bus, board.address, lock)
        finally:
            bus.close()

    def _door(self, bus: SerialLockBus, board: int, lock: int) -> None:
        try:
            result = bus.unlock(board, lock)
        except DeviceError as exc:
            self._say(f"board {board} lock {lock}: {exc}")
            self.found.problems.append(f"board {board} lock {lock}: {exc}")
            return
        seen = result.opened
        if seen:
            prompt = "the sensor saw a door open. Its label (e.g. A01), Enter if none opened: "
        else:
            prompt = (
                f"the sensor saw no door open ({result.outcome.value}). The label of a door that"
                " opened anyway, Enter if none: "
            )
        label = self._label(prompt)
        if label is None:
            if seen:
                self.found.problems.append(
                    f"board {board} lock {lock}: the sensor saw a door open that was not named"
                )
            return
        if not seen:
            self.found.problems.append(
                f"{label} (board {board} lock {lock}): opened but its sensor did not see it"
                " (sensor wiring, or polarity)"
            )
        self.found.doors.append(Door(label, board, lock, seen))
        if seen:
            self._closed_again(bus, board, lock, label)

    def _label(self, prompt: str) -> str | None:
        taken = {d.label for d in self.found.doors}
        for _ in range(TRIES):
            answer = self._ask(prompt).strip().upper()
            if not answer:
                return None
            if not LABEL.match(answer):
                self._say(f"'{answer}' is not a door label: a letter and two digits, e.g. A01")
            elif answer in taken:
                self._say(f"{answer} is already the label of another door")
            else:
                return answer
        self._say("no label taken for this door")
        return None

    def _closed_again(self, bus: SerialLockBus, board: int, lock: int, label: str) -> None:
        for _ in range(TRIES):
            self._ask(f"close {label} and press Enter: ")
            try:
                if bus.read_board(board).lock(lock).closed:
                    return
            except DeviceError as exc:
                self._say(f"board {board}: {exc}")
                continue
            self._say(f"the sensor of {label} still reads open: push the door shut")
        self.found.problems.append(f"{label}: its sensor never read closed again")

    # --- item sensors ---------------------------------------------------------------------

    def check_item_sensors(self) -> None:
        first = self.found.boards[0]
        if not first.item_sensors or not self.found.doors:
            self.found.item_sensors = first.item_sensors
            return
        door = self.found.doors[0]
        self._ask(f"Put a sheet of paper in {door.label}, close it and press Enter: ")
        bus = self._bus()
        try:
            item = bus.read_board(door.board).lock(door.lock).item
        except DeviceError as exc:
            self.found.problems.append(f"item sensors: {exc}")
            item = None
        finally:
            bus.close()
        self.found.item_sensors = bool(item)
        if not item:
            self._say(f"the item sensor of {door.label} did not see the paper: item sensors off")
        self._ask(f"Take the paper out of {door.label}, close it and press Enter: ")

    # --- printer --------------------------------------------------------------------------

    def pick_code_page(self) -> None:
        candidates = codepages.sample_candidates(self._printer.profile)
        printer, sim = build_printer(self._printer)
        try:
            printer.print_bytes(code_page_sample(self._printer, candidates))
        except DeviceError as exc:
            self._say(f"printer: {exc}")
            self.found.problems.append(f"printer: code-page sample not printed: {exc}")
            return
        finally:
            printer.close()
            if sim is not None:
                sim.close()
        choices = {str(n): pair for n, pair in enumerate(candidates, 1)}
        for _ in range(TRIES):
            answer = self._ask(
                "Which numbered line of the sample reads 'Tiếng Việt: Phường Bến Nghé…'"
                f" correctly? ({', '.join(choices)}, or 0 for none): "
            ).strip()
            if answer == "0":
                self.found.text_mode = "raster"
                self._say("Vietnamese will be printed as images (raster)")
                return
            if answer in choices:
                self.found.tcvn3_pages = choices[answer]
                self.found.text_mode = "auto"
                return
            self._say(f"'{answer}' is not one of the line numbers")
        self.found.problems.append("printer: no code-page line chosen; left as it was")

    # --- scanner --------------------------------------------------------------------------

    def learn_scanner(self) -> None:
        if self._scanner.kind != "serial":
            self._say(f"scanner: kind = {self._scanner.kind}: nothing to learn")
            return
        self._ask("Press Enter, then scan the QR code on the sample receipt: ")
        try:
            raw = self._one_scan()
        except DeviceError as exc:
            self.found.problems.append(f"scanner: {exc}")
            self._say(f"scanner: {exc}")
            return
        if not raw:
            self.found.problems.append(f"scanner: nothing read within {SCAN_WAIT_S:g} s")
            self._say("scanner: nothing read (check its cable, its serial/CDC mode, the baud)")
            return
        self.found.suffix = _suffix_of(raw)
        self.found.strip_aim = bool(AIM.match(raw))
        self._say(
            f"scanner: ends codes with {self.found.suffix}"
            + (", adds an AIM prefix" if self.found.strip_aim else "")
        )

    def _one_scan(self) -> bytes:
        link = SerialLink(self._scanner.port, self._scanner.baud, device="scanner")
        try:
            data = link.read_some(SCAN_WAIT_S)
            while data and (more := link.read_some(SCAN_GAP_S)):
                data += more
            return data
        finally:
            link.close()


def _suffix_of(raw: bytes) -> str:
    if raw.endswith(b"\r\n"):
        return "CRLF"
    if raw.endswith(b"\r"):
        return "CR"
    if raw.endswith(b"\n"):
        return "LF"
    return "gap"


# --- the configuration ------------------------------------------------------------------------


def updated_config(current: dict[str, Any], found: Findings) -> dict[str, Any]:
    """``current`` (the user's file) with what the wizard found written into it."""
    data = json.loads(json.dumps(current))  # a deep copy
    devices = data.setdefault("devices", {})
    bus = devices.setdefault("lock_bus", {})
    first = found.boards[0]
    bus.update({"protocol": first.protocol, "baud": first.baud, "closed_bit": found.closed_bit})
    old_boards = {b.get("address"): b for b in bus.get("boards", [])}
    bus["boards"] = [
        {
            **old_boards.get(b.address, {}),
            "address": b.address,
            "channels": b.channels,
            # Written only where the protocol has them: the wizard checked them with paper.
            **({"item_sensors": found.item_sensors} if b.item_sensors else {}),
        }
        for b in found.boards
    ]
    printer = devices.setdefault("printer", {})
    if found.text_mode is not None:
        printer["text_mode"] = found.text_mode
    if found.tcvn3_pages is not None:
        printer["tcvn3_pages"] = list(found.tcvn3_pages)
    else:
        printer.pop("tcvn3_pages", None)
    scanner = devices.setdefault("scanner", {})
    if found.suffix is not None:
        scanner["suffix"] = found.suffix
    if found.strip_aim is not None:
        scanner["strip_aim"] = found.strip_aim
    if found.doors:
        data.setdefault("locker", {})["compartments"] = [_compartment(d) for d in found.doors]
    return dict(data)


def _compartment(door: Door) -> dict[str, Any]:
    """A door's table: column from its letter, row from its number; size and height are the
    usual ones, for the technician to correct in the diff."""
    return {
        "label": door.label,
        "size": "M",
        "board": door.board,
        "lock": door.lock,
        "column": ord(door.label[0]) - ord("A") + 1,
        "row": int(door.label[1:]),
        "height": "middle",
    }


def review_and_save(
    path: Path, found: Findings, *, ask: Ask, say: Say, validate: Callable[[Path], None]
) -> bool:
    """Show the new configuration as a diff of ``path``, validate it, save it when the
    technician says yes, and write the commissioning report next to it."""
    old_text = path.read_text(encoding="utf-8") if path.exists() else ""
    current = tomllib.loads(old_text) if old_text else {}
    new_text = commission_toml.dumps(updated_config(current, found))
    draft = path.with_name(path.name + ".new")
    draft.write_text(new_text, encoding="utf-8")
    try:
        validate(draft)
    except KioskError as exc:
        draft.unlink()
        raise CommissionError(f"the new configuration is not valid: {exc}") from None
    diff = difflib.unified_diff(
        old_text.splitlines(), new_text.splitlines(), str(path), f"{path} (new)", lineterm=""
    )
    say("\n".join(diff) or "(no change)")
    if found.problems:
        say("Problems found:\n" + "\n".join(f"- {p}" for p in found.problems))
    report = path.with_name(path.stem + ".commissioning.json")
    report.write_text(json.dumps(found.report(), ensure_ascii=False, indent=2), encoding="utf-8")
    if ask(f"Save this configuration to {path}? [y/N]: ").strip().lower() != "y":
        draft.unlink()
        say(f"not saved; the report is in {report}")
        return False
    draft.replace(path)
    say(f"saved {path}; the commissioning report is in {report}")
    return True
