"""The staff console's screens and which changes between them are allowed.

The machine is the citizen side's ``ScreenMachine`` with this table. Sign-in and the menu can be
reached from everywhere (sign-out, "Menu").
"""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import QObject

from kiosk.ui.machine import ScreenMachine


class StaffScreen(StrEnum):
    SIGN_IN = "sign_in"
    MENU = "menu"
    LOAD_SCAN = "load_scan"
    LOAD_CONFIRM = "load_confirm"
    LOAD_PICK = "load_pick"
    LOAD_DOOR = "load_door"
    LOAD_DONE = "load_done"
    LOAD_SUMMARY = "load_summary"
    COLLECT = "collect"
    RECALL = "recall"
    MAP = "map"
    COMPARTMENT = "compartment"
    OUT_OF_SERVICE = "out_of_service"
    TECH_MENU = "tech_menu"
    TECH_DOORS = "tech_doors"
    TECH_PRINTER = "tech_printer"
    TECH_SCANNER = "tech_scanner"
    TECH_SYNC = "tech_sync"
    TECH_ALARMS = "tech_alarms"
    TECH_LOGS = "tech_logs"
    TECH_COMMISSION = "tech_commission"


S = StaffScreen
TECH_SCREENS = frozenset(
    {S.TECH_MENU, S.TECH_DOORS, S.TECH_PRINTER, S.TECH_SCANNER, S.TECH_SYNC, S.TECH_ALARMS,
     S.TECH_LOGS, S.TECH_COMMISSION}
)  # fmt: skip

_NEXT: dict[StaffScreen, frozenset[StaffScreen]] = {
    S.SIGN_IN: frozenset(),
    S.MENU: frozenset({S.LOAD_SCAN, S.COLLECT, S.RECALL, S.MAP, S.TECH_MENU}),
    S.LOAD_SCAN: frozenset({S.LOAD_CONFIRM, S.LOAD_SUMMARY}),
    S.LOAD_CONFIRM: frozenset({S.LOAD_PICK, S.LOAD_DOOR, S.LOAD_SCAN}),
    S.LOAD_PICK: frozenset({S.LOAD_DOOR, S.LOAD_CONFIRM}),
    S.LOAD_DOOR: frozenset({S.LOAD_DONE, S.LOAD_CONFIRM, S.LOAD_PICK, S.LOAD_SCAN}),
    S.LOAD_DONE: frozenset({S.LOAD_SCAN, S.LOAD_DOOR, S.LOAD_SUMMARY}),
    S.LOAD_SUMMARY: frozenset({S.LOAD_SCAN}),
    S.COLLECT: frozenset(),
    S.RECALL: frozenset(),
    S.MAP: frozenset({S.COMPARTMENT}),
    S.COMPARTMENT: frozenset({S.MAP, S.OUT_OF_SERVICE}),
    S.OUT_OF_SERVICE: frozenset({S.COMPARTMENT}),
    S.TECH_MENU: TECH_SCREENS,
    **{s: frozenset({S.TECH_MENU}) for s in TECH_SCREENS - {S.TECH_MENU}},
}
_ANYWHERE = frozenset({S.SIGN_IN, S.MENU})


def allowed(source: StaffScreen, target: StaffScreen) -> bool:
    return target is source or target in _ANYWHERE or target in _NEXT[source]


StaffMachine = ScreenMachine[StaffScreen]


def staff_machine(parent: QObject | None = None) -> StaffMachine:
    return ScreenMachine(StaffScreen.SIGN_IN, allowed, "staff screen", parent)
