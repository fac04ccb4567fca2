"""Kill a worker with SIGKILL at random points of loading and pickup, restart, check everything.

Used by ``tests/kiosk/services/test_crash.py`` (200 kills) and ``bench/bench_crash.py``
(1,000 kills).
The worker is a forked child that opens its own connection and loops through real service
calls (load: begin → opened → closed on an item; pickup: begin → opened → closed empty) until it
is killed. Half of the unlocks, loads and pickups alike, have an unknown outcome instead
(``doors.unconfirmed``), settled by a later reading that sees the door open (then it closes as
usual) or shut with nothing moved (the door never opened: nothing changes, the code still
works): kills land in the confirmation window (an intent pending, nothing reported yet) and
after an unknown outcome too. After each kill the parent restarts the kiosk the way
``KioskRuntime.start`` does: it opens the store, reconciles unfinished door intents (in turn
with the sensors saying "the door never opened", with no sensor reading at all, and with the
sensors saying "it happened": the door shut, the item moved), returns doors to service as staff
would after inspecting them, and then checks that the database is intact, the audit chain
verifies, and no dossier is lost or counted twice (nor left staged: a load a restart could
not judge is settled by the inspection's finding, present or missing).
"""

from __future__ import annotations

import os
import random
import signal
import time
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from kiosk.clock import Clock
from kiosk.config_loader import load_settings
from kiosk.domain import Content, DoorPurpose
from kiosk.services.core import Services, open_services
from kiosk.services.door_contents import TAKES_OUT, maybe_inside
from kiosk.services.doors import UNCONFIRMED, DoorReading
from kiosk.services.inspections import Finding, inspected, needs_inspection
from kiosk.services.refusals import Refused
from kiosk.store import audit
from tests.kiosk.helpers import STAFF, add_release


@dataclass
class CrashReport:
    kills: int = 0
    pickups: int = 0
    loads: int = 0
    uncertain: int = 0
    interrupted: int = 0  # restarts that found a door command cut short by the kill
    after_unknown: int = 0  # ...cut short after an unknown unlock outcome, before it settled
    unknown_purposes: set[str] = field(default_factory=set)  # what unknown outcomes were for
    judged_loads: int = 0  # loads a restart could not judge, settled by staff's inspection
    problems: list[str] = field(default_factory=list)


def otp_of(n: int) -> str:
    return f"{n:08d}"


def _services(data_dir: Path) -> Services:
    settings = load_settings(None, env={"KIOSK_DATA_DIR": str(data_dir)})
    return open_services(settings, Clock())


def _work_forever(data_dir: Path, seed: int, ready: int) -> None:  # pragma: no cover - child
    rng = random.Random(seed)
    s = _services(data_dir)
    os.write(ready, b"!")  # the kill must land in the work, not in start-up
    while True:
        loaded = [
            r[0] for r in s.ctx.store.query("SELECT release_id FROM results WHERE state = 'loaded'")
        ]
        if loaded and (len(loaded) > 12 or rng.random() < 0.5):
            release_id = rng.choice(loaded)
            try:
                grant = s.citizen_doors.begin_pickup(otp_of(int(release_id[2:])))
            except Refused:  # its door is out of service until the parent "checks" it
                continue
            if _unlock(s, grant.intent_id, rng, item=True):
                s.doors.closed(grant.compartment, item=False)
        else:
            # The central system releases another result and staff load it.
            n = s.ctx.store.query("SELECT count(*) FROM releases")[0][0] + 1
            add_release(s, f"r-{n}", otp_of(n), size_hint=None, expires_in_s=10 * 365 * 86400)
            try:
                grant = s.staff_doors.begin_load(f"r-{n}", STAFF)
            except Refused:
                continue
            if _unlock(s, grant.intent_id, rng, item=False):
                s.doors.closed(grant.compartment, item=True)


def _unlock(
    s: Services, intent_id: int, rng: random.Random, item: bool
) -> bool:  # pragma: no cover
    """The unlock's outcome for a door whose item sensor reads ``item``: whether it opened."""
    if rng.random() < 0.5:
        s.doors.opened(intent_id)
        return True
    # No trustworthy read-back: the door monitor's next reading settles it.
    s.doors.unconfirmed(intent_id)
    opened = rng.random() < 0.5
    s.doors.settle(intent_id, DoorReading(open=opened, item=item))
    return opened


class Sensors(Enum):
    """What the doors of interrupted commands show after the restart."""

    NEVER_OPENED = "never_opened"  # shut, the item where it was: the command never went out
    UNREADABLE = "unreadable"  # the board does not answer
    HAPPENED = "happened"  # shut, the item moved: the door opened and closed while we were down


