"""Every table of the hub, declared once (SQLAlchemy Core); migrations/ creates them.

Times are epoch seconds (``*_ts``, a float) so that SQLite and PostgreSQL compare them the same
way; times the wire carries as text (``expires_at``) are kept as given. Secrets are stored as
digests (tokens, keys, passwords) or encrypted (OTPs, SMS texts while queued: ``*_enc``).
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()
# SQLite makes an INTEGER PRIMARY KEY its rowid (auto-increment); PostgreSQL wants BIGINT.
Serial = BigInteger().with_variant(Integer(), "sqlite")

kiosks = Table(
    "kiosks",
    metadata,
    Column("kiosk_id", String(100), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("token_sha256", String(64), nullable=False, unique=True),
    # The position of the newest change in this kiosk's releases feed (its ETag and cursors).
    Column("change_seq", BigInteger, nullable=False, default=0),
    Column("poll_interval_s", Float, nullable=False, default=30.0),
    Column("heartbeat", Text),  # the newest heartbeat body, JSON
    Column("heartbeat_ts", Float),  # when it arrived (server time)
    Column("created_ts", Float, nullable=False),
)

integration_keys = Table(
    "integration_keys",
    metadata,
    Column("name", String(100), primary_key=True),
    Column("key_sha256", String(64), nullable=False, unique=True),
    Column("created_ts", Float, nullable=False),
)

admins = Table(
    "admins",
    metadata,
    Column("username", String(100), primary_key=True),
    Column("password_hash", String(200), nullable=False),
    Column("created_ts", Float, nullable=False),
)

releases = Table(
    "releases",
    metadata,
    Column("release_id", String(40), primary_key=True),
    Column("kiosk_id", String(100), ForeignKey("kiosks.kiosk_id"), nullable=False),
    Column("dossier_code", String(64), nullable=False, index=True),
    Column("procedure_name", String(500), nullable=False),
    Column("holder_name", String(500), nullable=False),
    Column("phone", String(20), nullable=False),
    Column("version", Integer, nullable=False),
    # released | revoked | picked_up | retrieved | expired: the first two are the wire's status.
    Column("state", String(16), nullable=False),
    Column("expires_at", String(64), nullable=False),
    Column("expires_ts", Float, nullable=False),
    Column("size_hint", String(1)),
    Column("needs_low_compartment", Boolean, nullable=False, default=False),
    # The OTP while the release is active, encrypted; NULL once it ends.
    Column("otp_enc", LargeBinary),
    # A keyed digest of the OTP: unique per kiosk among active releases (NULLs are distinct).
    Column("otp_tag", String(64)),
    Column("change_seq", BigInteger, nullable=False),
    Column("created_ts", Float, nullable=False),
    Column("updated_ts", Float, nullable=False),
    UniqueConstraint("kiosk_id", "otp_tag", name="uq_releases_active_otp"),
    Index("ix_releases_feed", "kiosk_id", "change_seq"),
)

release_history = Table(
    "release_history",
    metadata,
    Column("id", Serial, primary_key=True, autoincrement=True),
    Column("release_id", String(40), ForeignKey("releases.release_id"), nullable=False),
    Column("ts", Float, nullable=False),
    Column("action", String(40), nullable=False),
    Column("version", Integer, nullable=False),
    Column("actor", String(120), nullable=False),
    Column("detail", String(500)),
    Index("ix_release_history_release", "release_id", "id"),
)

counters = Table(
    "counters",
    metadata,
    # One row per counter ("events"): taking it orders commits, so cursors never skip a row.
    Column("name", String(40), primary_key=True),
    Column("value", BigInteger, nullable=False),
)

events = Table(
    "events",
    metadata,
    Column("seq", BigInteger, primary_key=True, autoincrement=False),
    Column("kiosk_id", String(100), ForeignKey("kiosks.kiosk_id"), nullable=False),
    Column("event_id", String(200), nullable=False),
    Column("type", String(40), nullable=False),
    Column("body", Text, nullable=False),  # the event exactly as the kiosk sent it, JSON
    Column("received_ts", Float, nullable=False),
    UniqueConstraint("kiosk_id", "event_id", name="uq_events_kiosk_event"),
    Index("ix_events_kiosk", "kiosk_id", "seq"),
)

idempotency_keys = Table(
    "idempotency_keys",
    metadata,
    Column("kiosk_id", String(100), primary_key=True),
    Column("key", String(200), primary_key=True),
    Column("digest", String(64), nullable=False),
    Column("reply", Text),  # NULL while the first request with this key is in flight
    Column("created_ts", Float, nullable=False),
)

alarms = Table(
    "alarms",
    metadata,
    Column("id", Serial, primary_key=True, autoincrement=True),
    Column("kiosk_id", String(100), ForeignKey("kiosks.kiosk_id"), nullable=False),
    Column("kind", String(40), nullable=False),
    Column("compartment", String(16)),
    Column("raised_at", String(64), nullable=False),
    Column("cleared_at", String(64)),
    Column("acked_ts", Float),
    Column("acked_by", String(100)),
    Index("ix_alarms_kiosk", "kiosk_id", "cleared_at"),
)

ratings = Table(
    "ratings",
    metadata,
    Column("event_seq", BigInteger, primary_key=True, autoincrement=False),
    Column("kiosk_id", String(100), ForeignKey("kiosks.kiosk_id"), nullable=False),
    Column("month", String(7), nullable=False),  # yyyy-mm of occurred_at, the kiosk's local time
    Column("score", Integer, nullable=False),
    Index("ix_ratings_month", "month", "kiosk_id"),
)

staff = Table(
    "staff",
    metadata,
    Column("staff_id", String(100), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("role", String(16), nullable=False),
    # NULL: may sign in at every kiosk of the hub.
    Column("kiosk_id", String(100), ForeignKey("kiosks.kiosk_id")),
    Column("badge_sha256", String(64), nullable=False, unique=True),
    Column("pin_pbkdf2", String(200)),  # NULL until a PIN is set: not listed to kiosks
    Column("active", Boolean, nullable=False, default=True),
    Column("updated_ts", Float, nullable=False),
)

sms = Table(
    "sms",
    metadata,
    Column("id", Serial, primary_key=True, autoincrement=True),
    Column("release_id", String(40), ForeignKey("releases.release_id")),
    Column("version", Integer),  # the release version whose code it carries
    Column("to_phone", String(20), nullable=False),
    Column("text_enc", LargeBinary),  # NULL once sent or superseded: it holds the OTP
    # pending | sent | superseded (the code it carries no longer works)
    Column("state", String(12), nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("next_ts", Float, nullable=False),  # due time; a sender leases a row by moving it
    Column("last_error", String(500)),
    Column("created_ts", Float, nullable=False),
    Column("sent_ts", Float),
    Index("ix_sms_due", "state", "next_ts"),
)
