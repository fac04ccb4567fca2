"""The HTTP client of Kiosk Sync API v1: one method per endpoint, typed replies, honest failures.

Every request has connect and read timeouts and the bearer token. Replies are read as a stream
and refused past ``max_body_bytes``; a 2xx body is validated as a whole (``sync.wire``) before
the caller sees any of it. Transient failures (network, timeout, 5xx, 429, 409) are retried with
backoff and ``Retry-After`` — GETs always, a POST only when it carries an ``Idempotency-Key``.

The client touches no database: the UI can use one on a worker thread to look a dossier up.
One client per thread (a ``requests.Session`` is not meant to be shared).
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar
from urllib.parse import quote

import requests
from pydantic import BaseModel, ValidationError

from kiosk import __version__
from kiosk.clock import Clock
from kiosk.errors import ConfigError
from kiosk.settings import CENTRAL_URL_HINT, CentralConfig, central_url_problem
from kiosk.store.sync_failure import FailureKind
from sync.errors import (
    AuthRejected,
    BadReply,
    CentralUnavailable,
    CursorExpired,
    IdempotencyConflict,
)
from sync.retry import Backoff, parse_http_date, parse_retry_after
from sync.wire import (
    DossierInfo,
    EventsReply,
    Heartbeat,
    HeartbeatReply,
    ReleasesPage,
    StaffDirectory,
    describe,
)

log = logging.getLogger(__name__)

T = TypeVar("T", bound=BaseModel)
# Worth another try: the server is busy, restarting, or still working on the same key.
TRANSIENT_STATUSES = frozenset({408, 409, 425, 429, 500, 502, 503, 504})
CHUNK_BYTES = 64 * 1024


def check_base_url(url: str) -> str:
    """HTTPS, or plain HTTP to this machine only (central-api.md, General). The settings
    refuse a bad URL at load; this guards a client built with any other URL."""
    problem = central_url_problem(url)
    if problem is not None:
        raise ConfigError(f"central.url = {url!r}: {problem}; {CENTRAL_URL_HINT}")
    return url.rstrip("/")


@dataclass(frozen=True)
class Reply:
    status: int
    headers: Mapping[str, str]
    body: bytes


@dataclass(frozen=True)
class Fetched(Generic[T]):
    """A conditional GET's outcome: ``body`` is None when the server said 304 Not Modified."""

    body: T | None
    etag: str | None

    @property
    def not_modified(self) -> bool:
        return self.body is None


def _session(config: CentralConfig) -> requests.Session:
    """A session that trusts only the configuration: no proxy, netrc or CA bundle from the
    environment (HTTPS_PROXY, REQUESTS_CA_BUNDLE) can redirect or vouch for the central system."""
    session = requests.Session()
    session.trust_env = False
    if config.ca_file:
        session.verify = config.ca_file
    return session