def _restart(data_dir: Path, sensors: Sensors, report: CrashReport) -> None:
    s = _services(data_dir)
    readings: dict[str, DoorReading | None] = {}
    for intent in s.doors.unfinished():
        report.after_unknown += intent["note"] == UNCONFIRMED
        was_inside = DoorPurpose(intent["purpose"]) in TAKES_OUT
        readings[intent["compartment"]] = {
            Sensors.NEVER_OPENED: DoorReading(open=False, item=was_inside),
            Sensors.UNREADABLE: None,
            Sensors.HAPPENED: DoorReading(open=False, item=not was_inside),
        }[sensors]
    decisions = s.doors.reconcile(readings)
    report.interrupted += bool(decisions)
    report.uncertain += sum("uncertain" in d for d in decisions)
    for label, content, reason in s.ctx.store.query(
        "SELECT label, content, oos_reason FROM compartments WHERE out_of_service = 1"
    ):
        if needs_inspection(reason):  # staff look: what the store says is inside is there
            found = Finding.EMPTY if content == Content.EMPTY else Finding.PRESENT
            if maybe_inside(s.ctx.store.conn, label) is not None:
                # A load nobody could judge: staff find the envelope, or not, in turn.
                found = Finding.PRESENT if report.kills % 2 else Finding.MISSING
                report.judged_loads += 1
            inspected(s.ctx, label, "staff:checked", found)
        else:
            s.staff_doors.return_to_service(label, "staff:checked")
    report.problems += check(s)
    s.close()


def check(s: Services) -> list[str]:
    """Everything that must hold after any crash; returns what does not."""
    store = s.ctx.store
    problems = []
    if not store.integrity_ok():
        problems.append("integrity_check failed")
    chain = audit.verify(store.conn)
    if not chain.ok:
        problems.append(f"audit chain: {chain.reason}")
    twice = store.query(
        "SELECT release_id FROM outbox WHERE type = 'result.picked_up'"
        " GROUP BY release_id HAVING count(*) > 1"
    )
    problems += [f"{r[0]} picked up twice" for r in twice]
    for release_id, states in store.query(
        "SELECT r.release_id, group_concat(s.state) FROM releases r"
        " LEFT JOIN results s ON s.release_id = r.release_id GROUP BY r.release_id"
    ):
        live = [x for x in (states or "").split(",") if x in ("loaded", "staged", "picked_up")]
        if len(live) > 1:
            problems.append(f"{release_id} is in two places: {states}")
    mismatched = store.query(
        "SELECT c.label FROM compartments c LEFT JOIN results s ON s.id = c.result_id"
        " WHERE (c.content = 'result') != (s.state IS 'loaded' AND s.compartment = c.label)"
    )
    problems += [f"{r[0]} content disagrees with its result" for r in mismatched]
    orphans = store.query(
        "SELECT s.id FROM results s LEFT JOIN compartments c ON c.result_id = s.id"
        " WHERE s.state = 'loaded' AND c.label IS NULL"
    )
    problems += [f"loaded result {r[0]} is in no compartment" for r in orphans]
    # Every intent is settled by now (by the sensors, or by staff's inspection): nothing may
    # stay staged, neither found in no compartment nor blocking its release's next loading.
    staged = store.query("SELECT id FROM results WHERE state = 'staged'")
    problems += [f"result {r[0]} still staged after start-up" for r in staged]
    picked = store.query("SELECT count(*) FROM results WHERE state = 'picked_up'")[0][0]
    events = store.query("SELECT count(*) FROM outbox WHERE type = 'result.picked_up'")[0][0]
    if picked != events:
        problems.append(f"{picked} pickups but {events} pickup events")
    return problems


def run(data_dir: Path, kills: int, seed: int = 1, max_run_s: float = 0.03) -> CrashReport:
    rng = random.Random(seed)
    report = CrashReport()
    for i in range(kills):
        ready_r, ready_w = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child never returns
            try:
                _work_forever(data_dir, seed * 100_003 + i, ready_w)
            finally:
                os._exit(1)
        os.close(ready_w)
        os.read(ready_r, 1)
        os.close(ready_r)
        time.sleep(rng.uniform(0.0, max_run_s))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        report.kills += 1
        _restart(data_dir, list(Sensors)[i % len(Sensors)], report)
    s = _services(data_dir)
    report.pickups = s.ctx.store.query("SELECT count(*) FROM results WHERE state = 'picked_up'")[0][
        0
    ]
    report.loads = s.ctx.store.query("SELECT count(*) FROM outbox WHERE type = 'result.loaded'")[0][
        0
    ]
    report.unknown_purposes = {
        r[0]
        for r in s.ctx.store.query(
            "SELECT DISTINCT d.purpose FROM audit a JOIN door_intents d"
            " ON d.id = json_extract(a.details, '$.intent') WHERE a.action = 'door.unconfirmed'"
        )
    }
    s.close()
    return report
