"""A day at a ward: the kiosk's own sync agent, unchanged, against the real hub.

The one-stop system releases through the integration API, the citizen's SMS lands in the SMS
file, ``kiosk sync --once`` brings the code to the kiosk, the citizen picks up with the code from
the SMS, and the pickup comes back in the integration events feed.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from typing import Any

from sqlalchemy import select

from hub.db import open_engine
from hub.schema import releases, sms
from kiosk.services.refusals import Refusal, Refused
from tests.hub.hubproc import HubProcess, otp_of, wait_for_sms
from tests.hub.kiosks import Kiosk

VN = timezone(timedelta(hours=7))


def release_body(kiosk: Kiosk, n: int = 1) -> dict[str, Any]:
    expires = (datetime.now(VN) + timedelta(days=7)).replace(microsecond=0)
    return {
        "kiosk_id": kiosk.kiosk_id,
        "dossier_code": f"000.00.07.H29-251123-{n:04d}",
        "procedure_name": "Đăng ký khai sinh",
        "holder_name": "Nguyễn Văn An",
        "phone": kiosk.phone,
        "expires_at": expires.isoformat(),
        "size_hint": "S",
    }


def synced(kiosk: Kiosk) -> str:
    status, out = kiosk.sync()
    assert status == 0, out
    return out


def feed(hub: HubProcess, key: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    cursor = ""
    while True:
        page = hub.call("GET", f"/v1/integration/events?limit=2&cursor={cursor}", key).json()
        items += page["items"]
        cursor = page["next_cursor"]
        if not page["has_more"]:
            return items


def sealed_codes(hub: HubProcess, release_id: str) -> list[bool]:
    """Whether the release's stored code is there, checking it is not the digits in clear."""
    engine = open_engine(hub.env["ATM_HUB_DATABASE"])
    with engine.connect() as conn:
        rows = conn.execute(
            select(releases.c.otp_enc, sms.c.text_enc)
            .join(sms, sms.c.release_id == releases.c.release_id)
            .where(releases.c.release_id == release_id)
        ).all()
    engine.dispose()
    for otp_enc, text_enc in rows:
        assert text_enc is None  # sent: the SMS text (it holds the code) is gone
        assert otp_enc is None or not re.search(rb"[0-9]{8}", otp_enc)
    return [otp_enc is not None for otp_enc, _ in rows]


def refusal(kiosk: Kiosk, otp: str) -> Refusal:
    try:
        kiosk.pick_up(otp)
    except Refused as exc:
        return exc.reason
    raise AssertionError("the code was accepted")


def test_release_sms_sync_pickup_and_the_event_in_the_feed(
    hub: HubProcess, key: str, kiosk: Kiosk
) -> None:
    made = hub.call("POST", "/v1/integration/releases", key, release_body(kiosk))
    assert made.status_code == 201, made.text
    assert set(made.json()) == {"release_id", "version"}
    release_id = made.json()["release_id"]
    [sms] = wait_for_sms(hub.sms_file, kiosk.phone, 1)
    assert sms["to"] == kiosk.phone
    text = sms["text"]
    assert text.isascii() and len(text) <= 160
    assert text.startswith("Phuong Ben Nghe: ho so 000.00.07.H29-251123-0001")
    otp = otp_of(sms)
    # The digits are in the SMS and in the kiosk's feed only: not in a reply, not in a log.
    shown = hub.call("GET", f"/v1/integration/releases/{release_id}", key)
    assert shown.json()["state"] == "released" and otp not in shown.text
    assert otp not in hub.log()

    assert sealed_codes(hub, release_id) == [True]

    synced(kiosk)
    label = kiosk.load(release_id)
    assert kiosk.pick_up(otp) == label
    synced(kiosk)

    events = [e for e in feed(hub, key) if e["kiosk_id"] == kiosk.kiosk_id]
    assert [(e["type"], e["release_id"], e["kiosk_id"]) for e in events] == [
        ("result.loaded", release_id, kiosk.kiosk_id),
        ("result.picked_up", release_id, kiosk.kiosk_id),
    ]
    assert all(e["received_at"] and e["compartment"] == label for e in events)
    after = hub.call("GET", f"/v1/integration/releases/{release_id}", key).json()
    assert after["state"] == "picked_up"
    assert [h["action"] for h in after["history"]] == ["released", "loaded", "picked_up"]
    assert sealed_codes(hub, release_id) == [False]  # the code is deleted when it ends
    assert otp not in hub.log()


