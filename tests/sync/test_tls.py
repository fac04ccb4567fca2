"""The client trusts only its configuration: the central system's certificate is checked
against ``central.ca_file`` (or the system's store), and no proxy or CA bundle from the
environment is used. Against the real simulator served over TLS on localhost."""

from __future__ import annotations

import logging
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from hub.sim.app import create_app
from hub.sim.seed import DEMO_KIOSK_ID
from hub.sim.simulator import CentralSimulator
from kiosk.clock import FakeClock
from kiosk.settings import CentralConfig
from kiosk.store import Store
from sync.client import CentralClient
from sync.errors import CentralUnavailable
from sync.heartbeat import send_heartbeat
from tests.sync.helpers import FAST_CENTRAL


@pytest.fixture
def cert(tmp_path: Path) -> tuple[Path, Path]:
    key, pem = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
            *("-keyout", str(key), "-out", str(pem), "-subj", "/CN=localhost"),
            *("-addext", "subjectAltName=DNS:localhost"),
        ],
        check=True,
        capture_output=True,
    )
    return pem, key


@pytest.fixture
def tls_url(sim: CentralSimulator, cert: tuple[Path, Path]) -> Iterator[str]:
    pem, key = cert
    server = make_server(
        "127.0.0.1", 0, create_app(sim), threaded=True, ssl_context=(str(pem), str(key))
    )
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"https://localhost:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join()


# A TLS handshake on a loaded two-core machine can take longer than FAST_CENTRAL's half second;
# the refusals these tests expect are certificate errors, which come at once whatever the limit.
TLS_TIMEOUTS = {"connect_timeout_s": 10.0, "read_timeout_s": 10.0}


def client(url: str, clock: FakeClock, **central: str) -> CentralClient:
    config = CentralConfig(url=url, **(FAST_CENTRAL | TLS_TIMEOUTS | central))
    return CentralClient(url, DEMO_KIOSK_ID, config, clock=clock)


def test_the_configured_ca_file_vouches_for_the_central_system_and_proxies_are_ignored(
    tls_url: str,
    cert: tuple[Path, Path],
    sim: CentralSimulator,
    store: Store,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.setenv(name, "http://127.0.0.1:9")  # nothing listens there
    send_heartbeat(store, client(tls_url, clock, ca_file=str(cert[0])), clock, uptime_s=1.0)
    assert len(sim.kiosk(DEMO_KIOSK_ID).heartbeats) == 1


@pytest.mark.logs(logging.WARNING)
def test_a_ca_bundle_from_the_environment_is_not_trusted(
    tls_url: str,
    cert: tuple[Path, Path],
    sim: CentralSimulator,
    store: Store,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(cert[0]))
    monkeypatch.setenv("CURL_CA_BUNDLE", str(cert[0]))
    with pytest.raises(CentralUnavailable):
        send_heartbeat(store, client(tls_url, clock), clock, uptime_s=1.0)
    assert sim.kiosk(DEMO_KIOSK_ID).heartbeats == []


def test_a_missing_ca_file_is_refused_with_the_fix(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="no such file; give the PEM file"):
        CentralConfig(url="https://central.example", ca_file=str(tmp_path / "none.pem"))
