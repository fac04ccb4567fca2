"""The staff directory, the heartbeat, and the dossier lookup the UI uses."""

from __future__ import annotations

import base64
import hashlib
import json
import logging

import pytest

from hub.sim import CentralSimServer, Endpoint, Fault, FaultKind
from kiosk.clock import FakeClock
from kiosk.settings import CentralConfig
from kiosk.store import Store, audit
from kiosk.store.kv import Key
from sync.agent import SyncAgent
from sync.client import CentralClient
from sync.errors import CentralUnavailable
from sync.heartbeat import send_heartbeat
from sync.wire import DossierInfo
from tests.sync.helpers import FAST_CENTRAL, kv_value, paths, pickups

KIOSK = "demo-kiosk-01"


def staff_rows(store: Store) -> dict[str, dict[str, object]]:
    return {r["staff_id"]: dict(r) for r in store.query("SELECT * FROM staff")}


def test_the_directory_is_stored_with_pbkdf2_pins_that_verify(
    agent: SyncAgent, server: CentralSimServer, store: Store
) -> None:
    assert agent.run_once().ok
    rows = staff_rows(store)
    assert set(rows) == {"cb-0142", "kt-0007"}
    seeded = {p.staff_id: p for p in server.sim.seed_staff}
    badge = seeded["cb-0142"].badge
    assert badge.startswith("STAFF|cb-0142|") and len(badge.split("|")[2]) >= 26  # ≥ 128 bits
    assert (rows["cb-0142"]["role"], rows["cb-0142"]["badge_sha256"]) == (
        "staff",
        hashlib.sha256(badge.encode()).hexdigest(),
    )
    assert rows["kt-0007"]["role"] == "technician" and rows["kt-0007"]["active"] == 1
    for person in server.sim.seed_staff:
        scheme, iterations, salt, digest = str(rows[person.staff_id]["pin_pbkdf2"]).split("$")
        assert (scheme, iterations) == ("pbkdf2_sha256", "1000")
        again = hashlib.pbkdf2_hmac("sha256", person.pin.encode(), base64.b64decode(salt), 1000)
        assert base64.b64decode(digest) == again
    actions = [r["action"] for r in store.query("SELECT action FROM audit")]
    assert actions.count("staff.added") == 2


def test_a_new_directory_forgets_people_but_keeps_lockouts_unless_the_pin_changed(
    agent: SyncAgent, server: CentralSimServer, store: Store
) -> None:
    assert agent.run_once().ok
    with store.transaction() as conn:
        conn.execute("UPDATE staff SET pin_fails = 10, disabled = 1")
    assert agent.run_once().ok  # 304: the lockout stays
    assert staff_rows(store)["cb-0142"]["disabled"] == 1

    server.sim.remove_staff(KIOSK, "kt-0007")
    server.sim.add_staff(KIOSK, "cb-0200", "Phạm Thu Hà", "staff", "246810")
    assert agent.run_once().ok  # a new body, cb-0142's PIN hash as before: still locked

    rows = staff_rows(store)
    assert set(rows) == {"cb-0142", "cb-0200"}
    assert (rows["cb-0142"]["pin_fails"], rows["cb-0142"]["disabled"]) == (10, 1)
    assert (rows["cb-0200"]["pin_fails"], rows["cb-0200"]["disabled"]) == (0, 0)
    audited = [
        (r["action"], r["subject"], r["details"])
        for r in store.query("SELECT * FROM audit WHERE action LIKE 'staff.%' ORDER BY seq")
    ][2:]
    assert audited == [
        ("staff.removed", "kt-0007", "{}"),
        ("staff.added", "cb-0200", '{"active": true, "role": "staff"}'),
    ]
    assert "pbkdf2" not in json.dumps([dict(r) for r in store.query("SELECT * FROM audit")])


