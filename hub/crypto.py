"""The hub's secrets: its key file, and everything derived from it or checked against a digest.

``hub.key`` (32 random bytes, in the data dir, mode 0600) is the hub's credential: OTPs and
queued SMS texts are encrypted with a key derived from it (Fernet: AES-128-CBC and
HMAC-SHA256), OTP tags and
dashboard sessions are keyed from it. Every ``atm-hub serve`` process of one hub needs the same
file; losing it makes the stored OTPs unreadable (re-issue them), nothing else.

Kiosk tokens and integration keys are random 256-bit strings, so a SHA-256 digest is enough to
store them; passwords and PINs are people's choices and get PBKDF2 (the contract's format).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken

from hub.errors import HubError

KEY_FILE = "hub.key"
PIN_ITERATIONS = 600_000
PASSWORD_ITERATIONS = 600_000


class HubKeys:
    """Keys derived from the hub key, one per purpose, so no two uses share a key."""

    def __init__(self, master: bytes) -> None:
        self._fernet = Fernet(base64.urlsafe_b64encode(self._derive(master, b"otp-at-rest")))
        self._tag_key = self._derive(master, b"otp-tag")
        self.session_key = self._derive(master, b"dashboard-session")

    @staticmethod
    def _derive(master: bytes, purpose: bytes) -> bytes:
        return hmac.new(master, b"atm-hub/" + purpose, hashlib.sha256).digest()

    @classmethod
    def load(cls, data_dir: Path) -> HubKeys:
        """The hub key from ``data_dir``, made on first use."""
        path = data_dir / KEY_FILE
        if not path.exists():
            data_dir.mkdir(parents=True, exist_ok=True)
            # O_EXCL: two processes starting at once agree on the first file written.
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                pass
            else:
                with os.fdopen(fd, "wb") as f:
                    f.write(secrets.token_bytes(32))
        master = path.read_bytes()
        if len(master) != 32:
            raise HubError(f"{path}: not a hub key (32 bytes expected, {len(master)} found)")
        return cls(master)

    def seal(self, text: str) -> bytes:
        return self._fernet.encrypt(text.encode())

    def open(self, blob: bytes) -> str:
        try:
            return self._fernet.decrypt(blob).decode()
        except InvalidToken as exc:
            raise HubError("a stored secret cannot be decrypted with this hub.key") from exc

    def otp_tag(self, kiosk_id: str, otp: str) -> str:
        return hmac.new(self._tag_key, f"{kiosk_id}|{otp}".encode(), hashlib.sha256).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def pbkdf2(secret: str, iterations: int, salt: bytes | None = None) -> str:
    """``pbkdf2_sha256$<iterations>$<salt b64>$<hash b64>`` (central-api.md, staff)."""
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", secret.encode(), salt, iterations)
    b64 = base64.b64encode
    return f"pbkdf2_sha256${iterations}${b64(salt).decode()}${b64(digest).decode()}"


def pbkdf2_matches(secret: str, stored: str) -> bool:
    try:
        scheme, iterations, salt, _ = stored.split("$")
        if scheme != "pbkdf2_sha256":
            return False
        expected = pbkdf2(secret, int(iterations), base64.b64decode(salt))
    except ValueError:
        return False
    return hmac.compare_digest(expected, stored)


def badge_secret() -> str:
    """160 random bits in base32 (the contract asks at least 128)."""
    return base64.b32encode(secrets.token_bytes(20)).decode().rstrip("=")


def badge_payload(staff_id: str, secret: str) -> str:
    return f"STAFF|{staff_id}|{secret}"


def badge_digest(payload: str) -> str:
    return hashlib.sha256(payload.encode()).hexdigest()