def test_reissue_revoke_void_and_resend(hub: HubProcess, key: str, kiosk: Kiosk) -> None:
    first = hub.call("POST", "/v1/integration/releases", key, release_body(kiosk, 1))
    second = hub.call("POST", "/v1/integration/releases", key, release_body(kiosk, 2))
    r1, r2 = first.json()["release_id"], second.json()["release_id"]
    old1, old2 = (otp_of(m) for m in wait_for_sms(hub.sms_file, kiosk.phone, 2))
    assert old1 != old2
    synced(kiosk)
    kiosk.load(r1)

    # Re-issue: a new version, a new SMS; at the kiosk the old code stops working.
    again = hub.call("POST", f"/v1/integration/releases/{r1}/reissue", key)
    assert again.json() == {"release_id": r1, "version": 2}
    new1 = otp_of(wait_for_sms(hub.sms_file, kiosk.phone, 3)[2])
    assert new1 != old1
    synced(kiosk)
    assert refusal(kiosk, old1) is not None
    kiosk.pick_up(new1)

    # Revoke: the kiosk holds it as revoked; the code is gone.
    gone = hub.call("POST", f"/v1/integration/releases/{r2}/revoke", key)
    assert gone.json() == {"release_id": r2, "version": 2}
    synced(kiosk)
    row = kiosk.release_row(r2)
    assert row is not None and (row["status"], row["version"]) == ("revoked", 2)
    assert refusal(kiosk, old2) is not None
    assert hub.call("POST", f"/v1/integration/releases/{r2}/reissue", key).status_code == 200
    new2 = otp_of(wait_for_sms(hub.sms_file, kiosk.phone, 4)[3])

    # The kiosk voids a code after too many wrong tries: the hub re-issues it and sends the SMS.
    synced(kiosk)
    kiosk.report(
        "result.code_voided",
        actor="kiosk",
        release_id=r2,
        dossier_code="000.00.07.H29-251123-0002",
        data={"reason": "too_many_failures"},
    )
    synced(kiosk)
    messages = wait_for_sms(hub.sms_file, kiosk.phone, 5)
    voided_new = otp_of(messages[4])
    assert voided_new not in (new2, old2)
    shown = hub.call("GET", f"/v1/integration/releases/{r2}", key).json()
    assert (shown["version"], shown["history"][-1]["action"]) == (4, "reissued")
    synced(kiosk)
    row = kiosk.release_row(r2)
    assert row is not None and (row["status"], row["version"]) == ("released", 4)

    # "The SMS never came": re-sent when the phone's last digits match, once per 5 minutes;
    # the kiosk hears the same whatever the digits (its events are accepted).
    for digits in ("000", "821", "821"):
        kiosk.report(
            "otp.resend_requested",
            actor="citizen",
            dossier_code="000.00.07.H29-251123-0002",
            data={"phone_last_digits": digits},
        )
    out = synced(kiosk)
    assert "3 sent, 0 rejected" in out
    messages = wait_for_sms(hub.sms_file, kiosk.phone, 6)
    assert len(messages) == 6 and otp_of(messages[5]) == voided_new
    actions = [
        h["action"]
        for h in hub.call("GET", f"/v1/integration/releases/{r2}", key).json()["history"]
    ]
    assert actions[-3:] == ["resend_refused", "resent", "resend_refused"]
    assert all(otp not in hub.log() for otp in (old1, new1, old2, new2, voided_new))


def test_the_integration_api_says_what_is_wrong(hub: HubProcess, key: str, kiosk: Kiosk) -> None:
    assert hub.call("GET", "/v1/integration/events", "not-a-key").status_code == 401
    bad = hub.call(
        "POST",
        "/v1/integration/releases",
        key,
        release_body(kiosk) | {"dossier_code": "12345", "phone": "12", "expires_at": "tomorrow"},
    )
    assert bad.status_code == 400 and bad.json()["error"] == "bad_request"
    for field in ("dossier_code", "phone", "expires_at"):
        assert field in bad.json()["message"]
    unknown = hub.call(
        "POST", "/v1/integration/releases", key, release_body(kiosk) | {"kiosk_id": "nowhere"}
    )
    assert unknown.status_code == 404
    assert hub.call("GET", "/v1/integration/releases/r-none", key).status_code == 404
    assert hub.call("GET", "/v1/integration/events?cursor=c-1", key).status_code == 400

    made = hub.call("POST", "/v1/integration/releases", key, release_body(kiosk, 5)).json()
    otp = otp_of(wait_for_sms(hub.sms_file, kiosk.phone, 1)[0])
    synced(kiosk)
    kiosk.load(made["release_id"])
    kiosk.pick_up(otp)
    synced(kiosk)
    late = hub.call("POST", f"/v1/integration/releases/{made['release_id']}/revoke", key)
    assert late.status_code == 409 and late.json()["error"] == "release_ended"
