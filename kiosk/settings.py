"""The kiosk's typed configuration: every key declared once, with its default, unit and meaning.

``config/default.toml`` holds the defaults that run the demo with no file from the user; a user's
file (``--config FILE`` or ``KIOSK_CONFIG``) overrides them key by key, and a few environment
variables override both for deployment (see ``ENV_OVERRIDES``). ``docs/config.md`` is generated
from these models (``python -m kiosk.config_reference``) and a test keeps it complete.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic.config import JsonDict

from drivers.config import DevicesConfig
from kiosk.domain import HeightBand, Size


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _unit(unit: str) -> JsonDict:
    return {"unit": unit}


class KioskIdentity(_Section):
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


class CentralConfig(_Section):
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
        3.05, gt=0, le=60, description="TCP connect timeout.", json_schema_extra=_unit("s")
    )
    read_timeout_s: float = Field(
        10.0, gt=0, le=300, description="Read timeout of one reply.", json_schema_extra=_unit("s")
    )
    page_limit: int = Field(500, ge=1, le=1000, description="`limit` of one releases page.")
    poll_interval_s: float = Field(
        30.0,
        gt=0,
        le=3600,
        description="Pull interval until the server's heartbeat reply says otherwise.",
        json_schema_extra=_unit("s"),
    )
    retry_base_s: float = Field(
        1.0,
        gt=0,
        description="First retry delay; doubles each try, full jitter.",
        json_schema_extra=_unit("s"),
    )
    retry_cap_s: float = Field(
        300.0, gt=0, description="Longest delay between retries.", json_schema_extra=_unit("s")
    )
    max_body_bytes: int = Field(
        16_000_000,
        ge=1024,
        description="A reply larger than this is rejected unread.",
        json_schema_extra=_unit("bytes"),
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
        json_schema_extra=_unit("s"),
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


class OtpPolicy(_Section):
    """Limits on OTP attempts (docs/security.md): per dossier for a QR that names one, per kiosk
    for typed codes, and a second factor (the phone's last digits) while the kiosk is guessed at."""

    dossier_fails_before_hold: int = Field(
        5, ge=1, description="Wrong codes in a row for one dossier before it is held."
    )
    dossier_hold_min: float = Field(
        15, gt=0, description="How long a dossier is held.", json_schema_extra=_unit("min")
    )
    dossier_fails_before_void: int = Field(
        10, ge=1, description="Wrong codes in total for one dossier before its code is void."
    )
    kiosk_fails_before_delay: int = Field(
        10,
        ge=1,
        description=(
            "Wrong codes typed in a row at this kiosk with no wait; each further one makes the"
            " next typed try wait."
        ),
    )
    kiosk_delay_first_s: float = Field(
        30,
        gt=0,
        description="First wait after that many wrong codes; doubles with each further one.",
        json_schema_extra=_unit("s"),
    )
    kiosk_delay_max_s: float = Field(
        900,
        gt=0,
        description="Longest wait between typed tries (reaching it raises the lockout alarm).",
        json_schema_extra=_unit("s"),
    )
    quiet_reset_h: float = Field(
        24,
        gt=0,
        description="Hours without a wrong code after which the wrong codes in a row start at 0.",
        json_schema_extra=_unit("h"),
    )
    free_fails: int = Field(
        3,
        ge=1,
        description=(
            "Wrong codes (typed or scanned) within free_window_days after which every citizen"
            " is asked for the phone's last digits as well as the code."
        ),
    )
    free_window_days: float = Field(
        30,
        gt=0,
        description="The window over which free_fails are counted.",
        json_schema_extra=_unit("days"),
    )
    forgive_s: float = Field(
        600,
        ge=0,
        description=(
            "A right code forgives the wrong codes of this many seconds before it (its holder's"
            " typos), up to free_fails of them."
        ),
        json_schema_extra=_unit("s"),
    )
    alarm_fails_per_day: int = Field(
        20, ge=1, description="Wrong codes within 24 hours that raise the lockout alarm."
    )

    @model_validator(mode="after")
    def _consistent(self) -> OtpPolicy:
        if self.dossier_fails_before_hold > self.dossier_fails_before_void:
            raise ValueError(
                "dossier_fails_before_hold is above dossier_fails_before_void: a dossier would"
                " be void before it is ever held"
            )
        if self.kiosk_delay_first_s > self.kiosk_delay_max_s:
            raise ValueError("kiosk_delay_first_s is longer than kiosk_delay_max_s")
        return self


class StaffPolicy(_Section):
    """Staff sign-in: badge and PIN (docs/staff.md, docs/security.md)."""

    pin_fails_before_disable: int = Field(
        10,
        ge=1,
        description=(
            "Wrong PINs in a row that lock a badge; the lockout lasts until the central system"
            " sets a new PIN (a directory refresh with the same PIN hash keeps it)."
        ),
    )
    pin_delay_first_s: float = Field(
        1,
        ge=0,
        description=(
            "Wait after a failed sign-in, kiosk-wide (any badge, known or not); doubles with"
            " each failure of the last hour."
        ),
        json_schema_extra=_unit("s"),
    )
    pin_delay_max_s: float = Field(
        60, ge=0, description="Longest wait after a failed sign-in.", json_schema_extra=_unit("s")
    )
    kiosk_fails_per_hour: int = Field(
        10,
        ge=1,
        le=1000,
        description=(
            "Failed sign-ins in an hour, kiosk-wide, after which sign-in is held until the"
            " oldest of them is an hour old; raises a `lockout` alarm."
        ),
    )
    session_max_min: float = Field(
        60,
        gt=0,
        le=720,
        description="A staff session ends after this long however busy it is (absolute limit).",
        json_schema_extra=_unit("min"),
    )

    @model_validator(mode="after")
    def _consistent(self) -> StaffPolicy:
        if self.pin_delay_first_s > self.pin_delay_max_s:
            raise ValueError("pin_delay_first_s is longer than pin_delay_max_s")
        return self


class RetentionPolicy(_Section):
    """How long things are kept (docs/privacy.md: what is kept, why, and for how long).

    Purges run on the services thread every ``purge_interval_min``, one transaction and one
    audit record per batch (kiosk/services/housekeeping.py).
    """

    uncollected_days: int = Field(
        30,
        ge=1,
        description="A loaded result not collected after this many days is due for recall.",
        json_schema_extra=_unit("days"),
    )
    sent_events_days: int = Field(
        30,
        ge=1,
        description="Events the central system acknowledged are deleted after this long.",
        json_schema_extra=_unit("days"),
    )
    closed_records_days: int = Field(
        30,
        ge=1,
        description="Results picked up or recalled, drop-offs collected, releases used, revoked"
        " or expired, finished door commands and cleared alarms are deleted this long after"
        " they ended.",
        json_schema_extra=_unit("days"),
    )
    audit_days: int = Field(
        180,
        ge=1,
        description="Audit records older than this are deleted; the chain goes on from an"
        " anchored checkpoint, so `kiosk audit verify` still checks what is kept.",
        json_schema_extra=_unit("days"),
    )
    backups_days: int = Field(
        30,
        ge=1,
        description="Database backups (taken by `kiosk migrate`) are deleted after this long;"
        " a rollback must restore one before then.",
        json_schema_extra=_unit("days"),
    )
    logs_days: int = Field(
        30,
        ge=1,
        description="Rotated log files in the data directory are deleted after this long (the"
        " journal keeps 30 days: deploy/lockdown/journald.conf).",
        json_schema_extra=_unit("days"),
    )
    purge_interval_min: float = Field(
        60,
        gt=0,
        description="How often the kiosk looks for what is due for deletion.",
        json_schema_extra=_unit("min"),
    )


class Timeouts(_Section):
    """Idle and door timings."""

    idle_s: float = Field(
        60,
        ge=10,
        description="A citizen screen returns home after this long untouched.",
        json_schema_extra=_unit("s"),
    )
    idle_countdown_s: float = Field(
        10,
        ge=0,
        description="A countdown is shown for the last seconds of the idle time.",
        json_schema_extra=_unit("s"),
    )
    staff_idle_s: float = Field(
        120,
        ge=10,
        description="A signed-in staff session ends after this long untouched.",
        json_schema_extra=_unit("s"),
    )
    door_close_reminder_s: float = Field(
        30,
        gt=0,
        description="Remind the person to close the door after it was open this long.",
        json_schema_extra=_unit("s"),
    )
    papers_left_grace_s: float = Field(
        60,
        gt=0,
        description=(
            "After a pickup door is shut with the papers still inside, how long the citizen is "
            "offered to open it again before staff are told (item_left alarm)."
        ),
        json_schema_extra=_unit("s"),
    )
    reopen_grace_s: float = Field(
        60,
        ge=0,
        description="Staff may re-open a door they just loaded within this time.",
        json_schema_extra=_unit("s"),
    )
    working_s: float = Field(
        45,
        ge=5,
        le=600,
        description=(
            "A 'please wait' screen gives up after this long: the citizen is told the kiosk"
            " took too long and offered the way home (a door that opens later is still shown)."
            " Staff screens waiting for a door whose unlock had no trustworthy answer say"
            " after this long that the lock board has not answered and what to do."
        ),
        json_schema_extra=_unit("s"),
    )

    @model_validator(mode="after")
    def _consistent(self) -> Timeouts:
        if self.idle_countdown_s >= self.idle_s:
            raise ValueError(
                f"idle_countdown_s ({self.idle_countdown_s:g}) must be shorter than idle_s"
                f" ({self.idle_s:g})"
            )
        return self


class VoiceConfig(_Section):
    """Spoken guidance on the citizen screens (kiosk/ui/voice.py)."""

    enabled: bool = Field(True, description="Each citizen screen speaks its key line.")
    volume: float = Field(
        0.8, ge=0, le=1, description="Loudness of the spoken lines, 0 (silent) to 1 (as recorded)."
    )
    recordings: str = Field(
        "",
        description=(
            "A ward's own recordings: `<dir>/<vi|en>/<prompt>.wav` replaces the generated file"
            " of the same name in `assets/voice/` (scripts/make_voice.sh lists the prompts)."
            " Empty: the generated files only."
        ),
    )
    player: str = Field(
        "aplay",
        description=(
            "The program that plays a WAV read on its standard input (ALSA's `aplay`;"
            " `pw-play -` or `paplay` work too). Missing, or no sound card: the kiosk carries"
            " on silent and says so once in the log (degraded)."
        ),
    )


class CompartmentConfig(_Section):
    """One door of the locker."""

    label: Annotated[str, Field(pattern=r"^[A-Z][0-9]{2}$")] = Field(
        description="Label printed on the door, e.g. `A01` (column letter, row number)."
    )
    size: Size = Field(description="`S`, `M` or `L`.")
    board: int = Field(
        ge=0,
        le=32,
        description=(
            "Address of the lock board (DIP switch): cu16 and cu48 0–15, 8a80 1–32 (checked "
            "against `devices.lock_bus.protocol`)."
        ),
    )
    lock: int = Field(
        ge=1,
        le=50,
        description=(
            "Lock number on that board as printed, 1 up to the board's `channels` (cu16 16, "
            "cu48 48, 8a80 16 unless set)."
        ),
    )
    column: int = Field(ge=1, description="Column in the locker, 1 = leftmost.")
    row: int = Field(ge=1, description="Row in its column, 1 = top.")
    height: HeightBand = Field(
        description="`low`, `middle` or `high`: reachable from a wheelchair?"
    )
    disabled: bool = Field(False, description="A disabled door is never offered or opened.")


class LockerConfig(_Section):
    """The locker's layout."""

    compartments: list[CompartmentConfig] = Field(
        default_factory=list, description="Every door, as `[[locker.compartments]]` tables."
    )

    @model_validator(mode="before")
    @classmethod
    def _item_sensors_moved(cls, data: object) -> object:
        # One fact, one place: whether a board's item sensors are trusted is per board.
        if isinstance(data, dict) and "item_sensors" in data:
            raise ValueError(
                "locker.item_sensors is no longer read: say it per board, as"
                " [[devices.lock_bus.boards]] address = N, item_sensors = true/false"
            )
        return data

    @model_validator(mode="after")
    def _unique_doors(self) -> LockerConfig:
        labels: set[str] = set()
        places: dict[tuple[int, int], str] = {}
        for c in self.compartments:
            if c.label in labels:
                raise ValueError(f"duplicate compartment label {c.label}: each label once")
            labels.add(c.label)
            other = places.setdefault((c.board, c.lock), c.label)
            if other != c.label:
                raise ValueError(
                    f"compartments {other} and {c.label} are both on board {c.board} lock"
                    f" {c.lock}: give each door its own board/lock"
                )
        return self

    def boards(self) -> list[int]:
        return sorted({c.board for c in self.compartments})


class Settings(_Section):
    """The whole configuration."""

    language: Literal["vi", "en"] = Field("vi", description="Language a session starts in.")
    data_dir: str = Field(
        "",
        description=(
            "Where the database, device key and logs live. Empty: `$XDG_DATA_HOME/atm-ho-so`"
            " (usually `~/.local/share/atm-ho-so`)."
        ),
    )
    kiosk: KioskIdentity = KioskIdentity()
    central: CentralConfig = CentralConfig()
    otp: OtpPolicy = OtpPolicy()
    staff: StaffPolicy = StaffPolicy()
    retention: RetentionPolicy = RetentionPolicy()
    timeouts: Timeouts = Timeouts()
    voice: VoiceConfig = VoiceConfig()
    locker: LockerConfig = LockerConfig()
    devices: DevicesConfig = DevicesConfig()

    @model_validator(mode="after")
    def _doors_on_their_boards(self) -> Settings:
        # Each door must be a lock its board has: caught here, not as a traceback at the door.
        bus = self.devices.lock_bus
        from drivers.locks import protocols

        protocol = protocols.get(bus.protocol)
        for c in self.locker.compartments:
            if c.board not in protocol.addresses:
                raise ValueError(
                    f"compartment {c.label}: board {c.board} is not a {protocol.title} address"
                    f" ({protocol.addresses.start}..{protocol.addresses.stop - 1})"
                )
            if c.lock > bus.channels(c.board):
                raise ValueError(
                    f"compartment {c.label}: board {c.board} has locks 1..{bus.channels(c.board)}"
                    f", not {c.lock} (set channels in [[devices.lock_bus.boards]])"
                )
        return self

    @model_validator(mode="after")
    def _alert_output_drives_no_door(self) -> Settings:
        alert = self.devices.lock_bus.alert_output
        if alert is not None:
            for c in self.locker.compartments:
                if (c.board, c.lock) == (alert.board, alert.lock):
                    raise ValueError(
                        f"devices.lock_bus.alert_output (board {alert.board} lock {alert.lock})"
                        f" is compartment {c.label}'s lock: wire the siren to a free output"
                    )
        return self

    def data_path(self) -> Path:
        from kiosk.paths import resolve_data_dir

        return resolve_data_dir(self.data_dir)
