"""Client and simulator agree with docs/openapi.yaml: every exchange of a busy session is checked.

The agent runs against the simulator through every endpoint and most error statuses; each
request and reply on the wire is then validated against the spec: the operation exists, the
status is declared, the JSON bodies fit their schemas, the required headers are there.
"""

from __future__ import annotations

import json
import logging
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
import yaml
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate
from referencing import Registry, Resource

from hub.sim import CentralSimServer, Endpoint, Fault, FaultKind
from kiosk.clock import FakeClock
from kiosk.services.otp_key import OtpHasher
from kiosk.store import Store
from kiosk.store.outbox import EVENT_TYPES, enqueue
from sync.agent import SyncAgent
from sync.client import CentralClient
from sync.errors import CentralUnavailable
from sync.wire import ALARM_KINDS
from tests.sync.helpers import make_settings, pickups

SPEC_PATH = Path(__file__).resolve().parents[2] / "docs" / "openapi.yaml"
SPEC_URI = "urn:kiosk-sync-api"


@dataclass
class Exchange:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    status: int
    reply_headers: dict[str, str]
    reply: bytes


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
    return loaded


def recording_session(log: list[Exchange]) -> requests.Session:
    session = requests.Session()

    def hook(response: requests.Response, *args: Any, **kwargs: Any) -> None:
        request = response.request
        body = request.body.encode() if isinstance(request.body, str) else request.body
        log.append(
            Exchange(
                str(request.method),
                urlsplit(str(request.url)).path,
                dict(request.headers),
                body,
                response.status_code,
                dict(response.headers),
                response.content,  # read now; the client then reads the same bytes
            )
        )

    session.hooks["response"].append(hook)
    return session


def busy_session(
    server: CentralSimServer, store: Store, clock: FakeClock, hasher: OtpHasher, tmp_path: Path
) -> list[Exchange]:
    log: list[Exchange] = []
    session = recording_session(log)
    settings = make_settings(server.url, tmp_path)
    agent = SyncAgent(store, settings, clock, hasher, session)
    sim = server.sim
    pickups(store, clock, 3)
    with store.transaction() as conn:
        enqueue(
            conn,
            type="rating.submitted",
            occurred_at=clock.iso(),
            actor="citizen",
            data={"score": 0},
        )
        enqueue(
            conn,
            type="alarm.raised",
            occurred_at=clock.iso(),
            actor="technician:kt-0007",
            data={"kind": "tamper"},
        )
    agent.run_once()  # 200s everywhere, a rejected event
    release_id = store.query("SELECT release_id FROM releases LIMIT 2")
    sim.reissue("demo-kiosk-01", release_id[0][0])
    sim.revoke("demo-kiosk-01", release_id[1][0])
    agent.run_once()  # revoked items, 304 on staff
    agent.run_once()  # 304 on releases
    sim.faults.add(Fault(FaultKind.EXPIRE_CURSOR))
    sim.faults.add(Fault(FaultKind.RATE_LIMIT, Endpoint.STAFF, retry_after="0"))
    sim.faults.add(Fault(FaultKind.SERVER_ERROR, Endpoint.HEARTBEAT, status=503))
    agent.run_once()  # 410, 429, 503
    pickups(store, clock, 1, start=10)
    slow_from = len(sim.request_log())
    sim.faults.add(Fault(FaultKind.SLOW, Endpoint.EVENTS, delay_s=0.7))
    agent.run_once()  # 409 while the first try is in progress
    deadline = time.monotonic() + 5
    # The first try is logged when its reply finally goes out: then it is stored.
    while 200 not in [
        r.status for r in sim.request_log()[slow_from:] if r.path.endswith("/events")
    ]:
        assert time.monotonic() < deadline, "the slow first try never ended"
        time.sleep(0.02)
    agent.run_once()
    with store.transaction() as conn:
        conn.execute("UPDATE outbox SET state = 'pending', batch_key = 'reused' WHERE seq = 1")
    sim.claim_key("demo-kiosk-01", "reused", {"events": []})
    agent.run_once()  # 422
    client = CentralClient(server.url, "demo-kiosk-01", settings.central, session=session)
    client.get_dossier("000.00.07.H29-251123-0101")
    client.get_dossier("000.00.07.H29-251123-9999")  # 404
    for kiosk_id, token in (("demo-kiosk-01", "nope"), ("kiosk-99", "demo-token")):
        central = settings.central.model_copy(update={"token": token})
        with pytest.raises(CentralUnavailable):
            CentralClient(server.url, kiosk_id, central, session=session).get_dossier("x")
    return log


