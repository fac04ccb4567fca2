"""Property-based test of the compartment/result state machine (hypothesis).

Random sequences of staff and citizen actions, doors that open, jam or close on an item or on
nothing, must keep the store consistent with a simple model of what is physically in each
compartment, never count a pickup twice, and keep the audit chain intact.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from kiosk.clock import FakeClock
from kiosk.config_loader import load_settings
from kiosk.domain import Size
from kiosk.services.core import open_services
from kiosk.services.free_doors import free_doors
from kiosk.services.refusals import Refused
from kiosk.store import audit
from tests.kiosk.helpers import STAFF, add_release

DOSSIER = "000.00.07.H29-251123-0007"
DOOR = st.sampled_from(["opens", "jams"])


class LockerMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self._dir = tempfile.TemporaryDirectory()
        settings_ = load_settings(None, env={"KIOSK_DATA_DIR": str(Path(self._dir.name))})
        self.clock = FakeClock()
        self.s = open_services(settings_, self.clock)
        # The model: what is physically inside each compartment, and who is waiting for what.
        self.inside: dict[str, str] = {}  # label -> "r-N" or "dropoff"
        self.released: list[str] = []
        self.picked: set[str] = set()

    def teardown(self) -> None:
        self.s.close()
        self._dir.cleanup()

    def _otp(self, release_id: str) -> str:
        return f"{int(release_id[2:]):08d}"

    def _usable(self, label: str) -> bool:
        row = self.s.ctx.store.one(
            "SELECT out_of_service FROM compartments WHERE label = ?", (label,)
        )
        return row is not None and not row[0]

    @rule(size=st.sampled_from(["S", "M", "L", None]))
    def release(self, size: str | None) -> None:
        release_id = f"r-{len(self.released) + 1}"
        add_release(self.s, release_id, self._otp(release_id), size_hint=size)
        self.released.append(release_id)

    @precondition(lambda self: self.released)
    @rule(data=st.data(), door=DOOR, placed=st.booleans())
    def load(self, data: st.DataObject, door: str, placed: bool) -> None:
        release_id = data.draw(st.sampled_from(self.released))
        try:
            grant = self.s.staff_doors.begin_load(release_id, STAFF)
        except Refused:
            assert (
                release_id in self.inside.values()
                or release_id in self.picked
                or not self._free_door_fits(release_id)
            )
            return
        if door == "jams":
            self.s.doors.failed(grant.intent_id)
            return
        self.s.doors.opened(grant.intent_id)
        self.s.doors.closed(grant.compartment, item=placed)
        if placed:
            self.inside[grant.compartment] = release_id

    @precondition(lambda self: self.released)
    @rule(data=st.data(), door=DOOR, right=st.booleans())
    def pickup(self, data: st.DataObject, door: str, right: bool) -> None:
        release_id = data.draw(st.sampled_from(self.released))
        self.clock.advance(1000)  # past any delay from earlier wrong codes
        otp = self._otp(release_id) if right else "99999999"
        try:
            grant = self.s.citizen_doors.begin_pickup(otp, phone_digits="821")
        except Refused:
            loaded_here = [k for k, v in self.inside.items() if v == release_id]
            assert (
                not (right and loaded_here and self._usable(loaded_here[0]))
                or release_id in self.picked
            )
            return
        assert right and self.inside.get(grant.compartment) == release_id
        if door == "jams":
            self.s.doors.failed(grant.intent_id)
            return
        self.s.doors.opened(grant.intent_id)
        del self.inside[grant.compartment]
        self.picked.add(release_id)
        self.s.doors.closed(grant.compartment, item=False)

    @rule(door=DOOR, size=st.sampled_from([None, Size.S, Size.M, Size.L]))
    def dropoff(self, door: str, size: Size | None) -> None:
        try:
            grant = self.s.citizen_doors.begin_dropoff(DOSSIER, size, verified=False)
        except Refused:
            return
        if door == "jams":
            self.s.doors.failed(grant.intent_id)
            return
        self.s.doors.opened(grant.intent_id)
        self.s.doors.closed(grant.compartment, item=True)
        self.inside[grant.compartment] = "dropoff"

    @precondition(lambda self: self.inside)
    @rule(data=st.data(), took=st.booleans())
    def take_back(self, data: st.DataObject, took: bool) -> None:
        label = data.draw(st.sampled_from(sorted(self.inside)))
        what = self.inside[label]
        begin = (
            self.s.staff_doors.begin_collect
            if what == "dropoff"
            else self.s.staff_doors.begin_retrieve
        )
        grant = begin(label, STAFF)
        self.s.doors.opened(grant.intent_id)
        self.s.doors.closed(label, item=not took)
        if took:
            del self.inside[label]

    @precondition(
        lambda self: (
            self.s.ctx.store.one("SELECT 1 FROM compartments WHERE out_of_service = 1") is not None
        )
    )
    @rule()
    def repair(self) -> None:
        for (label,) in self.s.ctx.store.query(
            "SELECT label FROM compartments WHERE out_of_service = 1"
        ):
            self.s.staff_doors.return_to_service(label, "technician:kt-01")

    def _free_door_fits(self, release_id: str) -> bool:
        """A usable empty door that the release's result fits in (the size it was sent with)."""
        row = self.s.ctx.store.one(
            "SELECT size_hint FROM releases WHERE release_id = ?", (release_id,)
        )
        need = Size(row[0] if row is not None and row[0] else "S")
        return bool(free_doors(self.s.ctx.store.conn, need))

    @invariant()
    def store_matches_what_is_inside(self) -> None:
        store = self.s.ctx.store
        rows = store.query(
            "SELECT c.label, c.content, s.release_id FROM compartments c"
            " LEFT JOIN results s ON s.id = c.result_id WHERE c.content != 'empty'"
        )
        believed = {r[0]: (r[2] if r[1] == "result" else "dropoff") for r in rows}
        assert believed == self.inside

    @invariant()
    def nothing_counted_twice(self) -> None:
        store = self.s.ctx.store
        twice = store.query(
            "SELECT release_id FROM outbox WHERE type = 'result.picked_up'"
            " GROUP BY release_id HAVING count(*) > 1"
        )
        assert twice == []
        loaded = store.query("SELECT count(*) FROM results WHERE state = 'loaded'")[0][0]
        assert loaded == sum(1 for v in self.inside.values() if v != "dropoff")
        assert (
            store.query("SELECT count(*) FROM compartments WHERE intent_id IS NOT NULL")[0][0] == 0
        )

    @invariant()
    def audit_chain_holds(self) -> None:
        assert audit.verify(self.s.ctx.store.conn).ok


TestLockerMachine = LockerMachine.TestCase
TestLockerMachine.settings = settings(
    max_examples=25,
    stateful_step_count=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
