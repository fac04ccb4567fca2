"""The kiosk API as the contract writes it, byte for byte where it matters (central-api.md)."""

from __future__ import annotations

import hashlib
import json
import uuid
from typing import Any

import requests
from sqlalchemy import insert

from hub.db import open_engine
from hub.schema import idempotency_keys
from tests.hub.hubproc import HubProcess
from tests.hub.kiosks import Kiosk
from tests.hub.test_day import release_body


def kiosk_call(
    hub: HubProcess, kiosk: Kiosk, method: str, path: str, body: Any = None, **headers: str
) -> requests.Response:
    return requests.request(
        method,
        f"{hub.url}/v1/kiosks/{kiosk.kiosk_id}{path}",
        json=body,
        headers={"Authorization": f"Bearer {kiosk.token}", **headers},
        timeout=10,
    )


def event(type: str = "rating.submitted", **fields: Any) -> dict[str, Any]:
    return {
        "event_id": str(uuid.uuid4()),
        "type": type,
        "occurred_at": "2026-11-23T21:07:41+07:00",
        "actor": "citizen",
        "data": {"score": 5},
    } | fields


def test_tokens_and_errors(hub: HubProcess, make_kiosk: Any) -> None:
    a, b = make_kiosk(), make_kiosk()
    no_token = requests.get(f"{hub.url}/v1/kiosks/{a.kiosk_id}/releases", timeout=5)
    assert no_token.status_code == 401 and no_token.json()["error"] == "unauthorized"
    assert "Date" in no_token.headers
    wrong = kiosk_call(hub, Kiosk(a.kiosk_id, "nope", a.data_dir), "GET", "/releases")
    assert wrong.status_code == 401
    other = kiosk_call(hub, Kiosk(a.kiosk_id, b.token, b.data_dir), "GET", "/releases")
    assert other.status_code == 403 and other.json()["error"] == "forbidden"
    bad = kiosk_call(hub, a, "GET", "/releases?cursor=zzz")
    assert bad.status_code == 400 and set(bad.json()) == {"error", "message"}
    assert kiosk_call(hub, a, "GET", "/releases?limit=1001").status_code == 400


def test_feed_pages_etag_and_an_unknown_cursor(hub: HubProcess, key: str, kiosk: Kiosk) -> None:
    for n in range(1, 4):
        made = hub.call("POST", "/v1/integration/releases", key, release_body(kiosk, n))
        assert made.status_code == 201
    first = kiosk_call(hub, kiosk, "GET", "/releases?limit=2")
    page = first.json()
    assert (len(page["items"]), page["has_more"]) == (2, True)
    assert first.headers["ETag"] == '"r-3"'
    item = page["items"][0]
    assert set(item) == {
        "release_id",
        "version",
        "status",
        "dossier_code",
        "procedure_name",
        "holder_name",
        "phone_last_digits",
        "otp",
        "expires_at",
        "size_hint",
        "needs_low_compartment",
    }
    assert (item["status"], item["version"], item["phone_last_digits"]) == ("released", 1, "821")
    rest = kiosk_call(hub, kiosk, "GET", f"/releases?cursor={page['next_cursor']}").json()
    assert (len(rest["items"]), rest["has_more"]) == (1, False)
    cursor, etag = rest["next_cursor"], first.headers["ETag"]
    same = kiosk_call(hub, kiosk, "GET", f"/releases?cursor={cursor}", **{"If-None-Match": etag})
    assert same.status_code == 304 and same.headers["ETag"] == etag
    revoked = hub.call("POST", f"/v1/integration/releases/{item['release_id']}/revoke", key)
    assert revoked.json()["version"] == 2
    changed = kiosk_call(hub, kiosk, "GET", f"/releases?cursor={cursor}", **{"If-None-Match": etag})
    [gone] = changed.json()["items"]
    assert (gone["status"], gone["version"], "otp" in gone) == ("revoked", 2, False)
    future = kiosk_call(hub, kiosk, "GET", "/releases?cursor=c-000999")
    assert future.status_code == 410 and future.json()["error"] == "cursor_expired"


def test_events_once_per_id_and_per_key(hub: HubProcess, kiosk: Kiosk, env: dict[str, str]) -> None:
    good, bad = event(), event(data={"score": 9})
    body = {"events": [good, bad]}
    key = str(uuid.uuid4())
    first = kiosk_call(hub, kiosk, "POST", "/events", body, **{"Idempotency-Key": key})
    reply = first.json()
    assert reply["accepted"] == [good["event_id"]] and reply["duplicates"] == []
    assert [r["event_id"] for r in reply["rejected"]] == [bad["event_id"]]
    replay = kiosk_call(hub, kiosk, "POST", "/events", body, **{"Idempotency-Key": key})
    assert replay.json() == reply
    other = {"events": [good]}
    reused = kiosk_call(hub, kiosk, "POST", "/events", other, **{"Idempotency-Key": key})
    assert reused.status_code == 422
    late = kiosk_call(hub, kiosk, "POST", "/events", other, **{"Idempotency-Key": "k2"})
    assert late.json() == {"accepted": [], "duplicates": [good["event_id"]], "rejected": []}
    assert kiosk_call(hub, kiosk, "POST", "/events", other).status_code == 400

    # A key whose first request is still being processed (by this or another process): 409.
    in_flight = {"events": [event()]}
    digest = hashlib.sha256(
        json.dumps(in_flight, sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()
    engine = open_engine(env["ATM_HUB_DATABASE"])
    with engine.begin() as conn:
        conn.execute(
            insert(idempotency_keys).values(
                kiosk_id=kiosk.kiosk_id, key="busy", digest=digest, created_ts=9e99
            )
        )
    engine.dispose()
    busy = kiosk_call(hub, kiosk, "POST", "/events", in_flight, **{"Idempotency-Key": "busy"})
    assert busy.status_code == 409 and busy.json()["error"] == "in_progress"


def test_heartbeat_dossier_and_staff(hub: HubProcess, key: str, kiosk: Kiosk) -> None:
    status, out = kiosk.sync()
    assert status == 0, out
    assert kiosk_call(hub, kiosk, "POST", "/heartbeat", [1, 2]).status_code == 400
    # A beat that does not fit the contract still says the kiosk is alive.
    odd = kiosk_call(hub, kiosk, "POST", "/heartbeat", {"sent_at": "x"})
    assert odd.status_code == 200 and odd.json()["poll_interval_s"] == 30
    hub.call("POST", "/v1/integration/releases", key, release_body(kiosk, 7))
    found = kiosk_call(hub, kiosk, "GET", "/dossiers/000.00.07.H29-251123-0007").json()
    assert (found["state"], found["dropoff_allowed"]) == ("result_ready", False)
    assert kiosk_call(hub, kiosk, "GET", "/dossiers/000.00.07.H29-251123-0008").status_code == 404
    staff = kiosk_call(hub, kiosk, "GET", "/staff")
    assert staff.json() == {"staff": []}
    again = kiosk_call(hub, kiosk, "GET", "/staff", **{"If-None-Match": staff.headers["ETag"]})
    assert again.status_code == 304
