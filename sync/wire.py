"""The JSON bodies of Kiosk Sync API v1 as typed models (central-api.md, docs/openapi.yaml).

Replies are validated strictly, as a whole, before anything is stored: a wrong type, a missing
key or text that is not NFC-normalised rejects the reply. The one exception is the items of a
releases page, which the contract says stand on their own: the page's envelope is validated as
a whole, each item by itself (``ReleasesPage.read``), and an item that does not fit is set aside
(kiosk/store/set_aside.py) while the others apply. Unknown keys are ignored so that the central
system can add fields without breaking kiosks in the field.

The hub (hub/, and so the central simulator, hub/sim) validates what kiosks send with the same
models.
"""

from __future__ import annotations

import functools
import unicodedata
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    model_validator,
)

from kiosk.clock import parse_rfc3339
from kiosk.domain import DOSSIER_CODE_PATTERN, OTP_PATTERN, AlarmKind
from kiosk.store.outbox import EVENT_TYPES
from kiosk.store.set_aside import Bad

MAX_EVENTS_PER_BATCH = 500
SQLITE_MAX_INT = 2**63 - 1
PIN_HASH_PATTERN = r"^pbkdf2_sha256\$[1-9][0-9]*\$[A-Za-z0-9+/]+={0,2}\$[A-Za-z0-9+/]+={0,2}$"
BADGE_SHA256_PATTERN = r"^[0-9a-f]{64}$"
ACTOR_PATTERN = r"^(citizen|kiosk|staff:[^\s:]+|technician:[^\s:]+)$"
ALARM_KINDS = frozenset(kind.value for kind in AlarmKind)


# Validators in Python cost a call each from pydantic's core, per field of every item of a
# page: the few that must be Python are kept short, the rest are patterns checked in the core.


def _nfc(text: str) -> str:
    if not unicodedata.is_normalized("NFC", text):
        raise ValueError("text is not NFC-normalised")
    return text


def _rfc3339(text: str) -> str:
    try:
        expiry_ts(text)
    except ValueError:
        # Our own words: the parser's would quote the value (describe() never does).
        raise ValueError("not an RFC 3339 time with offset") from None
    return text


@functools.lru_cache(maxsize=4096)
def expiry_ts(text: str) -> float:
    """Epoch seconds of an RFC 3339 time; cached: a page's items share a few expiry times."""
    return parse_rfc3339(text).timestamp()


def _event_type(text: str) -> str:
    if text not in EVENT_TYPES:
        raise ValueError(f"unknown event type {text!r}")
    return text


Text = Annotated[str, Field(min_length=1, max_length=500), AfterValidator(_nfc)]
Id = Annotated[str, Field(min_length=1, max_length=200, pattern=r"^[\x21-\x7e]+$")]
Time = Annotated[str, Field(max_length=64), AfterValidator(_rfc3339)]
# Like 000.00.07.H29-251123-0001.
DossierCode = Annotated[str, Field(max_length=64, pattern=DOSSIER_CODE_PATTERN.pattern)]
Size = Literal["S", "M", "L"]


class _Wire(BaseModel):
    # strict: "3" is not a version and 1 is not true; ignore: new server fields are harmless.
    model_config = ConfigDict(strict=True, extra="ignore", frozen=True)


# --- GET releases ---------------------------------------------------------------------------


class ReleaseItem(_Wire):
    release_id: Id
    # Any integer ≥ 0 (central-api.md); one past SQLite's 64 bits cannot be stored: set aside.
    version: int = Field(ge=0, le=SQLITE_MAX_INT)
    status: Literal["released", "revoked"]
    dossier_code: DossierCode
    procedure_name: Text
    holder_name: Text
    phone_last_digits: Annotated[str, Field(pattern=r"^[0-9]{1,6}$")] | None = None
    otp: Annotated[str, Field(pattern=OTP_PATTERN.pattern)] | None = None
    expires_at: Time
    size_hint: Size | None = None
    needs_low_compartment: bool = False

    @model_validator(mode="after")
    def _released_has_code(self) -> ReleaseItem:
        if self.status == "released" and self.otp is None:
            raise ValueError("a released item must carry its otp")
        return self

    def __repr__(self) -> str:
        # Never let the digits reach a log line through a repr.
        return f"ReleaseItem({self.release_id!r}, v{self.version}, {self.status})"

    __str__ = __repr__


class ReleasesPage(_Wire):
    """A page of releases: the items that fit, and (``set_aside``, not a wire field) those that
    do not. Read it with ``ReleasesPage.read``."""

    items: list[ReleaseItem]
    next_cursor: Annotated[str, Field(min_length=1, max_length=200)] | None = None
    has_more: bool
    _set_aside: list[Bad] = PrivateAttr(default_factory=list)

    @property
    def set_aside(self) -> list[Bad]:
        return self._set_aside

    @classmethod
    def read(cls, body: bytes) -> ReleasesPage:
        """The whole page in one pass when every item fits (the usual case, and the fast
        one); otherwise the envelope again and each item on its own. Anything wrong outside
        the items raises, as for any other reply."""
        try:
            return cls.model_validate_json(body)
        except ValidationError:
            pass
        # Raises, naming only the envelope's faults, if there are any.
        envelope = _ReleasesEnvelope.model_validate_json(body)
        good, bad = read_releases(envelope.items)
        page = cls.model_construct(
            items=good, next_cursor=envelope.next_cursor, has_more=envelope.has_more
        )
        page._set_aside = bad
        return page


class _ReleasesEnvelope(_Wire):
    items: list[Any]
    next_cursor: Annotated[str, Field(min_length=1, max_length=200)] | None = None
    has_more: bool


