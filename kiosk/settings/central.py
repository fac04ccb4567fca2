"""Who the kiosk is and how it reaches the central system (the URL's rules checked at load)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from pydantic import Field, field_validator, model_validator

from kiosk.settings.section import Section, unit


class KioskIdentity(Section):
    """Who this kiosk is, as printed on receipts and shown on the home screen."""

    id: str = Field("demo-kiosk-01", min_length=1, description="Kiosk id at the central system.")
    name: str = Field("ATM hồ sơ 24/7", min_length=1, description="Name shown and printed.")
    ward: str = Field(
        "Trung tâm Phục vụ hành chính công phường Demo",
        min_length=1,
        description="The ward's public administration centre, shown and printed.",
    )
    hotline: str = Field("1900 0000", description="Hotline shown on refusals and receipts.")
    office_hours: str = Field(
        "Thứ Hai – Thứ Sáu, 7:30 – 17:00",
        description="Office hours of the one-stop counter, shown when a citizen must come in.",
    )
    office_hours_en: str = Field(
        "Monday – Friday, 7:30 – 17:00",
        description="The same office hours in English, for the English screens.",
    )


SIM_URL = "sim:"


LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


def central_url_problem(url: str) -> str | None:
    """What is wrong with a central system's base URL (central-api.md, General), or None:
    HTTPS to a named host, plain HTTP only to this machine; no user, query or fragment."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number 0-65535
    except ValueError as exc:
        return f"not a URL ({exc})"
    if url != url.strip() or any(c.isspace() for c in url):
        return "spaces in the URL"
    if parts.scheme not in ("https", "http"):
        return f"scheme {parts.scheme or '(none)'!r}: use https://"
    if not parts.hostname:
        return "no host name"
    if parts.username is not None or parts.query or parts.fragment:
        return "user names, ?query and #fragment are not allowed: the base URL only"
    if parts.scheme == "http" and parts.hostname not in LOOPBACK_HOSTS:
        return f"plain http:// to {parts.hostname}: use https:// (http only to 127.0.0.1)"
    return None


# What a right central.url looks like, told after any problem above (settings and client).
CENTRAL_URL_HINT = (
    "expected https://host[:port][/path], plain http:// only to 127.0.0.1 or localhost, or"
    " `sim:` for the bundled simulator (also KIOSK_CENTRAL_URL)"
)


class CentralConfig(Section):
    """The link to the central one-stop system (Kiosk Sync API v1)."""

    url: str = Field(
        SIM_URL,
        description=(
            "Base URL of the central system (https://…; plain http only to 127.0.0.1/localhost),"
            " or `sim:` to start the bundled central simulator in-process on a free local port."
        ),
    )
    token: str = Field(
        "demo-token",
        description=(
            "Bearer token of this kiosk (secret). In service it comes from the systemd"
            " credential `kiosk-token` or `token_file`, not from this file (docs/deployment.md"
            ' "Secrets at rest"); a file holding it must not be readable by other users.'
        ),
    )
    token_file: str = Field(
        "",
        description=(
            "A file holding the token (mode 0600: any group or other bit refuses it); used"
            " when the systemd credential `kiosk-token` is absent and KIOSK_TOKEN is unset."
        ),
    )
    connect_timeout_s: float = Field(
        3.05, gt=0, le=60, description="TCP connect timeout.", json_schema_extra=unit("s")
    )
    read_timeout_s: float = Field(
        10.0, gt=0, le=300, description="Read timeout of one reply.", json_schema_extra=unit("s")
    )
    page_limit: int = Field(500, ge=1, le=1000, description="`limit` of one releases page.")
    poll_interval_s: float = Field(
        30.0,
        gt=0,
        le=3600,
        description="Pull interval until the server's heartbeat reply says otherwise.",
        json_schema_extra=unit("s"),
    )
    retry_base_s: float = Field(
        1.0,
        gt=0,
        description="First retry delay; doubles each try, full jitter.",
        json_schema_extra=unit("s"),
    )
    retry_cap_s: float = Field(
        300.0, gt=0, description="Longest delay between retries.", json_schema_extra=unit("s")
    )
    max_body_bytes: int = Field(
        16_000_000,
        ge=1024,
        description="A reply larger than this is rejected unread.",
        json_schema_extra=unit("bytes"),
    )
    max_attempts: int = Field(
        4,
        ge=1,
        le=20,
        description=(
            "Tries of one request before that sync step fails (GETs and POSTs that carry an"
            " Idempotency-Key; a heartbeat is tried once)."
        ),
    )
    heartbeat_interval_s: float = Field(
        60.0,
        gt=0,
        le=3600,
        description="Time between heartbeats; an alarm sends one at once.",
        json_schema_extra=unit("s"),
    )
    ca_file: str = Field(
        "",
        description=(
            "PEM file of the certificate authorities trusted for central.url (empty: the"
            " system's store). Proxies and CA bundles from the environment are never used."
        ),
    )

    @field_validator("ca_file")
    @classmethod
    def _ca_file(cls, path: str) -> str:
        if path and not Path(path).is_file():
            raise ValueError(
                f"{path}: no such file; give the PEM file of the authority that signed the"
                " central system's certificate, or leave ca_file empty for the system's store"
            )
        return path

    @field_validator("url")
    @classmethod
    def _central_url(cls, url: str) -> str:
        if url == SIM_URL:
            return url
        problem = central_url_problem(url)
        if problem is not None:
            raise ValueError(f"{problem}; {CENTRAL_URL_HINT}")
        return url.rstrip("/")

    @model_validator(mode="after")
    def _consistent(self) -> CentralConfig:
        if self.retry_base_s > self.retry_cap_s:
            raise ValueError(
                f"retry_base_s ({self.retry_base_s:g}) is longer than retry_cap_s"
                f" ({self.retry_cap_s:g}): the first retry cannot wait longer than the longest"
            )
        if self.url != SIM_URL and not self.token.strip():
            raise ValueError("token is empty: set the kiosk's bearer token (KIOSK_TOKEN)")
        return self
