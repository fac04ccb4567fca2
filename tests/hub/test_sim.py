"""The central simulator is the hub: its seed and its bulk path go through the hub's services
(one transaction, the codes unique, one SMS queued per release) and say so in one log line."""

from __future__ import annotations

import logging
import time
from typing import Any

import pytest
import requests
from sqlalchemy import func, select

from hub.schema import sms
from hub.sim import CentralSimulator, start_central_sim
from hub.sim.phones import Phones
from hub.sim.seed import DEMO_KIOSK_ID

KIOSK, TOKEN = "ward-sim-01", "sim-token"
COUNT = 2500


def hub_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name.startswith("hub")]


def test_the_demo_seed_is_logged_once_not_once_per_release(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.INFO):
        sim = CentralSimulator(pin_iterations=1000)
    assert hub_lines(caplog) == ["36 releases v1 at 1 kiosk(s)"]
    assert len(sim.seed_otps) == 36
    sim.close()


def test_a_bulk_release_is_served_to_the_kiosk_as_the_hub_serves_any_release(
    caplog: pytest.LogCaptureFixture,
) -> None:
    sim = CentralSimulator(seed=False, pin_iterations=1000)
    sim.add_kiosk(KIOSK, TOKEN)
    with caplog.at_level(logging.INFO):
        ids = sim.release_many(
            KIOSK,
            (
                {
                    "dossier_code": f"000.00.07.H29-251124-{n:05d}",
                    "procedure_name": "Đăng ký khai sinh",
                    "holder_name": "Nguyễn Văn An",
                    "phone_last_digits": "821",
                    "size_hint": "M",
                }
                for n in range(COUNT)
            ),
        )
    assert hub_lines(caplog) == [f"{COUNT} releases v1 at 1 kiosk(s)"]
    assert len(set(ids)) == COUNT

    server = start_central_sim(sim=sim)
    try:
        items: list[dict[str, Any]] = []
        cursor = ""
        while True:
            page = requests.get(
                f"{server.url}/v1/kiosks/{KIOSK}/releases",
                params={"cursor": cursor, "limit": "1000"},
                headers={"Authorization": f"Bearer {TOKEN}"},
                timeout=30,
            ).json()
            items += page["items"]
            cursor = page["next_cursor"]
            if not page["has_more"]:
                break
    finally:
        server.stop()
    assert [i["release_id"] for i in items] == ids
    assert cursor == f"c-{COUNT:06d}"
    assert len({i["otp"] for i in items}) == COUNT  # unique among the kiosk's active codes
    assert {(i["version"], i["status"], i["phone_last_digits"]) for i in items} == {
        (1, "released", "821")
    }
    with sim.hub.reader.connect() as conn:
        queued = conn.execute(select(func.count()).where(sms.c.state == "pending")).scalar_one()
    assert queued == COUNT
    sim.close()


def test_with_phones_the_simulator_sends_each_code_and_a_reissued_one() -> None:
    """The demo's phones (its simulator window's SMS tab): each seeded code arrives, and a code
    the central system re-issues arrives as a new message."""
    phones = Phones()
    server = start_central_sim(pin_iterations=1000, phones=phones)
    try:
        sim = server.sim
        arrived(phones, 36)
        texts = [m.text for m in phones.inbox()]
        assert len(texts) == len(sim.seed_otps) == 36
        assert all(
            any(f"ho so {dossier}" in t and f"Ma nhan: {otp}." in t for t in texts)
            for dossier, otp in sim.seed_otps.items()
        )
        release_id = next(iter(sim.kiosk(DEMO_KIOSK_ID).releases))
        new = sim.reissue(DEMO_KIOSK_ID, release_id)
        arrived(phones, 37)
        assert f"Ma nhan: {new.otp}." in phones.inbox()[0].text
    finally:
        server.stop()


def arrived(phones: Phones, count: int) -> None:
    deadline = time.monotonic() + 10
    while len(phones.inbox()) < count:
        assert time.monotonic() < deadline, f"{len(phones.inbox())} SMS, not {count}"
        time.sleep(0.02)
