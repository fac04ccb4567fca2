"""Building blocks for domain tests: releases as the sync agent stores them, and door cycles."""

from __future__ import annotations

from kiosk.domain import SYSTEM
from kiosk.services.core import Services
from kiosk.services.doors import DoorGrant
from kiosk.store import audit
from kiosk.store.privacy import mask_name

STAFF = "staff:cb-0142"


def add_release(
    services: Services,
    release_id: str,
    otp: str,
    *,
    dossier_code: str | None = None,
    size_hint: str | None = "S",
    expires_in_s: float = 7 * 86400,
    status: str = "released",
    phone_last_digits: str = "821",
    version: int = 1,
) -> str:
    """Store a release the way the sync agent does (hashed code, one audit record)."""
    ctx = services.ctx
    code = dossier_code or f"000.00.07.H29-251123-{int(release_id.rsplit('-', maxsplit=1)[-1]):04d}"
    now = ctx.clock.timestamp()
    with ctx.store.transaction() as conn:
        conn.execute(
            "INSERT INTO releases (release_id, version, status, dossier_code, procedure_name,"
            " holder_name, phone_last_digits, otp_hash, expires_at, expires_ts, size_hint,"
            " received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (release_id) DO UPDATE SET version = excluded.version,"
            " status = excluded.status, otp_hash = excluded.otp_hash, otp_used = 0,"
            " phone_last_digits = excluded.phone_last_digits",
            (
                release_id,
                version,
                status,
                code,
                "Cấp giấy phép xây dựng nhà ở riêng lẻ",
                mask_name("Nguyễn Văn An"),  # as the table's privacy checks demand
                phone_last_digits if status == "released" else None,
                ctx.hasher.hash(otp),
                ctx.clock.iso(now + expires_in_s),
                now + expires_in_s,
                size_hint,
                ctx.clock.iso(),
            ),
        )
        audit.append(
            conn, at=ctx.clock.iso(), actor=SYSTEM, action="release.applied", subject=release_id
        )
    return code


def open_and_close(services: Services, grant: DoorGrant, item: bool | None) -> None:
    services.doors.opened(grant.intent_id)
    services.doors.closed(grant.compartment, item)


def load(services: Services, release_id: str, compartment: str | None = None) -> str:
    """Staff load a release; returns the compartment's label."""
    grant = services.staff_doors.begin_load(release_id, STAFF, compartment)
    open_and_close(services, grant, item=True)
    return grant.compartment


def compartment(services: Services, label: str) -> dict[str, object]:
    row = services.ctx.store.one("SELECT * FROM compartments WHERE label = ?", (label,))
    assert row is not None
    return dict(row)


def events(services: Services) -> list[tuple[str, str | None]]:
    """(type, compartment) of every outbox event, in order."""
    return [
        (r[0], r[1])
        for r in services.ctx.store.query("SELECT type, compartment FROM outbox ORDER BY seq")
    ]


#: Lock-bus settings for a test whose lock stays shut: jammed is told once the lock has read
#: shut for 0.4 s after its pulse (the default 1.5 s covers slow motor locks; the simulator's
#: doors open at once, seen at the first read-back 50 ms after the pulse).
JAMS_WITHIN = {"unlock_confirm_ms": 400}
#: …for a test whose board goes silent: each exchange is given 100 ms (the default 300 ms; the
#: simulator answers within a millisecond), so three unanswered polls take a third of the time.
SILENT_WITHIN = {"reply_timeout_ms": 100}


def lock_bus_toml(*parts: dict[str, int]) -> str:
    """A kiosk.toml whose ``[devices.lock_bus]`` has the keys of ``parts``."""
    return "[devices.lock_bus]\n" + "".join(f"{k} = {v}\n" for p in parts for k, v in p.items())
