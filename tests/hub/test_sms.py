"""The SMS queue survives a gateway that fails and a restart of the hub (``--sms http:URL``)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tests.hub import pg
from tests.hub.conftest import WARD, run_cli
from tests.hub.hubproc import HubProcess, hub_env
from tests.hub.kiosks import Kiosk
from tests.hub.test_day import release_body


def until(condition: Callable[[], bool], timeout_s: float = 20.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, "not in time"
        time.sleep(0.05)


class Gateway:
    """An SMS gateway on 127.0.0.1 that fails while ``failing`` is set and records what it got."""

    def __init__(self) -> None:
        self.failing = True
        self.received: list[tuple[str, Any]] = []
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                if gateway.failing:
                    self.send_response(503)
                else:
                    gateway.received.append((self.headers.get("Authorization", ""), body))
                    self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_port}/send"


@pytest.fixture
def own_database(database: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """A database of this test's own, of the same kind: the session's hub sends no SMS of it."""
    if database.startswith("sqlite"):
        return f"sqlite:///{tmp_path / 'own.sqlite3'}"
    return pg.new_database(request.getfixturevalue("pg_server"))


def test_sms_waits_for_a_failing_gateway_across_a_restart(
    own_database: str, tmp_path: Path
) -> None:
    gateway = Gateway()
    env = hub_env(tmp_path / "data", own_database) | {
        "ATM_HUB_SMS_BODY": '{"phone": "{to}", "message": "{text}", "brand": "UBND"}',
        "ATM_HUB_SMS_AUTH": "Bearer gw-secret",
        "ATM_HUB_SMS_RETRY_S": "0.2",
    }
    key = run_cli(env, "key", "add", "one-stop")["key"]
    kiosk = Kiosk(
        "ward-sms",
        run_cli(env, "kiosk", "add", "ward-sms", "--name", WARD)["token"],
        tmp_path / "kiosk",
    )
    sending = HubProcess(
        env, tmp_path / "unused", tmp_path / "gw.log", extra=("--sms", f"http:{gateway.url}")
    ).start()
    try:
        made = sending.call("POST", "/v1/integration/releases", key, release_body(kiosk, 9))
        assert made.status_code == 201
        until(lambda: "failed" in sending.log())  # the gateway refused it at least once
        sending.stop()
        assert gateway.received == []
        gateway.failing = False
        sending = HubProcess(
            env, tmp_path / "unused", tmp_path / "gw.log", extra=("--sms", f"http:{gateway.url}")
        ).start()
        until(lambda: bool(gateway.received))
        [(auth, body)] = gateway.received
        assert auth == "Bearer gw-secret"
        assert body["phone"] == kiosk.phone and body["brand"] == "UBND"
        assert "Ma nhan:" in body["message"]
    finally:
        sending.stop()
        gateway.server.shutdown()


def test_the_text_is_one_ascii_segment_even_for_a_long_ward_name() -> None:
    from datetime import datetime

    from hub.sms_text import fold, pickup_text

    assert fold("Phường Đa Kao, Quận 1 [TP.HCM]") == "Phuong Da Kao, Quan 1 TP.HCM"
    long_name = "Ủy ban nhân dân phường Bến Nghé, quận Một, thành phố Hồ Chí Minh, Việt Nam"
    text = pickup_text(long_name, "000.00.07.H29-251123-0001", "48213377", datetime(2026, 11, 30))
    assert text.isascii() and len(text) <= 160
    assert text.startswith("Uy ban nhan dan phuong Ben Nghe")
    assert text.endswith("Ma nhan: 48213377. Han nhan: 30/11/2026.")
