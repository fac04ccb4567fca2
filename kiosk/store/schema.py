"""The database schema, as sqlite-utils migrations applied in order on every open.

The schema version shown by ``kiosk status`` (and kept in ``PRAGMA user_version``) is the number
of migrations applied. Never edit a migration that has shipped: add a new one.

Times are stored twice where they are compared: RFC 3339 text for people and the central
system (``*_at``), epoch seconds for arithmetic (``*_ts``).
"""

from __future__ import annotations

import sqlite3

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

MIGRATIONS = Migrations("atm-ho-so")

#: Hex digits of ``releases.otp_hash`` its index holds (migration m010; another length needs a
#: migration of its own). Look-ups compare ``substr(otp_hash, 1, OTP_INDEX_PREFIX)``, then the
#: whole hash: 65,536 keys, a handful of rows each even at a million releases.
OTP_INDEX_PREFIX = 4

#: Every whitespace character but the space, as the body of a GLOB class: those Python's
#: ``str.isspace`` knows (``mask_name`` splits words on them). Written out, not computed: a
#: migration must say the same on every kiosk, whatever Python's Unicode tables say.
OTHER_WHITESPACE = "\t-\r\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"


@MIGRATIONS()
def m001_core(db: Database) -> None:
    db.executescript(
        """
        -- Every door of the locker, from the configuration; what it holds, as the kiosk knows.
        CREATE TABLE compartments (
            label TEXT PRIMARY KEY,
            size TEXT NOT NULL CHECK (size IN ('S', 'M', 'L')),
            board INTEGER NOT NULL,
            lock INTEGER NOT NULL,
            col INTEGER NOT NULL,
            row INTEGER NOT NULL,
            height TEXT NOT NULL,
            -- 1 when the configuration disables the door or no longer lists it.
            disabled INTEGER NOT NULL DEFAULT 0,
            content TEXT NOT NULL DEFAULT 'empty'
                CHECK (content IN ('empty', 'result', 'dropoff')),
            result_id INTEGER REFERENCES results(id),
            dropoff_id INTEGER REFERENCES dropoffs(id),
            out_of_service INTEGER NOT NULL DEFAULT 0,
            oos_reason TEXT,
            -- The door command in progress; a door serves one intent at a time.
            intent_id INTEGER REFERENCES door_intents(id),
            updated_at TEXT NOT NULL,
            UNIQUE (board, lock),
            CHECK ((content = 'result') = (result_id IS NOT NULL)),
            CHECK ((content = 'dropoff') = (dropoff_id IS NOT NULL))
        );

        -- Results released for pickup here, as the central system sent them (newest version).
        CREATE TABLE releases (
            release_id TEXT PRIMARY KEY,
            version INTEGER NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('released', 'revoked')),
            dossier_code TEXT NOT NULL,
            procedure_name TEXT NOT NULL,
            holder_name TEXT NOT NULL,
            phone_last_digits TEXT,
            -- HMAC-SHA256 of the OTP with the device key; the digits are never stored.
            otp_hash TEXT,
            expires_at TEXT NOT NULL,
            expires_ts REAL NOT NULL,
            size_hint TEXT CHECK (size_hint IN ('S', 'M', 'L')),
            -- 1 once the code opened its door: each code works once.
            otp_used INTEGER NOT NULL DEFAULT 0,
            received_at TEXT NOT NULL
        );
        CREATE INDEX releases_otp_hash ON releases (otp_hash);
        CREATE INDEX releases_dossier_code ON releases (dossier_code);

        -- Physical results that staff put into a compartment.
        CREATE TABLE results (
            id INTEGER PRIMARY KEY,
            release_id TEXT NOT NULL REFERENCES releases(release_id),
            compartment TEXT NOT NULL REFERENCES compartments(label),
            -- staged: written with the door intent, becomes loaded when the door closes on it.
            state TEXT NOT NULL
                CHECK (state IN ('staged', 'loaded', 'picked_up', 'retrieved')),
            loaded_at TEXT NOT NULL,
            loaded_ts REAL NOT NULL,
            loaded_by TEXT NOT NULL,
            ended_at TEXT,
            ended_by TEXT
        );
        -- A release is in at most one compartment at a time.
        CREATE UNIQUE INDEX results_one_loaded ON results (release_id)
            WHERE state IN ('staged', 'loaded');

        -- Paper dossiers citizens dropped off.
        CREATE TABLE dropoffs (
            id INTEGER PRIMARY KEY,
            dossier_code TEXT NOT NULL,
            procedure_name TEXT,
            verified INTEGER NOT NULL,
            compartment TEXT NOT NULL REFERENCES compartments(label),
            state TEXT NOT NULL CHECK (state IN ('staged', 'received', 'collected')),
            received_at TEXT NOT NULL,
            ended_at TEXT,
            ended_by TEXT
        );

        -- Door commands, journaled before they are sent (see kiosk/services/doors.py).
        CREATE TABLE door_intents (
            id INTEGER PRIMARY KEY,
            compartment TEXT NOT NULL REFERENCES compartments(label),
            purpose TEXT NOT NULL,
            subject_id INTEGER,
            actor TEXT NOT NULL,
            state TEXT NOT NULL,
            created_at TEXT NOT NULL,
            created_ts REAL NOT NULL,
            opened_at TEXT,
            ended_at TEXT,
            note TEXT
        );
        CREATE INDEX door_intents_unfinished ON door_intents (state)
            WHERE state IN ('pending', 'open');

        -- Events to report to the central system, in order (central-api.md, POST events).
        CREATE TABLE outbox (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            event_id TEXT NOT NULL UNIQUE,
            type TEXT NOT NULL,
            occurred_at TEXT NOT NULL,
            dossier_code TEXT,
            release_id TEXT,
            compartment TEXT,
            actor TEXT NOT NULL,
            data TEXT NOT NULL DEFAULT '{}',
            state TEXT NOT NULL DEFAULT 'pending'
                CHECK (state IN ('pending', 'sent', 'rejected')),
            -- The Idempotency-Key of the batch that carries it, reused on every retry.
            batch_key TEXT,
            sent_at TEXT,
            reject_reason TEXT
        );
        CREATE INDEX outbox_pending ON outbox (state, seq);

        -- Append-only, hash-chained record of every state change (kiosk/store/audit.py).
        CREATE TABLE audit (
            seq INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            subject TEXT NOT NULL,
            details TEXT NOT NULL,
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL
        );
        CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

        -- Wrong-OTP counters: scope 'kiosk' or 'dossier:<code>'.
        CREATE TABLE otp_attempts (
            scope TEXT PRIMARY KEY,
            fails_in_row INTEGER NOT NULL DEFAULT 0,
            fails_total INTEGER NOT NULL DEFAULT 0,
            hold_until_ts REAL NOT NULL DEFAULT 0,
            void INTEGER NOT NULL DEFAULT 0,
            updated_at TEXT NOT NULL
        );
        -- Times of recent wrong codes at this kiosk, for the per-hour limit.
        CREATE TABLE otp_failures (
            id INTEGER PRIMARY KEY,
            at_ts REAL NOT NULL
        );

        -- People who may sign in here (central-api.md, GET staff).
        CREATE TABLE staff (
            staff_id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('staff', 'technician')),
            badge TEXT NOT NULL UNIQUE,
            pin_pbkdf2 TEXT NOT NULL,
            active INTEGER NOT NULL,
            pin_fails INTEGER NOT NULL DEFAULT 0,
            pin_hold_until_ts REAL NOT NULL DEFAULT 0,
            -- Set after too many wrong PINs; cleared when the directory is synced again.
            disabled INTEGER NOT NULL DEFAULT 0
        );

        -- Alarms for staff and the central system; one open alarm per kind and subject.
        CREATE TABLE alarms (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            subject TEXT NOT NULL,
            details TEXT NOT NULL DEFAULT '{}',
            raised_at TEXT NOT NULL,
            acknowledged_at TEXT,
            acknowledged_by TEXT,
            cleared_at TEXT,
            cleared_by TEXT
        );
        CREATE UNIQUE INDEX alarms_one_open ON alarms (kind, subject) WHERE cleared_at IS NULL;

        -- Sync state and other small facts: cursor, ETags, newest server time, online flag.
        CREATE TABLE kv (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        """
    )


