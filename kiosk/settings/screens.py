"""What the screens wait for and how the kiosk speaks."""

from __future__ import annotations

from pydantic import Field, model_validator

from kiosk.settings.section import Section, unit


class Timeouts(Section):
    """Idle and door timings."""

    idle_s: float = Field(
        60,
        ge=10,
        description="A citizen screen returns home after this long untouched.",
        json_schema_extra=unit("s"),
    )
    idle_countdown_s: float = Field(
        10,
        ge=0,
        description="A countdown is shown for the last seconds of the idle time.",
        json_schema_extra=unit("s"),
    )
    staff_idle_s: float = Field(
        120,
        ge=10,
        description="A signed-in staff session ends after this long untouched.",
        json_schema_extra=unit("s"),
    )
    door_close_reminder_s: float = Field(
        30,
        gt=0,
        description="Remind the person to close the door after it was open this long.",
        json_schema_extra=unit("s"),
    )
    papers_left_grace_s: float = Field(
        60,
        gt=0,
        description=(
            "After a pickup door is shut with the papers still inside, how long the citizen is "
            "offered to open it again before staff are told (item_left alarm)."
        ),
        json_schema_extra=unit("s"),
    )
    reopen_grace_s: float = Field(
        60,
        ge=0,
        description="Staff may re-open a door they just loaded within this time.",
        json_schema_extra=unit("s"),
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
        json_schema_extra=unit("s"),
    )

    @model_validator(mode="after")
    def _consistent(self) -> Timeouts:
        if self.idle_countdown_s >= self.idle_s:
            raise ValueError(
                f"idle_countdown_s ({self.idle_countdown_s:g}) must be shorter than idle_s"
                f" ({self.idle_s:g})"
            )
        return self


class VoiceConfig(Section):
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
