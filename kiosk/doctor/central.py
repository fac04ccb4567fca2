"""Doctor's look at the central system: one read-only request carrying the kiosk's token.

The request is ``GET staff`` with the staff directory's stored ETag: the cheapest read the
contract has (usually a bodiless 304), it changes nothing on the server and nothing here (the
reply is validated and dropped). One try, short timeouts: doctor reports, the agent retries.
"""

from __future__ import annotations

import errno
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import requests
from urllib3.exceptions import NameResolutionError

from kiosk.doctor.findings import Finding, fail, ok, warn
from kiosk.errors import ConfigError
from kiosk.settings import SIM_URL, CentralConfig
from sync.client import CentralClient
from sync.errors import AuthRejected, BadReply, CentralUnavailable
from sync.retry import parse_http_date

CENTRAL = "central"
#: Doctor waits at most this long, whatever the agent's own (longer) timeouts are.
CONNECT_TIMEOUT_S = 3.05
READ_TIMEOUT_S = 5.0

HELP_DESK = "if it lasts, call the provincial help desk with this line"


@dataclass(frozen=True)
class CentralProbe:
    finding: Finding
    #: This clock minus the central system's (its reply's ``Date``, to the second) when the
    #: reply came, for the clock check; None without a reply.
    clock_offset_s: float | None
    #: Why there is no offset, for the clock check's text.
    note: str = ""


class _WatchedSession(requests.Session):
    """An ordinary session that remembers what the exchange met below ``CentralClient``'s
    summary: the exception (DNS, refused, TLS, timeout), the status and the ``Date``."""

    def __init__(self) -> None:
        super().__init__()
        self.error: requests.RequestException | None = None
        self.status: int | None = None
        self.date: str | None = None
        self.received_at = 0.0

    def request(self, *args: Any, **kwargs: Any) -> requests.Response:
        try:
            response = super().request(*args, **kwargs)
        except requests.RequestException as exc:
            self.error = exc
            raise
        self.received_at = time.time()
        self.status = response.status_code
        self.date = response.headers.get("Date")
        return response


def check_central(
    central: CentralConfig, kiosk_id: str, *, staff_etag: str | None, production: bool
) -> CentralProbe:
    """``production``: the kiosk has real devices, so the bundled simulator will not do."""
    if central.url == SIM_URL:
        return _simulator(production)
    config = central.model_copy(
        update={
            "max_attempts": 1,
            "connect_timeout_s": min(central.connect_timeout_s, CONNECT_TIMEOUT_S),
            "read_timeout_s": min(central.read_timeout_s, READ_TIMEOUT_S),
        }
    )
    session = _WatchedSession()
    try:
        client = CentralClient(central.url, kiosk_id, config, session=session)
    except ConfigError:
        found = f"central.url = {central.url!r} is not allowed"
        fix = "use https://…; plain http:// only to 127.0.0.1 or localhost (KIOSK_CENTRAL_URL)"
        return CentralProbe(fail(CENTRAL, found, fix), None, "central.url not usable")
    started = time.monotonic()
    try:
        fetched = client.staff(staff_etag)
    except CentralUnavailable as exc:
        finding = _failure(exc, session, central.url, kiosk_id, config)
    else:
        took = time.monotonic() - started
        what = "unchanged" if fetched.not_modified else "delivered"
        finding = ok(
            CENTRAL,
            f"{central.url} reachable, token accepted (staff directory {what}, {took:.2f} s)",
        )
    finally:
        session.close()
    server_time = parse_http_date(session.date)
    if server_time is None:
        return CentralProbe(finding, None, "central system not reached")
    return CentralProbe(finding, session.received_at - server_time)


def _simulator(production: bool) -> CentralProbe:
    note = "central.url = sim:"
    if production:
        finding = fail(
            CENTRAL,
            "central.url = sim: (the bundled simulator) on a kiosk with real devices: no real"
            " result would ever reach it",
            "set central.url (or KIOSK_CENTRAL_URL) to the https:// address the provincial"
            " system gave for this kiosk",
        )
    else:
        finding = ok(CENTRAL, "central.url = sim: (the bundled simulator, demo): nothing to reach")
    return CentralProbe(finding, None, note)