@MIGRATIONS()
def m002_audit_anchor(db: Database) -> None:
    """The audit chain's ends under the device key's MAC (kiosk/store/audit.py), and deletion
    only of rows a checkpoint covers. The first anchor takes the chain as it stands."""
    db.executescript(
        """
        -- One row: the checkpoint (last purged row, 0 before any purge) and the newest row,
        -- MAC'd with a key derived from device.key; written with every audit row.
        CREATE TABLE audit_anchor (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            base_seq INTEGER NOT NULL,
            base_hash TEXT NOT NULL,
            head_seq INTEGER NOT NULL,
            head_hash TEXT NOT NULL,
            mac TEXT NOT NULL
        );
        CREATE TRIGGER audit_anchor_no_delete BEFORE DELETE ON audit_anchor
            BEGIN SELECT RAISE(ABORT, 'the audit anchor is never removed'); END;
        DROP TRIGGER audit_no_delete;
        CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
            WHEN OLD.seq > coalesce((SELECT base_seq FROM audit_anchor), 0)
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        """
    )
    newest = db.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    seq, digest = newest if newest else (0, "0" * 64)
    db.execute(
        "INSERT INTO audit_anchor (id, base_seq, base_hash, head_seq, head_hash, mac)"
        " VALUES (1, 0, ?1, ?2, ?3, audit_anchor_mac(0, ?1, ?2, ?3))",
        ["0" * 64, seq, digest],
    )


