"""The SMS queue survives a gateway that fails and a restart of the hub (``--sms http:URL``)."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from tests.hub.hubproc import HubProcess
from tests.hub.kiosks import Kiosk
from tests.hub.test_day import release_body


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


def test_sms_waits_for_a_failing_gateway_across_a_restart(
    hub: HubProcess, key: str, kiosk: Kiosk, tmp_path: Path
) -> None:
    gateway = Gateway()
    env = hub.env | {
        "ATM_HUB_SMS_BODY": '{"phone": "{to}", "message": "{text}", "brand": "UBND"}',
        "ATM_HUB_SMS_AUTH": "Bearer gw-secret",
        "ATM_HUB_SMS_RETRY_S": "0.2",
    }
    # Only this hub sends (the module's hub writes the file, and would send these too).
    hub.stop()
    sending = HubProcess(
        env, tmp_path / "unused", tmp_path / "gw.log", extra=("--sms", f"http:{gateway.url}")
    ).start()
    try:
        made = sending.call("POST", "/v1/integration/releases", key, release_body(kiosk, 9))
        assert made.status_code == 201
        threading.Event().wait(1.0)  # a few failed tries
        sending.stop()
        assert gateway.received == []
        gateway.failing = False
        sending = HubProcess(
            env, tmp_path / "unused", tmp_path / "gw.log", extra=("--sms", f"http:{gateway.url}")
        ).start()
        for _ in range(100):
            if gateway.received:
                break
            threading.Event().wait(0.05)
        [(auth, body)] = gateway.received
        assert auth == "Bearer gw-secret"
        assert body["phone"] == kiosk.phone and body["brand"] == "UBND"
        assert "Ma nhan:" in body["message"]
        assert "failed" in sending.log_file.read_text()
    finally:
        sending.stop()
        gateway.server.shutdown()
        hub.start()


def test_the_text_is_one_ascii_segment_even_for_a_long_ward_name() -> None:
    from datetime import datetime

    from hub.sms_text import fold, pickup_text

    assert fold("Phường Đa Kao, Quận 1 [TP.HCM]") == "Phuong Da Kao, Quan 1 TP.HCM"
    long_name = "Ủy ban nhân dân phường Bến Nghé, quận Một, thành phố Hồ Chí Minh, Việt Nam"
    text = pickup_text(long_name, "000.00.07.H29-251123-0001", "48213377", datetime(2026, 11, 30))
    assert text.isascii() and len(text) <= 160
    assert text.startswith("Uy ban nhan dan phuong Ben Nghe")
    assert text.endswith("Ma nhan: 48213377. Han nhan: 30/11/2026.")
