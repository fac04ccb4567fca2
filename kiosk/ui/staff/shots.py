"""Every staff and technician screen with sample data, for ``kiosk screenshots``.

Same shape as the citizen screens' ``variants`` (kiosk/ui/shots.py): (file stem,
``Screen.STAFF``, how to fill it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

from drivers.interfaces import BoardStatus, LockState, PaperState, PrinterStatus, UnlockOutcome
from drivers.locks.probe import FoundBoard
from kiosk.commission.findings import CommissionError, Fault, Problem, Stop
from kiosk.domain import Size
from kiosk.services.diagnostics import (
    AlarmView,
    DoorCounts,
    ExportResult,
    PaperChange,
    RejectedEvent,
    SyncState,
)
from kiosk.services.refusals import Refusal
from kiosk.services.releases import ReleaseInfo
from kiosk.services.staff_auth import Role, SignInRefusal, StaffMember
from kiosk.services.staff_ops import (
    CompartmentState,
    CompartmentView,
    DropoffItem,
    LoadedEnvelope,
    LoadProposal,
    RecallItem,
    RecallReason,
)
from kiosk.settings import Settings
from kiosk.store.audit import ChainReport
from kiosk.store.sync_failure import FailureKind, SyncFailure
from kiosk.ui.machine import Screen
from kiosk.ui.staff.console import StaffConsole
from kiosk.ui.staff.machine import StaffScreen
from kiosk.ui.staff.screens import load, load_end
from kiosk.ui.staff.screens.menu import MenuCounts, MenuPage
from kiosk.ui.staff.screens.occupancy import CompartmentPage, MapPage, OutOfServicePage
from kiosk.ui.staff.screens.signin import SignInPage, SignInStep
from kiosk.ui.staff.screens.takeout import CollectPage, RecallPage, TakeStatus
from kiosk.ui.tech.screens.alarms import TechAlarmsPage
from kiosk.ui.tech.screens.commission import CommissionView, Note, Step, TechCommissionPage
from kiosk.ui.tech.screens.doors import Pulse, TechDoorsPage
from kiosk.ui.tech.screens.logs import TechLogsPage
from kiosk.ui.tech.screens.menu import TechMenuPage, TechSummary
from kiosk.ui.tech.screens.printer import TechPrinterPage, TrialPrint
from kiosk.ui.tech.screens.scanner import TechScannerPage
from kiosk.ui.tech.screens.sync import TechSyncPage
from kiosk.ui.window import KioskWindow

Setup = Callable[[KioskWindow], None]

STAFF = StaffMember("cb-0142", "Trần Thị Bình", Role.STAFF)
TECHNICIAN = StaffMember("kt-0007", "Lê Minh Khoa", Role.TECHNICIAN)
AT = "2026-11-23T21:07:00+07:00"
CODES = [f"000.00.07.H29-2511{20 + n // 12:02d}-{n + 1:04d}" for n in range(6)]
RELEASE = ReleaseInfo(
    "r-8f2c1a", CODES[0], "Cấp giấy phép xây dựng nhà ở riêng lẻ", "N***** V** An", Size.M
)
ENVELOPES = [
    LoadedEnvelope(
        CODES[0], "Cấp giấy phép xây dựng nhà ở riêng lẻ", "N***** V** An", "A04", "r-1"
    ),
    LoadedEnvelope(CODES[1], "Đăng ký khai sinh", "L* T** Mai", "A01", "r-2"),
    LoadedEnvelope(CODES[2], "Đăng ký kết hôn", "P**** Đ** Nam", "B03", "r-3"),
]


def _page(
    kind: StaffScreen, member: StaffMember | None, fill: Callable[[StaffConsole], None]
) -> Setup:
    def setup(w: KioskWindow) -> None:
        console = w.get(StaffConsole)
        console.show_member(member)
        fill(console)
        console.display(kind)

    return setup


def _nothing(console: StaffConsole) -> None:
    pass


Fill = Callable[[StaffConsole], None]
Shot = tuple[str, Screen, Setup]


def shot(stem: str, kind: StaffScreen, member: StaffMember | None, fill: Fill = _nothing) -> Shot:
    return f"staff-{stem}", Screen.STAFF, _page(kind, member, fill)


def _door_step(step: load.DoorStep) -> Fill:
    return lambda c: c.get(load.LoadDoorPage).show_door("A04", step)


def _views(settings: Settings) -> list[CompartmentView]:
    states = [
        CompartmentState.LOADED,
        CompartmentState.FREE,
        CompartmentState.DROPOFF,
        CompartmentState.FREE,
        CompartmentState.EXPIRED,
        CompartmentState.LOADED,
        CompartmentState.FREE,
        CompartmentState.OUT_OF_SERVICE,
        CompartmentState.OPEN,
    ]
    return [
        CompartmentView(c.label, c.size, c.column, c.row, states[n % len(states)])
        for n, c in enumerate(settings.locker.compartments)
    ]


def _boards(settings: Settings) -> dict[int, BoardStatus | str]:
    readings: dict[int, BoardStatus | str] = {}
    for board in settings.locker.boards():
        locks = tuple(LockState(n, closed=n != 3, item=n % 4 == 0) for n in range(1, 17))
        readings[board] = BoardStatus(board, locks)
    return readings


def staff_variants(settings: Settings) -> Iterator[tuple[str, Screen, Setup]]:
    """(file stem, screen, how to fill it) for every staff and technician picture."""
    labels = [c.label for c in settings.locker.compartments] or ["A01"]
    views = _views(settings)
    loaded = next((v for v in views if v.state is CompartmentState.LOADED), views[0])
    s = StaffScreen

    def shot(
        stem: str,
        kind: StaffScreen,
        member: StaffMember | None,
        fill: Callable[[StaffConsole], None] = _nothing,
    ) -> tuple[str, Screen, Setup]:
        return f"staff-{stem}", Screen.STAFF, _page(kind, member, fill)  # fmt: skip

    yield from sign_in_variants()
    counts = MenuCounts(free=14, dropoffs=3, recalls=2, alarms=1)
    yield shot("menu", s.MENU, STAFF, lambda c: c.get(MenuPage).show_menu(counts, False))
    yield shot(
        "menu-technician", s.MENU, TECHNICIAN, lambda c: c.get(MenuPage).show_menu(counts, True)
    )

    def scan(c: StaffConsole) -> None:
        page = c.get(load.LoadScanPage)
        page.show_session(ENVELOPES[:2])
        page.set_code(CODES[3])

    yield shot("load_scan", s.LOAD_SCAN, STAFF, scan)

    def refused(c: StaffConsole) -> None:
        scan(c)
        c.get(load.LoadScanPage).show_refusal(Refusal.UNKNOWN_DOSSIER)

    yield shot("load_scan-unknown", s.LOAD_SCAN, STAFF, refused)
    proposal = LoadProposal(RELEASE, Size.M, "A04")
    yield shot(
        "load_confirm", s.LOAD_CONFIRM, STAFF,
        lambda c: c.get(load.LoadConfirmPage).show_proposal(proposal, "A04"),
    )  # fmt: skip
    no_free = LoadProposal(RELEASE, Size.L, None)
    yield shot(
        "load_confirm-no_free", s.LOAD_CONFIRM, STAFF,
        lambda c: c.get(load.LoadConfirmPage).show_proposal(no_free, None),
    )  # fmt: skip
    yield shot(
        "load_pick",
        s.LOAD_PICK,
        STAFF,
        lambda c: c.get(load.LoadPickPage).show_choices(labels[3:12]),
    )
    for step in (
        load.DoorStep.OPEN,
        load.DoorStep.FAILED,
        load.DoorStep.EMPTY,
        load.DoorStep.REOPENED,
    ):
        yield shot(f"load_door-{step}", s.LOAD_DOOR, STAFF, _door_step(step))
    yield shot(
        "load_done", s.LOAD_DONE, STAFF,
        lambda c: c.get(load_end.LoadDonePage).show_done(ENVELOPES[0], 48, 3),
    )  # fmt: skip
    yield shot(
        "load_summary", s.LOAD_SUMMARY, STAFF,
        lambda c: c.get(load_end.LoadSummaryPage).show_summary(
            ENVELOPES, load_end.PrintStep.PRINTED
        ),
    )  # fmt: skip
    yield shot(
        "load_summary-unprinted", s.LOAD_SUMMARY, STAFF,
        lambda c: c.get(load_end.LoadSummaryPage).show_summary(
            ENVELOPES, load_end.PrintStep.FAILED, paper_out=True
        ),
    )  # fmt: skip

    dropoffs = [
        DropoffItem(labels[6], "000.00.07.H29-251123-0101", "Đăng ký khai sinh", True, AT),
        DropoffItem(labels[7], "000.00.07.H29-251123-0102", None, False, AT),
        DropoffItem(labels[8], "000.00.07.H29-251123-0103", "Đăng ký kết hôn", True, AT),
    ]

    def collect(c: StaffConsole) -> None:
        page = c.get(CollectPage)
        page.show_dropoffs(dropoffs)
        page.set_status(labels[6], TakeStatus.DONE)
        page.set_status(labels[7], TakeStatus.OPEN)

    yield shot("collect", s.COLLECT, STAFF, collect)
    yield shot("collect-empty", s.COLLECT, STAFF, lambda c: c.get(CollectPage).show_dropoffs([]))
    recalls = [
        RecallItem(labels[n], f"r-{n}", CODES[n], "Đăng ký khai sinh", reason, AT, AT)
        for n, reason in enumerate(RecallReason)
    ]
    yield shot("recall", s.RECALL, STAFF, lambda c: c.get(RecallPage).show_recalls(recalls))
    yield shot("map", s.MAP, STAFF, lambda c: c.get(MapPage).show_map(views))
    detailed = CompartmentView(
        loaded.label, loaded.size, loaded.column, loaded.row, CompartmentState.EXPIRED,
        dossier_code=CODES[0], procedure_name=RELEASE.procedure_name,
        holder_masked=RELEASE.holder_masked, since=AT, expires_at=AT, recall=RecallReason.EXPIRED,
    )  # fmt: skip
    yield shot(
        "compartment", s.COMPARTMENT, STAFF,
        lambda c: c.get(CompartmentPage).show_compartment(detailed),
    )  # fmt: skip
    broken = CompartmentView(
        labels[-1], Size.L, 3, 8, CompartmentState.OUT_OF_SERVICE, oos_reason="door_jammed"
    )
    yield shot(
        "compartment-out_of_service", s.COMPARTMENT, STAFF,
        lambda c: c.get(CompartmentPage).show_compartment(broken),
    )  # fmt: skip
    yield shot(
        "out_of_service", s.OUT_OF_SERVICE, STAFF,
        lambda c: c.get(OutOfServicePage).show_compartment(labels[1]),
    )  # fmt: skip
    yield from tech_variants(settings)


def tech_variants(settings: Settings) -> Iterator[Shot]:
    """The diagnostics screens."""
    labels = [c.label for c in settings.locker.compartments] or ["A01"]
    s = StaffScreen
    summary = TechSummary(
        boards_online=1, boards=2, printer_ready=True, scanner_online=True, sync_online=False,
        outbox_pending=12, alarms=2,
    )  # fmt: skip
    yield shot(
        "tech_menu", s.TECH_MENU, TECHNICIAN, lambda c: c.get(TechMenuPage).show_summary(summary)
    )
    health = {
        "boards": [
            {"board": 0, "state": "online", "frame_errors": 2, "timeouts": 0},
            {"board": 1, "state": "offline", "frame_errors": 0, "timeouts": 7},
        ]
    }
    faults = {labels[2]: DoorCounts(jams=1, forced=0), labels[5]: DoorCounts(jams=0, forced=2)}

    def doors(c: StaffConsole) -> None:
        page = c.get(TechDoorsPage)
        readings = _boards(settings)
        readings[max(readings)] = "lock board 1 on /dev/ttyUSB0: no reply within 300 ms"
        page.show_readings(readings, health, faults)
        page.show_pulse(labels[0], Pulse.OPENED)
        page.show_pulse(labels[1], Pulse.JAMMED)

    yield shot("tech_doors", s.TECH_DOORS, TECHNICIAN, doors)
    status = PrinterStatus(True, True, PaperState.NEAR_END, False, False, False, "ready")
    history = [PaperChange(AT, PaperState.NEAR_END), PaperChange(AT, PaperState.OK)]

    def printer(c: StaffConsole) -> None:
        page = c.get(TechPrinterPage)
        page.show_status(status, {"printed": 214, "failed": 1}, history)
        page.show_test(TrialPrint.PRINTED)

    yield shot("tech_printer", s.TECH_PRINTER, TECHNICIAN, printer)

    def scanner(c: StaffConsole) -> None:
        page = c.get(TechScannerPage)
        page.show_health({"kind": "serial", "port": "/dev/ttyACM0", "reads": 31, "discarded": 0})
        page.show_read("STAFF|kt-0007|K7Q2…", datetime(2026, 11, 23, 21, 7, 41))

    yield shot("tech_scanner", s.TECH_SCANNER, TECHNICIAN, scanner)
    sync = SyncState(
        online=False,
        last_success_at=AT,
        last_failure=SyncFailure(FailureKind.HTTP, "releases", 503),
        outbox_pending=12,
        outbox_oldest_at=AT,
        rejected=[RejectedEvent("e-1", "dropoff.received", AT, "unknown dossier", CODES[4], "C02")],
    )

    def sync_page(c: StaffConsole) -> None:
        c.get(TechSyncPage).show_state(sync)
        c.get(TechSyncPage).show_requested()

    yield shot("tech_sync", s.TECH_SYNC, TECHNICIAN, sync_page)
    alarms = [
        AlarmView(3, "door_jammed", labels[1], AT, False, {}),
        AlarmView(4, "printer_paper_out", "printer", AT, True, {}),
        AlarmView(5, "citizen_report", labels[2], AT, False, {"dossier_code": CODES[1]}),
    ]
    yield shot(
        "tech_alarms",
        s.TECH_ALARMS,
        TECHNICIAN,
        lambda c: c.get(TechAlarmsPage).show_alarms(alarms),
    )
    lines = [
        f"2026-11-23 21:0{n % 10}:00,000 INFO kiosk.runtime: door A0{n % 8 + 1} closed"
        for n in range(12)
    ]

    def logs(c: StaffConsole) -> None:
        page = c.get(TechLogsPage)
        page.show_lines(lines)
        page.show_targets([Path("/media/kiosk/USB"), Path("/var/lib/atm-ho-so/exports")])
        report = ChainReport(rows=1532, first_bad_seq=None, reason="", head_seq=1532)
        page.show_verify(report)
        folder = Path("/media/kiosk/USB/atm-ho-so-demo-kiosk-01-20261123-210700")
        page.show_export(ExportResult(folder, [folder / "status.json"] * 6, report))

    yield shot("tech_logs", s.TECH_LOGS, TECHNICIAN, logs)
    yield from commission_variants()


def commission_variants() -> Iterator[Shot]:
    """The commissioning screen at each kind of step, on an installed kiosk (which may not
    write /etc: the reviewed file waits in its data folder)."""
    config, data = "/etc/atm-ho-so/kiosk.toml", "/var/lib/atm-ho-so/commissioning"
    boards = [FoundBoard("cu16", 19200, a, 0, 16, True) for a in (0, 3)]
    jammed = Problem(Fault.UNSEEN, 0, 2, "A02")
    diff = [
        f"--- {config}",
        f"+++ {config} (new)",
        "@@ -4,3 +4,12 @@",
        " [devices.lock_bus]",
        '-protocol = "8a80"',
        '+protocol = "cu16"',
        "+baud = 19200",
        "+closed_bit = 0",
        "+tcvn3_pages = [30, 31]",
        '+suffix = "CRLF"',
    ]
    views = {
        "start": CommissionView(),
        "door": CommissionView(
            Step.DOOR, Note.PROBLEM, boards, 0, 3, 3, 32, problem=jammed
        ),
        "name": CommissionView(
            Step.NAME, Note.LABEL_TAKEN, boards, 0, 1, 1, 32, UnlockOutcome.OPENED,
            labels=[f"{c}{n:02d}" for c in "AB" for n in range(1, 13)], taken={"A01"},
            proposed="A02", door="A01",
        ),
        "close": CommissionView(Step.CLOSE, Note.STILL_OPEN, boards, door="A02"),
        "lines": CommissionView(
            Step.LINES, Note.ITEM_SEEN, boards, candidates=[(30, 31), (21, 22)]
        ),
        "scan": CommissionView(
            Step.SCAN, Note.PROBLEM, boards, problem=Problem(Fault.NOTHING_SCANNED)
        ),
        "review": CommissionView(
            Step.REVIEW, Note.SCAN_LEARNED, boards, suffix="CRLF", strip_aim=True, diff=diff,
            problems=[jammed], path=config, saved=f"{data}/kiosk.toml",
        ),
        "stopped": CommissionView(
            Step.STOPPED, error=CommissionError(Stop.NO_BOARDS, "no lock board answered")
        ),
        "done": CommissionView(
            Step.DONE, Note.SAVED_ELSEWHERE, boards, path=config, saved=f"{data}/kiosk.toml",
            report=f"{data}/kiosk.commissioning.json",
        ),
    }  # fmt: skip
    for stem, view in views.items():
        yield shot(f"tech_commission-{stem}", StaffScreen.TECH_COMMISSION, TECHNICIAN, _shown(view))


def _shown(view: CommissionView) -> Fill:
    return lambda c: c.get(TechCommissionPage).show_view(view)


def sign_in_variants() -> Iterator[Shot]:
    s = StaffScreen
    yield shot("sign_in", s.SIGN_IN, None)

    def pin(c: StaffConsole) -> None:
        page = c.get(SignInPage)
        page.show_step(SignInStep.PIN)
        for digit in "482133":
            page.keypad.digit.emit(digit)

    yield shot("sign_in-pin", s.SIGN_IN, None, pin)

    yield shot(
        "sign_in-wrong_pin", s.SIGN_IN, None,
        lambda c: c.get(SignInPage).show_refusal(SignInRefusal.WRONG, 4, SignInStep.PIN),
    )  # fmt: skip
    yield shot(
        "sign_in-held", s.SIGN_IN, None,
        lambda c: c.get(SignInPage).show_refusal(SignInRefusal.HELD, 1740, SignInStep.BADGE),
    )  # fmt: skip