@MIGRATIONS()
def m003_privacy(db: Database) -> None:
    """Personal data minimised (kiosk/store/privacy.py, docs/privacy.md): holder names only
    masked, phone digits gone once a release ends; what is already stored is treated the same.
    The triggers call ``mask_holder_name``, registered on every store connection."""
    db.executescript(
        """
        -- The holder's name as the screens show it (N***** V** An), whoever writes the row.
        CREATE TRIGGER releases_mask_holder_on_insert AFTER INSERT ON releases
            WHEN NEW.holder_name <> mask_holder_name(NEW.holder_name)
            BEGIN UPDATE releases SET holder_name = mask_holder_name(NEW.holder_name)
                WHERE release_id = NEW.release_id; END;
        CREATE TRIGGER releases_mask_holder_on_update AFTER UPDATE OF holder_name ON releases
            WHEN NEW.holder_name <> mask_holder_name(NEW.holder_name)
            BEGIN UPDATE releases SET holder_name = mask_holder_name(NEW.holder_name)
                WHERE release_id = NEW.release_id; END;
        -- The phone's last digits only tell active releases apart: none once the code is used
        -- or revoked (expiry is the housekeeping pass's: time passing writes no row).
        CREATE TRIGGER releases_forget_phone_on_insert AFTER INSERT ON releases
            WHEN NEW.phone_last_digits IS NOT NULL AND (NEW.status = 'revoked' OR NEW.otp_used)
            BEGIN UPDATE releases SET phone_last_digits = NULL
                WHERE release_id = NEW.release_id; END;
        CREATE TRIGGER releases_forget_phone_on_update
            AFTER UPDATE OF status, otp_used, phone_last_digits ON releases
            WHEN NEW.phone_last_digits IS NOT NULL AND (NEW.status = 'revoked' OR NEW.otp_used)
            BEGIN UPDATE releases SET phone_last_digits = NULL
                WHERE release_id = NEW.release_id; END;
        UPDATE releases SET holder_name = mask_holder_name(holder_name)
            WHERE holder_name <> mask_holder_name(holder_name);
        UPDATE releases SET phone_last_digits = NULL
            WHERE phone_last_digits IS NOT NULL AND (status = 'revoked' OR otp_used);
        """
    )


