"""The configuration commissioning writes: the user's file with what was found written into it,
validated and shown as a diff before it replaces the file, and the commissioning report."""

from __future__ import annotations

import difflib
import json
import stat
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.commission import toml_writer
from kiosk.commission.findings import CommissionError, Door, Findings, Stop
from kiosk.config_loader import load_settings
from kiosk.errors import KioskError


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
            # A board that reads the other way round from the bus's majority: its own polarity.
            **({"closed_bit": b.closed_bit} if found.own_closed_bit(b) is not None else {}),
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


@dataclass(frozen=True)
class Draft:
    """The new configuration, validated and written as ``draft``, waiting for the
    technician's yes; the report is written already. ``saved`` is where the yes puts it: the
    configuration file itself, or a file to install by hand when the kiosk may not write the
    file's folder (the installed kiosk: /etc is read-only to its service)."""

    path: Path
    draft: Path
    saved: Path
    report: Path
    diff: list[str]  # unified diff lines; empty when nothing changes

    @property
    def in_place(self) -> bool:
        return self.saved == self.path


def draft_config(path: Path, found: Findings, elsewhere: Path | None = None) -> Draft:
    """Write the new configuration beside ``path`` (or in ``elsewhere`` when its folder cannot
    be written), validate it as the kiosk would load it, and write the commissioning report;
    raises ``CommissionError`` (the draft removed)."""
    try:
        old_text = path.read_text(encoding="utf-8") if path.exists() else ""
        current = tomllib.loads(old_text) if old_text else {}
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise CommissionError(Stop.NOT_WRITTEN, f"cannot read {path}: {exc}") from None
    new_text = toml_writer.dumps(updated_config(current, found))
    # The file may hold central.token: the draft is as private as the file it replaces.
    mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else 0o600
    try:
        draft = _write(path.with_name(path.name + ".new"), new_text, mode)
        saved, folder = path, path.parent
    except OSError as exc:
        if elsewhere is None:
            raise CommissionError(Stop.NOT_WRITTEN, f"cannot write beside {path}: {exc}") from None
        try:
            elsewhere.mkdir(parents=True, exist_ok=True)
            draft = _write(elsewhere / (path.name + ".new"), new_text, 0o600)
        except OSError as exc2:
            raise CommissionError(
                Stop.NOT_WRITTEN, f"cannot write in {elsewhere}: {exc2}"
            ) from None
        saved, folder = elsewhere / path.name, elsewhere
    report = folder / (path.stem + ".commissioning.json")
    try:
        load_settings(str(draft), env={})  # raises ConfigError naming the key
    except KioskError as exc:
        draft.unlink()
        raise CommissionError(
            Stop.INVALID_CONFIG, f"the new configuration is not valid: {exc}"
        ) from None
    try:
        report.write_text(
            json.dumps(found.report(), ensure_ascii=False, indent=2), encoding="utf-8"
        )
    except OSError as exc:
        draft.unlink()
        raise CommissionError(Stop.NOT_WRITTEN, f"cannot write {report}: {exc}") from None
    diff = difflib.unified_diff(
        old_text.splitlines(), new_text.splitlines(), str(path), f"{path} (new)", lineterm=""
    )
    return Draft(path, draft, saved, report, list(diff))


def _write(draft: Path, text: str, mode: int) -> Path:
    draft.write_text(text, encoding="utf-8")
    draft.chmod(mode)
    return draft


def save(draft: Draft) -> None:
    """The technician said yes: the draft replaces the file (or becomes the file to install)."""
    try:
        draft.draft.replace(draft.saved)
    except OSError as exc:
        raise CommissionError(Stop.NOT_WRITTEN, f"cannot save {draft.saved}: {exc}") from None


def discard(draft: Draft) -> None:
    draft.draft.unlink(missing_ok=True)
