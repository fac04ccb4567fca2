"""Stateless processes: two ``atm-hub serve`` on one database answer as one."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from tests.hub.hubproc import HubProcess, otp_of, sms_lines, wait_for_sms
from tests.hub.kiosks import Kiosk
from tests.hub.test_day import release_body, synced
from tests.hub.test_kiosk_api import event, kiosk_call


@pytest.fixture(scope="module")
def twin(hub: HubProcess) -> Iterator[HubProcess]:
    """A second process on the same database and data dir, as behind a reverse proxy."""
    log = hub.log_file.with_name("twin.log")
    running = HubProcess(hub.env, hub.sms_file, log).start()
    yield running
    running.stop()


def test_a_kiosk_alternating_between_two_processes(
    hub: HubProcess, twin: HubProcess, key: str, kiosk: Kiosk
) -> None:
    made = [
        (hub if n % 2 else twin)
        .call("POST", "/v1/integration/releases", key, release_body(kiosk, n))
        .json()["release_id"]
        for n in range(1, 5)
    ]
    # Each SMS sent once, though both processes run a sender.
    messages = wait_for_sms(hub.sms_file, kiosk.phone, 4)
    codes = [otp_of(m) for m in messages]
    assert len(set(codes)) == 4

    # ETag and cursor from one process are understood by the other.
    first = kiosk_call(hub, kiosk, "GET", "/releases?limit=3")
    cursor = first.json()["next_cursor"]
    rest = kiosk_call(twin, kiosk, "GET", f"/releases?cursor={cursor}")
    assert [i["release_id"] for i in first.json()["items"] + rest.json()["items"]] == made
    same = kiosk_call(
        twin,
        kiosk,
        "GET",
        f"/releases?cursor={rest.json()['next_cursor']}",
        **{"If-None-Match": first.headers["ETag"]},
    )
    assert same.status_code == 304

    # An Idempotency-Key answered by one process is replayed by the other.
    body = {"events": [event()]}
    idem = {"Idempotency-Key": str(uuid.uuid4())}
    answered = kiosk_call(hub, kiosk, "POST", "/events", body, **idem).json()
    assert kiosk_call(twin, kiosk, "POST", "/events", body, **idem).json() == answered

    # The kiosk's own agent, each cycle at the other process.
    for n, release_id in enumerate(made):
        synced_at = twin if n % 2 else hub
        kiosk.url = synced_at.url
        synced(kiosk)
        kiosk.load(release_id)
        kiosk.pick_up(codes[n])
    kiosk.url = twin.url
    synced(kiosk)
    for release_id in made:
        shown = hub.call("GET", f"/v1/integration/releases/{release_id}", key).json()
        assert shown["state"] == "picked_up"
    assert len(sms_lines(hub.sms_file, kiosk.phone)) == 4
