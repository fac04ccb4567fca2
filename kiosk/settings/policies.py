"""The OTP, staff sign-in and retention policies."""

from __future__ import annotations

from pydantic import Field, model_validator

from kiosk.settings.section import Section, unit


class OtpPolicy(Section):
    """Limits on OTP attempts (docs/security.md): per dossier for a QR that names one, per kiosk
    for typed codes, and a second factor (the phone's last digits) while the kiosk is guessed at."""

    dossier_fails_before_hold: int = Field(
        5, ge=1, description="Wrong codes in a row for one dossier before it is held."
    )
    dossier_hold_min: float = Field(
        15, gt=0, description="How long a dossier is held.", json_schema_extra=unit("min")
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
        json_schema_extra=unit("s"),
    )
    kiosk_delay_max_s: float = Field(
        900,
        gt=0,
        description="Longest wait between typed tries (reaching it raises the lockout alarm).",
        json_schema_extra=unit("s"),
    )
    quiet_reset_h: float = Field(
        24,
        gt=0,
        description="Hours without a wrong code after which the wrong codes in a row start at 0.",
        json_schema_extra=unit("h"),
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
        json_schema_extra=unit("days"),
    )
    forgive_s: float = Field(
        600,
        ge=0,
        description=(
            "A right code forgives the wrong codes of this many seconds before it (its holder's"
            " typos), up to free_fails of them."
        ),
        json_schema_extra=unit("s"),
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


class StaffPolicy(Section):
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
        json_schema_extra=unit("s"),
    )
    pin_delay_max_s: float = Field(
        60, ge=0, description="Longest wait after a failed sign-in.", json_schema_extra=unit("s")
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
        json_schema_extra=unit("min"),
    )

    @model_validator(mode="after")
    def _consistent(self) -> StaffPolicy:
        if self.pin_delay_first_s > self.pin_delay_max_s:
            raise ValueError("pin_delay_first_s is longer than pin_delay_max_s")
        return self


class RetentionPolicy(Section):
    """How long things are kept (docs/privacy.md: what is kept, why, and for how long).

    Purges run on the services thread every ``purge_interval_min``, one transaction and one
    audit record per batch (kiosk/services/housekeeping.py).
    """

    uncollected_days: int = Field(
        30,
        ge=1,
        description="A loaded result not collected after this many days is due for recall.",
        json_schema_extra=unit("days"),
    )
    sent_events_days: int = Field(
        30,
        ge=1,
        description="Events the central system acknowledged are deleted after this long.",
        json_schema_extra=unit("days"),
    )
    closed_records_days: int = Field(
        30,
        ge=1,
        description="Results picked up or recalled, drop-offs collected, releases used, revoked"
        " or expired, finished door commands and cleared alarms are deleted this long after"
        " they ended.",
        json_schema_extra=unit("days"),
    )
    audit_days: int = Field(
        180,
        ge=1,
        description="Audit records older than this are deleted; the chain goes on from an"
        " anchored checkpoint, so `kiosk audit verify` still checks what is kept.",
        json_schema_extra=unit("days"),
    )
    backups_days: int = Field(
        30,
        ge=1,
        description="Database backups (taken by `kiosk migrate`) are deleted after this long;"
        " a rollback must restore one before then.",
        json_schema_extra=unit("days"),
    )
    logs_days: int = Field(
        30,
        ge=1,
        description="Rotated log files in the data directory are deleted after this long (the"
        " journal keeps 30 days: deploy/lockdown/journald.conf).",
        json_schema_extra=unit("days"),
    )
    purge_interval_min: float = Field(
        60,
        gt=0,
        description="How often the kiosk looks for what is due for deletion.",
        json_schema_extra=unit("min"),
    )