def test_the_heartbeat_reports_compartments_outbox_and_devices(
    agent: SyncAgent, server: CentralSimServer, store: Store, clock: FakeClock
) -> None:
    with store.transaction() as conn:
        for label, size, content, oos in [
            ("A01", "S", "empty", 0),
            ("A02", "S", "empty", 1),
            ("A04", "M", "empty", 0),
        ]:
            conn.execute(
                "INSERT INTO compartments (label, size, board, lock, col, row, height,"
                " content, out_of_service, updated_at) VALUES (?, ?, 0, ?, 1, 1, 'middle', ?,"
                " ?, 'x')",
                (label, size, int(label[1:]), content, oos),
            )
        conn.execute(
            "INSERT INTO kv (key, value) VALUES (?, ?)",
            (
                Key.DEVICE_HEALTH.value,
                json.dumps(
                    {
                        "locks": {"state": "ok"},
                        "printer": {"state": "degraded", "reason": "paper near end"},
                        "scanner": {"online": False},
                    }
                ),
            ),
        )
    pickups(store, clock, 2)
    oldest = clock.iso()
    with store.transaction() as conn:
        for subject in ("A01", "A04"):
            audit.append(conn, at=oldest, actor="kiosk", action="x", subject=subject)

    assert send_heartbeat(store, agent.client, clock, uptime_s=5.0) == "poll every 30 s"

    (beat,) = server.sim.kiosk(KIOSK).heartbeats
    assert beat["compartments"] == {
        "S": {"free": 1, "occupied": 0, "out_of_service": 1},
        "M": {"free": 1, "occupied": 0, "out_of_service": 0},
    }
    assert beat["outbox"] == {"pending": 2, "rejected": 0, "oldest_pending_at": oldest}
    assert beat["devices"] == {
        "locks": {"state": "ok", "reason": None},
        "printer": {"state": "degraded", "reason": "paper near end"},
        "scanner": {"state": "offline", "reason": None},
    }
    assert beat["software_version"] and beat["disk_free_bytes"] > 0 and beat["uptime_s"] == 5.0
    newest = store.one("SELECT seq, hash FROM audit WHERE subject = 'A04'")
    assert newest is not None
    assert beat["audit_head"] == {"seq": 2, "hash": newest["hash"]}
    assert kv_value(store, Key.POLL_INTERVAL_S) == "30.0"


def client_for(server: CentralSimServer, clock: FakeClock) -> CentralClient:
    return CentralClient(
        server.url, KIOSK, CentralConfig(url=server.url, **FAST_CENTRAL), clock=clock
    )


@pytest.mark.parametrize(
    ("code", "state", "dropoff"),
    [
        ("000.00.07.H29-251123-0101", "awaiting_paper", True),
        ("000.00.07.H29-251123-0104", "received", False),
        ("000.00.07.H29-251123-0105", "processing", False),
        ("000.00.07.H29-251120-0001", "result_ready", False),
        ("000.00.07.H29-251123-0107", "picked_up", False),
    ],
)
def test_get_dossier_answers_for_seeded_dossiers(
    server: CentralSimServer, clock: FakeClock, code: str, state: str, dropoff: bool
) -> None:
    info = client_for(server, clock).get_dossier(code)
    assert isinstance(info, DossierInfo)
    assert (info.dossier_code, info.state, info.dropoff_allowed) == (code, state, dropoff)
    assert info.procedure_name


def test_get_dossier_is_none_for_an_unknown_code(
    server: CentralSimServer, clock: FakeClock
) -> None:
    assert client_for(server, clock).get_dossier("000.00.07.H29-251123-9999") is None


@pytest.mark.parametrize(
    "fault",
    [
        Fault(FaultKind.SERVER_ERROR, Endpoint.DOSSIERS),
        Fault(FaultKind.SLOW, Endpoint.DOSSIERS, delay_s=0.8),
        Fault(FaultKind.MALFORMED_JSON, Endpoint.DOSSIERS),
    ],
    ids=lambda f: f.kind.value,
)
@pytest.mark.logs(logging.WARNING)
def test_get_dossier_raises_central_unavailable_when_it_cannot_tell(
    server: CentralSimServer, clock: FakeClock, fault: Fault
) -> None:
    server.sim.faults.add(fault)
    with pytest.raises(CentralUnavailable):
        client_for(server, clock).get_dossier("000.00.07.H29-251123-0101")
    assert len(paths(server)) <= 1  # one try: a citizen is waiting


def test_get_dossier_raises_central_unavailable_when_unreachable(
    server: CentralSimServer, clock: FakeClock
) -> None:
    client = client_for(server, clock)
    server.stop()
    with pytest.raises(CentralUnavailable, match="cannot reach"):
        client.get_dossier("000.00.07.H29-251123-0101")