@MIGRATIONS()
def m004_otp_throttle(db: Database) -> None:
    """The throttle of docs/security.md: failures kept for the free-try window (a right code
    forgives its holder's typos), and when each counter last saw a wrong code."""
    db.executescript(
        """
        ALTER TABLE otp_failures ADD COLUMN forgiven INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX otp_failures_at ON otp_failures (at_ts);
        ALTER TABLE otp_attempts ADD COLUMN last_fail_ts REAL NOT NULL DEFAULT 0;
        """
    )


@MIGRATIONS()
def m006_set_aside(db: Database) -> None:
    """Feed items the kiosk could not accept, kept for technicians (kiosk/store/set_aside.py):
    central-api.md says such an item is set aside and reported, and stops nothing else."""
    db.executescript(
        """
        CREATE TABLE set_aside (
            id INTEGER PRIMARY KEY,
            -- Which feed it came in: 'releases' (or 'staff').
            feed TEXT NOT NULL,
            -- Its release_id (staff_id) and version when those could be read, else NULL.
            item_key TEXT,
            version INTEGER,
            -- What was wrong: fields and problems, never the values.
            error TEXT NOT NULL,
            -- A copy as JSON without its secrets: no OTP digits, no phone digits, the holder's
            -- name masked (set_aside.redact).
            item TEXT NOT NULL,
            -- HMAC-SHA256 of the item as received, with the device key: the same item sent
            -- again (a replay, a resync) is the same row, and raises no second alarm.
            fingerprint TEXT NOT NULL,
            first_seen_at TEXT NOT NULL,
            last_seen_at TEXT NOT NULL,
            times_seen INTEGER NOT NULL DEFAULT 1,
            -- When a valid item of the same key and a version at least as high replaced it.
            resolved_at TEXT,
            UNIQUE (feed, fingerprint)
        );
        CREATE INDEX set_aside_open ON set_aside (feed, item_key) WHERE resolved_at IS NULL;
        """
    )


@MIGRATIONS()
def m007_staff_badge_secrets(db: Database) -> None:
    """Badges carry a secret (central-api.md, GET staff): the directory holds its SHA-256.

    The directory held under the withdrawn ``badge: "STAFF|<id>"`` form is forgotten and its
    ETag dropped, so the next sync delivers it whole in the new form. Wrong-PIN waits become
    kiosk-wide (``staff_pin_failures``, docs/staff.md); the per-badge count and lockout stay.
    """
    db.executescript(
        """
        DROP TABLE staff;
        CREATE TABLE staff (
            staff_id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('staff', 'technician')),
            badge_sha256 TEXT NOT NULL UNIQUE CHECK (length(badge_sha256) = 64),
            pin_pbkdf2 TEXT NOT NULL,
            active INTEGER NOT NULL,
            -- Wrong PINs in a row with this badge, and the lockout they lead to: kept across
            -- directory refreshes until the PIN hash changes (a new PIN was set centrally).
            pin_fails INTEGER NOT NULL DEFAULT 0,
            disabled INTEGER NOT NULL DEFAULT 0
        );
        -- Every failed sign-in (unknown badge, wrong PIN, locked badge), kiosk-wide.
        CREATE TABLE staff_pin_failures (
            id INTEGER PRIMARY KEY,
            at_ts REAL NOT NULL
        );
        CREATE INDEX staff_pin_failures_at ON staff_pin_failures (at_ts);
        DELETE FROM kv WHERE key = 'sync.staff_etag';
        """
    )


@MIGRATIONS()
def m008_needs_low_compartment(db: Database) -> None:
    """A release may ask for a door within reach of a wheelchair (central-api.md,
    ``needs_low_compartment``): staff loading then proposes and accepts only low doors."""
    db.executescript(
        "ALTER TABLE releases ADD COLUMN needs_low_compartment INTEGER NOT NULL DEFAULT 0;"
    )