def _failure(
    exc: CentralUnavailable,
    session: _WatchedSession,
    url: str,
    kiosk_id: str,
    config: CentralConfig,
) -> Finding:
    if isinstance(exc, AuthRejected):
        if session.status == 403:
            return fail(
                CENTRAL,
                f"the central system says the token is not for kiosk {kiosk_id!r} (HTTP 403)",
                "kiosk.id (KIOSK_ID) and central.token (KIOSK_TOKEN) must be the pair the"
                " provincial system issued for this kiosk",
            )
        return fail(
            CENTRAL,
            "the central system refused the kiosk's token (HTTP 401)",
            "set central.token (KIOSK_TOKEN) to the token the provincial system issued for this"
            " kiosk",
        )
    if isinstance(exc, BadReply):
        return fail(
            CENTRAL,
            str(exc),
            "check that central.url is the central system's address (a proxy or a login page"
            f" answering in its place gives this too); {HELP_DESK}",
        )
    if session.error is not None:
        return _network(session.error, url, config)
    status = session.status or 0
    if status == 429:
        return warn(
            CENTRAL,
            f"{url} is busy and asked the kiosk to come back later (HTTP 429)",
            f"nothing to change on the kiosk: it waits and retries by itself; {HELP_DESK}",
        )
    if status >= 500:
        return fail(
            CENTRAL,
            f"the central system failed on its side: {exc}",
            f"nothing to change on the kiosk: try again in a few minutes; {HELP_DESK}",
        )
    return fail(
        CENTRAL,
        f"unexpected reply from {url}: {exc}",
        "check central.url: the base address before /v1/…, exactly as the provincial system"
        " gave it",
    )


def _network(error: requests.RequestException, url: str, config: CentralConfig) -> Finding:
    parts = urlsplit(url)
    host = parts.hostname or url
    port = parts.port or (443 if parts.scheme == "https" else 80)
    if isinstance(error, requests.exceptions.SSLError):
        return fail(
            CENTRAL,
            f"TLS/certificate problem with {host}: {_innermost(error)}",
            "first make sure the clock is right (see the clock line: a wrong date makes good"
            " certificates look invalid); then `sudo apt install --reinstall ca-certificates`;"
            " a network that intercepts HTTPS (proxy, captive portal) must let the kiosk through",
        )
    if isinstance(error, requests.exceptions.ConnectTimeout):
        return fail(
            CENTRAL,
            f"no connection to {host}:{port} within {config.connect_timeout_s:g} s",
            f"check the network (cable, router, 4G) and that the firewall lets the kiosk out to"
            f" {host} port {port}",
        )
    if isinstance(error, requests.exceptions.Timeout):
        return fail(
            CENTRAL,
            f"{host} took the connection but sent no reply within {config.read_timeout_s:g} s",
            f"the central system is slow or overloaded: try again in a few minutes; {HELP_DESK}",
        )
    causes = list(_causes(error))
    if any(isinstance(c, NameResolutionError | socket.gaierror) for c in causes):
        return fail(
            CENTRAL,
            f"cannot look up {host} (DNS)",
            f"check the network (cable, router, 4G) and DNS: `getent hosts {host}` must print an"
            " address; check the spelling of central.url",
        )
    if any(isinstance(c, ConnectionRefusedError) for c in causes):
        return fail(
            CENTRAL,
            f"{host}:{port} refused the connection",
            f"nothing answers there: check the port in central.url; if it is right, the central"
            f" system is down: {HELP_DESK}",
        )
    if any(getattr(c, "errno", None) in (errno.ENETUNREACH, errno.EHOSTUNREACH) for c in causes):
        return fail(
            CENTRAL,
            f"no route to {host}",
            "this machine has no working network: check the cable, Wi-Fi or 4G; `ip route` must"
            " show a default route",
        )
    return fail(
        CENTRAL,
        f"cannot reach {host}: {_innermost(error)}",
        "check the network (cable, router, 4G) and central.url",
    )


def _wrapped(exc: BaseException) -> list[BaseException]:
    """What an exception wraps (requests → urllib3 → socket or ssl), most specific link first."""
    links = [exc.__cause__, getattr(exc, "reason", None), *exc.args, exc.__context__]
    return [w for w in links if isinstance(w, BaseException)]


def _causes(error: BaseException) -> Iterator[BaseException]:
    """The exception and everything it wraps, each once."""
    seen: set[int] = set()
    todo = [error]
    while todo:
        exc = todo.pop()
        if id(exc) not in seen:
            seen.add(id(exc))
            yield exc
            todo += _wrapped(exc)


def _innermost(error: BaseException) -> str:
    """The deepest message along the chain: the socket's or the TLS library's own words."""
    exc, seen = error, {id(error)}
    while links := [w for w in _wrapped(exc) if id(w) not in seen]:
        exc = links[0]
        seen.add(id(exc))
    return str(exc) or type(exc).__name__