RELEASES_FEED = "releases"


def read_releases(items: list[Any]) -> tuple[list[ReleaseItem], list[Bad]]:
    """Each item of a page validated on its own: those that fit, in order, and those set aside
    (with their ``release_id`` and ``version`` when those at least can be read)."""
    good: list[ReleaseItem] = []
    bad: list[Bad] = []
    for item in items:
        try:
            good.append(ReleaseItem.model_validate(item))
        except ValidationError as exc:
            fields = item if isinstance(item, dict) else {}
            key = fields.get("release_id")
            version = fields.get("version")
            bad.append(
                Bad(
                    feed=RELEASES_FEED,
                    key=key if isinstance(key, str) and 0 < len(key) <= 200 else None,
                    version=version
                    if type(version) is int and 0 <= version <= SQLITE_MAX_INT
                    else None,
                    error=describe(exc, whole="item"),
                    item=item,
                )
            )
    return good, bad


# --- POST events ----------------------------------------------------------------------------


class Event(_Wire):
    """One event as the kiosk sends it; the hub checks each one with this model."""

    event_id: Id
    type: Annotated[str, AfterValidator(_event_type)]
    occurred_at: Time
    dossier_code: Text | None = None
    release_id: Id | None = None
    compartment: Annotated[str, Field(max_length=16)] | None = None
    actor: Annotated[str, Field(pattern=ACTOR_PATTERN)]
    data: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _data_fits_type(self) -> Event:
        if self.type == "rating.submitted":
            score = self.data.get("score")
            if type(score) is not int or not 1 <= score <= 5:
                raise ValueError("data.score must be an integer 1..5")
        if self.type.startswith("alarm.") and self.data.get("kind") not in ALARM_KINDS:
            raise ValueError(f"data.kind must be one of {', '.join(sorted(ALARM_KINDS))}")
        if self.type == "result.code_voided" and self.data.get("reason") != "too_many_failures":
            raise ValueError("data.reason must be too_many_failures")
        if self.type == "otp.resend_requested":
            digits = self.data.get("phone_last_digits")
            if not self.dossier_code or not isinstance(digits, str) or not digits.isdigit():
                raise ValueError("a resend request carries dossier_code and phone_last_digits")
        return self


class Rejection(_Wire):
    event_id: Id
    reason: Annotated[str, Field(max_length=2000)]


class EventsReply(_Wire):
    accepted: list[Id]
    duplicates: list[Id]
    rejected: list[Rejection]


# --- GET dossiers/{code} --------------------------------------------------------------------

DossierState = Literal[
    "awaiting_paper", "received", "processing", "result_ready", "picked_up", "unknown"
]


class DossierInfo(_Wire):
    dossier_code: DossierCode
    procedure_name: Text
    state: DossierState
    dropoff_allowed: bool
    appointment_at: Time | None = None


# --- GET staff ------------------------------------------------------------------------------


class StaffMember(_Wire):
    staff_id: Id
    name: Text
    role: Literal["staff", "technician"]
    # SHA-256 of the badge QR's exact payload ``STAFF|<staff_id>|<secret>``: the directory
    # cannot print a badge, nor can a staff id be turned into one.
    badge_sha256: Annotated[str, Field(pattern=BADGE_SHA256_PATTERN)]
    pin_pbkdf2: Annotated[str, Field(pattern=PIN_HASH_PATTERN)]
    active: bool

    def __repr__(self) -> str:
        return f"StaffMember({self.staff_id!r}, {self.role})"

    __str__ = __repr__


class StaffDirectory(_Wire):
    """The reply as a list of raw items: each is checked on its own (``sync/staff.py``), so one
    malformed person cannot keep the rest of the directory from applying."""

    staff: list[Any]


# --- POST heartbeat -------------------------------------------------------------------------

DeviceStateName = Literal["ok", "degraded", "offline"]


class DeviceHealth(_Wire):
    state: DeviceStateName
    reason: str | None = None


class SizeCounts(_Wire):
    free: int = Field(ge=0)
    occupied: int = Field(ge=0)
    out_of_service: int = Field(ge=0)


class OutboxHealth(_Wire):
    pending: int = Field(ge=0)
    rejected: int = Field(ge=0)
    oldest_pending_at: Time | None


class AuditHead(_Wire):
    seq: int = Field(ge=0)
    hash: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]


class Heartbeat(_Wire):
    """The heartbeat body: the kiosk's health at ``sent_at``."""

    sent_at: Time
    software_version: Annotated[str, Field(min_length=1, max_length=64)]
    uptime_s: float = Field(ge=0)
    disk_free_bytes: int = Field(ge=0)
    compartments: dict[Size, SizeCounts]
    outbox: OutboxHealth
    devices: dict[str, DeviceHealth]
    # Optional until every kiosk in the field sends them (the contract lists both).
    audit_head: AuditHead | None = None
    otp_failures_24h: int | None = Field(default=None, ge=0)


class HeartbeatReply(_Wire):
    server_time: Time
    poll_interval_s: float = Field(gt=0, le=86_400)


class ErrorBody(_Wire):
    error: str
    message: str | None = None


def describe(exc: Exception, whole: str = "body") -> str:
    """A validation error as one log-safe line: where and what, never the offending value
    (``whole`` names the value validated, for an error about all of it)."""
    errors = getattr(exc, "errors", None)
    if errors is None:
        return str(exc)
    parts = []
    for err in errors(include_input=False, include_url=False)[:3]:
        loc = ".".join(str(p) for p in err["loc"]) or whole
        parts.append(f"{loc}: {err['msg']}")
    more = len(errors()) - 3
    return "; ".join(parts) + (f" (+{more} more)" if more > 0 else "")