class CentralClient:
    def __init__(
        self,
        base_url: str,
        kiosk_id: str,
        config: CentralConfig,
        *,
        clock: Clock | None = None,
        session: requests.Session | None = None,
        backoff: Backoff | None = None,
        wait: Callable[[float], bool] | None = None,
    ) -> None:
        """``wait(seconds)`` sleeps between retries and returns True to give up (stop asked)."""
        self.base_url = check_base_url(base_url)
        self.kiosk_id = kiosk_id
        self.config = config
        self.clock = clock
        self.session = session or _session(config)
        self.backoff = backoff or Backoff(config.retry_base_s, config.retry_cap_s)
        self._wait = wait or threading.Event().wait
        self._prefix = f"/v1/kiosks/{quote(kiosk_id, safe='')}"

    # --- endpoints --------------------------------------------------------------------------

    def releases(self, cursor: str | None, limit: int, etag: str | None) -> Fetched[ReleasesPage]:
        params = {"limit": str(limit)} | ({"cursor": cursor} if cursor else {})
        headers = {"If-None-Match": etag} if etag else {}
        reply = self._exchange("GET", "/releases", params=params, headers=headers)
        if reply.status == 410:
            raise CursorExpired("the server no longer knows our releases cursor (410)")
        return self._conditional(reply, ReleasesPage, "GET releases", ReleasesPage.read)

    def post_events(self, events: list[dict[str, Any]], idempotency_key: str) -> EventsReply:
        body = _encode({"events": events})
        reply = self._exchange(
            "POST", "/events", body=body, headers={"Idempotency-Key": idempotency_key}
        )
        if reply.status == 422:
            raise IdempotencyConflict(
                f"the server holds Idempotency-Key {idempotency_key} for another body (422)"
            )
        return self._expect(reply, 200, EventsReply, "POST events")

    def staff(self, etag: str | None) -> Fetched[StaffDirectory]:
        headers = {"If-None-Match": etag} if etag else {}
        reply = self._exchange("GET", "/staff", headers=headers)
        return self._conditional(reply, StaffDirectory, "GET staff")

    def heartbeat(self, beat: Heartbeat) -> HeartbeatReply:
        unset = {name for name in ("audit_head", "otp_failures_24h") if getattr(beat, name) is None}
        body = _encode(beat.model_dump(mode="json", exclude=unset))
        # No Idempotency-Key: a lost heartbeat is never retried, the next one replaces it.
        reply = self._exchange("POST", "/heartbeat", body=body)
        return self._expect(reply, 200, HeartbeatReply, "POST heartbeat")

    def get_dossier(self, dossier_code: str, *, attempts: int = 1) -> DossierInfo | None:
        """The central system's view of a dossier; None if it does not know the code.

        Raises ``CentralUnavailable`` when it cannot tell (unreachable, 5xx, timeout, bad reply).
        One attempt by default: a citizen is waiting at the screen.
        """
        path = f"/dossiers/{quote(dossier_code, safe='')}"
        reply = self._exchange("GET", path, attempts=attempts)
        if reply.status == 404:
            return None
        return self._expect(reply, 200, DossierInfo, "GET dossier")

    # --- plumbing ---------------------------------------------------------------------------

    def _conditional(
        self,
        reply: Reply,
        model: type[T],
        what: str,
        read: Callable[[bytes], T] | None = None,
    ) -> Fetched[T]:
        etag = reply.headers.get("ETag")
        if reply.status == 304:
            return Fetched(None, etag)
        return Fetched(self._expect(reply, 200, model, what, read), etag)

    def _expect(
        self,
        reply: Reply,
        status: int,
        model: type[T],
        what: str,
        read: Callable[[bytes], T] | None = None,
    ) -> T:
        """The body as ``model`` (``read`` instead of validating it as a whole, if given)."""
        if reply.status != status:
            raise CentralUnavailable(
                f"{what}: unexpected HTTP {reply.status}{_error(reply)}",
                kind=FailureKind.HTTP,
                status=reply.status,
            )
        content_type = reply.headers.get("Content-Type", "")
        if content_type.split(";")[0].strip().lower() != "application/json":
            raise self._bad(what, f"Content-Type {content_type!r}, expected application/json")
        try:
            return (read or model.model_validate_json)(reply.body)
        except ValidationError as exc:
            raise self._bad(what, describe(exc)) from None

    def _bad(self, what: str, why: str) -> BadReply:
        log.warning("rejected the reply to %s: %s; nothing from it was stored", what, why)
        return BadReply(f"{what}: the reply broke the contract: {why}")

    def _exchange(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        body: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        attempts: int | None = None,
    ) -> Reply:
        """Send one request, retrying transient failures where that is safe."""
        all_headers = {
            "Authorization": f"Bearer {self.config.token}",
            "Accept": "application/json",
            "User-Agent": f"atm-ho-so/{__version__}",
            **(headers or {}),
        }
        if body is not None:
            all_headers["Content-Type"] = "application/json"
        retry_safe = method == "GET" or "Idempotency-Key" in all_headers
        tries = (attempts or self.config.max_attempts) if retry_safe else 1
        what = f"{method} {path.split('/')[1]}"
        for attempt in range(tries):
            failure = self._try_once(
                method, path=path, params=params, body=body, headers=all_headers, what=what
            )
            if isinstance(failure, Reply):
                return failure
            last = attempt == tries - 1
            retry_after = failure.retry_after_s
            if last or (retry_after is not None and retry_after > self.config.retry_cap_s):
                # A Retry-After longer than we would ever wait in one go: the agent's loop
                # honours it instead.
                raise failure
            delay = retry_after if retry_after is not None else self.backoff.delay(attempt)
            log.debug("%s; try %d of %d in %.3f s", failure, attempt + 2, tries, delay)
            if self._wait(delay):
                raise CentralUnavailable(
                    f"{failure}; stopped before retrying", kind=failure.kind, status=failure.status
                )
        raise AssertionError("unreachable")  # pragma: no cover

    def _try_once(
        self,
        method: str,
        *,
        path: str,
        params: Mapping[str, str] | None,
        body: bytes | None,
        headers: Mapping[str, str],
        what: str,
    ) -> Reply | CentralUnavailable:
        """One exchange: a Reply to interpret, or why it failed transiently (with the server's
        Retry-After, if it gave one)."""
        timeout = (self.config.connect_timeout_s, self.config.read_timeout_s)
        try:
            with self.session.request(
                method,
                self.base_url + self._prefix + path,
                params=params,
                data=body,
                headers=headers,
                timeout=timeout,
                stream=True,
                allow_redirects=False,
            ) as response:
                payload = self._read_capped(response, what)
        except requests.Timeout:
            return CentralUnavailable(
                f"{what}: no reply within the timeout", kind=FailureKind.TIMEOUT
            )
        except requests.RequestException as exc:
            return CentralUnavailable(
                f"{what}: cannot reach the central system ({type(exc).__name__})",
                kind=FailureKind.OFFLINE,
            )
        server_now = parse_http_date(response.headers.get("Date"))
        if server_now is not None and self.clock is not None:
            self.clock.raise_floor(server_now)
        status = response.status_code
        reply = Reply(status, response.headers, payload)
        if status in (401, 403):
            raise AuthRejected(_auth_text(status, self.kiosk_id), status=status)
        if status in TRANSIENT_STATUSES:
            now = server_now if server_now is not None else _local_now(self.clock)
            return CentralUnavailable(
                f"{what}: HTTP {status}{_error(reply)}",
                kind=FailureKind.HTTP,
                status=status,
                retry_after_s=parse_retry_after(response.headers.get("Retry-After"), now),
            )
        return reply

    def _read_capped(self, response: requests.Response, what: str) -> bytes:
        cap = self.config.max_body_bytes
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > cap:
            raise self._bad(what, f"body of {declared} bytes is over the {cap}-byte limit")
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_content(CHUNK_BYTES):
            size += len(chunk)
            if size > cap:
                raise self._bad(what, f"body is over the {cap}-byte limit")
            chunks.append(chunk)
        return b"".join(chunks)


def _encode(obj: Any) -> bytes:
    # Deterministic bytes: a retried batch is byte-for-byte the batch first sent.
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode()


def _error(reply: Reply) -> str:
    """The server's error code, if its body has one, for a log line (never the whole body)."""
    try:
        code = json.loads(reply.body).get("error")
    except (ValueError, AttributeError):
        return ""
    return f" ({code})" if isinstance(code, str) and len(code) < 100 else ""


def _auth_text(status: int, kiosk_id: str) -> str:
    if status == 401:
        return (
            "the central system refused this kiosk's token (HTTP 401): check central.token"
            " (KIOSK_TOKEN)"
        )
    return (
        f"the central system says this token is not for kiosk {kiosk_id!r} (HTTP 403): check"
        " kiosk.id (KIOSK_ID) and central.token (KIOSK_TOKEN)"
    )


def _local_now(clock: Clock | None) -> float:
    import time

    return clock.timestamp() if clock is not None else time.time()
