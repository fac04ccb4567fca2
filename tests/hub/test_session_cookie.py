"""The dashboard's session cookie behind a TLS proxy: ``Secure`` when ``ATM_HUB_TRUSTED_PROXY``
names the proxy. The real ``atm-hub serve`` on 127.0.0.1 (SQLite), asked as
deploy/hub/nginx-atm-hub.conf forwards a browser's request."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.hub.hubproc import HubProcess, hub_env

TLS = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}
StartHub = Callable[..., HubProcess]


@pytest.fixture
def start_hub(tmp_path: Path) -> Iterator[StartHub]:
    started: list[HubProcess] = []

    def start(**env: str) -> HubProcess:
        base = hub_env(tmp_path / "data", f"sqlite:///{tmp_path / 'hub.sqlite3'}")
        hub = HubProcess(base | env, tmp_path / "sms.jsonl", tmp_path / "hub.log").start()
        started.append(hub)
        return hub

    yield start
    for hub in started:
        hub.stop()


def cookie_of(hub: HubProcess, headers: dict[str, str]) -> str:
    response = hub.session.get(hub.url + "/login", headers=headers, timeout=10)
    assert response.status_code == 200
    return response.headers["Set-Cookie"]


def test_behind_the_trusted_proxy_the_session_cookie_is_secure(start_hub: StartHub) -> None:
    hub = start_hub(ATM_HUB_TRUSTED_PROXY="127.0.0.1")
    cookie = cookie_of(hub, TLS)
    attributes = [a.strip().lower() for a in cookie.split(";")]
    assert cookie.startswith("session=")
    assert {"secure", "httponly", "samesite=lax"} <= set(attributes)


def test_without_a_trusted_proxy_the_cookie_is_plain_and_forwarded_headers_are_ignored(
    start_hub: StartHub,
) -> None:
    hub = start_hub()
    attributes = [a.strip().lower() for a in cookie_of(hub, TLS).split(";")]
    assert "secure" not in attributes and "httponly" in attributes
