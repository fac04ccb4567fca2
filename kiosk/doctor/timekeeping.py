"""Doctor's time checks: the system clock, the time zone, and NTP.

A Raspberry Pi has no battery-backed clock: after a power cut it starts from the last time it
saved until NTP corrects it, so the clock can be behind what the kiosk has already seen (kv
``clock.floor``: the newest server ``Date``, or the last time the kiosk itself recorded).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from kiosk.doctor.findings import Finding, duration, fail, ok, warn

CLOCK = "clock"
TIME_ZONE = "time zone"
NTP = "ntp"
VIETNAM_OFFSET = timedelta(hours=7)
VIETNAM_ZONE = "Asia/Ho_Chi_Minh"
#: Beyond this, the system clock and the central system's disagree (FAIL).
MAX_SKEW_S = 120.0
#: The kiosk's own clock runs on the monotonic clock and may lead a slewed wall clock a little.
FLOOR_SLACK_S = 60.0
TIMEDATECTL_TIMEOUT_S = 3.0

NTP_FIX = (
    "turn on time sync: `sudo timedatectl set-ntp true`; the kiosk must reach an NTP server"
    " (UDP port 123): ask the ward's IT to allow it, or set NTP= in"
    " /etc/systemd/timesyncd.conf to a server it can reach"
)


def check_clock(
    now: float, floor: float, server_offset_s: float | None, *, no_server_time: str
) -> Finding:
    """``now``: the system clock; ``floor``: kv ``clock.floor`` (0 when unknown);
    ``server_offset_s``: the system clock minus the central system's, from its reply just now,
    or None (``no_server_time`` says why)."""
    problems: list[str] = []
    fixes: list[str] = []
    if floor and now < floor - FLOOR_SLACK_S:
        problems.append(
            f"the system clock is {duration(floor - now)} behind the newest time this kiosk has"
            f" seen ({_iso(floor)})"
        )
        fixes.append(
            "the clock was set back, or lost its time while the power was off (a Raspberry Pi"
            " has no battery clock): let NTP set it (see the ntp line) or set it by hand,"
            " `sudo date -s 'YYYY-MM-DD HH:MM'`"
        )
    if server_offset_s is not None and abs(server_offset_s) >= MAX_SKEW_S:
        side = "ahead of" if server_offset_s > 0 else "behind"
        problems.append(
            f"the system clock is {duration(server_offset_s)} {side} the central system's"
        )
        fixes.append(NTP_FIX)
    if problems:
        return fail(CLOCK, f"{_iso(now)}: " + "; ".join(problems), "; ".join(fixes))
    against = (
        f"{abs(server_offset_s):.0f} s from the central system's"
        if server_offset_s is not None
        else f"not compared with the central system's ({no_server_time})"
    )
    floor_text = "; not behind the newest time the kiosk has seen" if floor else ""
    return ok(CLOCK, f"{_iso(now)}, {against}{floor_text}")


def _iso(ts: float) -> str:
    return datetime.fromtimestamp(ts).astimezone().isoformat(timespec="seconds")


# --- time zone ----------------------------------------------------------------------------------


def check_time_zone(offset: timedelta, zone: str | None) -> Finding:
    """Vietnam has one offset all year (no summer time): the offset is what receipts carry."""
    shown = f"UTC{_offset(offset)}" + (f" ({zone})" if zone else "")
    if offset == VIETNAM_OFFSET:
        return ok(TIME_ZONE, shown)
    return warn(
        TIME_ZONE,
        f"{shown}: receipts and events would carry {_offset(offset)}, not +07:00",
        f"`sudo timedatectl set-timezone {VIETNAM_ZONE}`, then restart the kiosk",
    )


def local_offset(now: float) -> timedelta:
    return datetime.fromtimestamp(now).astimezone().utcoffset() or timedelta(0)


def zone_name() -> str | None:
    """The system's zone name where Linux keeps it: TZ, /etc/timezone, the /etc/localtime link."""
    tz = os.environ.get("TZ", "").lstrip(":")
    if tz:
        return tz
    try:
        return Path("/etc/timezone").read_text().strip() or None
    except OSError:
        pass
    target = str(Path("/etc/localtime").resolve())
    return target.split("zoneinfo/", 1)[1] if "zoneinfo/" in target else None


def _offset(offset: timedelta) -> str:
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


# --- NTP ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NtpReading:
    #: What timedatectl says; None when it cannot tell.
    synchronized: bool | None
    #: Why it cannot tell.
    note: str = ""


def read_ntp() -> NtpReading:
    """``timedatectl show -p NTPSynchronized --value``; without timedatectl (no systemd),
    nothing is known, which is not a fault of the kiosk."""
    exe = shutil.which("timedatectl")
    if exe is None:
        return NtpReading(None, "timedatectl is not installed")
    try:
        done = subprocess.run(
            [exe, "show", "-p", "NTPSynchronized", "--value"],
            capture_output=True,
            text=True,
            timeout=TIMEDATECTL_TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return NtpReading(None, f"timedatectl: {exc}")
    value = done.stdout.strip()
    if done.returncode == 0 and value in ("yes", "no"):
        return NtpReading(value == "yes")
    why = next(iter(done.stderr.strip().splitlines()), f"exit code {done.returncode}")
    return NtpReading(None, f"timedatectl: {why}")


def check_ntp(reading: NtpReading) -> Finding:
    if reading.synchronized is None:
        return ok(NTP, f"not checked: {reading.note}")
    if reading.synchronized:
        return ok(NTP, "synchronized")
    return warn(NTP, "not synchronized (timedatectl says NTPSynchronized=no)", NTP_FIX)