@MIGRATIONS()
def m009_otp_hash_prefix_index(db: Database) -> None:
    """Releases are found by code through the first 8 hex digits of the code's hash (4 since
    m010, ``OTP_INDEX_PREFIX``), not all 64: the same answers (the full hash is compared too), from
    an index a sixth the size. HMAC digests land at random places in an index, so every page of
    a pull rewrote most of the old, larger one: 613 MB written for a pull of 100,000 releases,
    237 MB with this one (docs/benchmarks.md, "Sync at scale")."""
    db.executescript(
        """
        DROP INDEX releases_otp_hash;
        CREATE INDEX releases_otp_hash_prefix ON releases (substr(otp_hash, 1, 8));
        """
    )


@MIGRATIONS(transactional=False)
def m010_privacy_checks(db: Database) -> None:
    """The privacy rules of m003 become CHECK constraints, which refuse a row that breaks them,
    instead of triggers that repaired it: a trigger is a program run for every row written (with
    a Python call for the name), and they made half the cost of a pull's writes (issue 11:
    docs/benchmarks.md, "Sync at scale"). The one writer, kiosk/services/releases.py, writes
    the rows the rules ask for; any other is refused. The hash index keeps ``OTP_INDEX_PREFIX``
    digits, not 8: its entries land at random places, so every page of a pull rewrites most of it.

    A name passes when no word but the last shows more than its first letter (``N***** V** An``;
    a word ends at a space, and any other whitespace is refused: ``mask_name`` never writes it).
    Phone digits only while the code is live.

    SQLite adds a CHECK only by rebuilding the table, and ``results`` references it: foreign
    keys are off for the rebuild (sqlite.org/lang_altertable.html, "other kinds of table schema
    changes"), hence outside the migration runner's transaction. Run again after a crash
    between its commit and its record, it rebuilds the same table again."""
    conn = db.conn
    conn.execute("PRAGMA foreign_keys=OFF")
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            for sql in _REBUILD_RELEASES:
                conn.execute(sql)
            broken = conn.execute("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise sqlite3.IntegrityError(f"m010: foreign keys broken: {broken[:3]}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    finally:
        conn.execute("PRAGMA foreign_keys=ON")


_REBUILD_RELEASES = (
    f"""
    CREATE TABLE releases_checked (
        release_id TEXT PRIMARY KEY,
        version INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('released', 'revoked')),
        dossier_code TEXT NOT NULL,
        procedure_name TEXT NOT NULL,
        -- Masked (kiosk/store/privacy.py): no word but the last beyond its first letter.
        holder_name TEXT NOT NULL CHECK (holder_name NOT GLOB '*[^ ][^* ]* *'
            AND holder_name NOT GLOB '*[{OTHER_WHITESPACE}]*'),
        phone_last_digits TEXT,
        -- HMAC-SHA256 of the OTP with the device key; the digits are never stored.
        otp_hash TEXT,
        expires_at TEXT NOT NULL,
        expires_ts REAL NOT NULL,
        size_hint TEXT CHECK (size_hint IN ('S', 'M', 'L')),
        -- 1 once the code opened its door: each code works once.
        otp_used INTEGER NOT NULL DEFAULT 0,
        received_at TEXT NOT NULL,
        needs_low_compartment INTEGER NOT NULL DEFAULT 0,
        -- The phone's last digits only tell live releases apart.
        CHECK (phone_last_digits IS NULL OR (status = 'released' AND NOT otp_used))
    )
    """,
    """
    INSERT INTO releases_checked (release_id, version, status, dossier_code, procedure_name,
        holder_name, phone_last_digits, otp_hash, expires_at, expires_ts, size_hint, otp_used,
        received_at, needs_low_compartment)
    SELECT release_id, version, status, dossier_code, procedure_name,
        mask_holder_name(holder_name),
        CASE WHEN status = 'released' AND NOT otp_used THEN phone_last_digits END,
        otp_hash, expires_at, expires_ts, size_hint, otp_used, received_at, needs_low_compartment
    FROM releases
    """,
    "DROP TABLE releases",
    "ALTER TABLE releases_checked RENAME TO releases",
    "CREATE INDEX releases_dossier_code ON releases (dossier_code)",
    f"CREATE INDEX releases_otp_hash_prefix ON releases (substr(otp_hash, 1, {OTP_INDEX_PREFIX}))",
)