def validator(spec: dict[str, Any], pointer: str) -> Draft202012Validator:
    registry: Registry[Any] = Registry().with_resource(
        SPEC_URI, Resource.from_contents(spec, default_specification=_draft())
    )
    return Draft202012Validator({"$ref": f"{SPEC_URI}#{pointer}"}, registry=registry)


def _draft() -> Any:
    from referencing.jsonschema import DRAFT202012

    return DRAFT202012


def resolve(spec: dict[str, Any], obj: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in obj:
        node: Any = spec
        for part in obj["$ref"].removeprefix("#/").split("/"):
            node = node[part]
        obj = node
    return obj


def operation(spec: dict[str, Any], method: str, path: str) -> tuple[str, dict[str, Any]]:
    for template, item in spec["paths"].items():
        pattern = "^" + re.sub(r"\{[^}]+\}", "[^/]+", template) + "$"
        if re.match(pattern, path) and method.lower() in item:
            return template, item[method.lower()]
    raise AssertionError(f"{method} {path} is not in the spec")


def test_the_spec_is_valid_openapi_3_1(spec: dict[str, Any]) -> None:
    validate(spec)
    assert spec["openapi"].startswith("3.1")


def test_the_spec_lists_the_same_event_types_and_alarm_kinds_as_the_code(
    spec: dict[str, Any],
) -> None:
    event = spec["components"]["schemas"]["Event"]["properties"]
    assert set(event["type"]["enum"]) == EVENT_TYPES
    assert all(kind in event["data"]["description"] for kind in ALARM_KINDS)


@pytest.mark.logs(logging.WARNING)
def test_every_exchange_of_client_and_simulator_fits_the_spec(
    *,
    spec: dict[str, Any],
    server: CentralSimServer,
    store: Store,
    clock: FakeClock,
    hasher: OtpHasher,
    tmp_path: Path,
) -> None:
    log = busy_session(server, store, clock, hasher, tmp_path)
    seen: set[tuple[str, str, int]] = set()
    for ex in log:
        template, op = operation(spec, ex.method, ex.path)
        where = f"{ex.method} {ex.path} → {ex.status}"
        seen.add((ex.method, template, ex.status))
        assert ex.headers["Authorization"].startswith("Bearer "), where
        assert "Date" in ex.reply_headers, where
        if ex.body is not None:
            pointer = op["requestBody"]["content"]["application/json"]["schema"]["$ref"][1:]
            errors = list(validator(spec, pointer).iter_errors(json.loads(ex.body)))
            assert not errors, f"{where}: request: {errors[0].message}"
        required = [
            p["name"]
            for p in map(lambda p: resolve(spec, p), op.get("parameters", []))
            if p["in"] == "header" and p.get("required")
        ]
        assert all(h in ex.headers for h in required), where
        assert str(ex.status) in op["responses"], f"{where}: status not in the spec"
        declared = resolve(spec, op["responses"][str(ex.status)])
        content = declared.get("content", {}).get("application/json")
        if content is None:
            assert ex.reply == b"", where
            continue
        schema = content["schema"]
        pointer = schema["$ref"][1:]
        errors = list(validator(spec, pointer).iter_errors(json.loads(ex.reply)))
        assert not errors, f"{where}: reply: {errors[0].message}"
    statuses = {status for _, _, status in seen}
    assert {200, 304, 401, 403, 404, 409, 410, 422, 429, 503} <= statuses
    assert {template for _, template, _ in seen} == set(spec["paths"])
