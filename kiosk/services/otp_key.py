"""The device key and the keyed hash of OTP codes.

The kiosk never keeps an OTP's digits: the sync agent hashes each code on receipt with a key
that exists only on this device (``device.key`` in the data dir, mode 0600, made on first
start), so a copy of the database alone cannot be brute-forced through 10^8 codes offline.

In service the key is a systemd credential instead (``$CREDENTIALS_DIRECTORY/device-key``,
``LoadCredentialEncrypted=`` in the units, sealed with the TPM where there is one): it never
lies in plain text beside the database (docs/deployment.md "Secrets at rest").
"""

from __future__ import annotations

import hmac
import os
import secrets
from pathlib import Path

from kiosk.errors import EnvironmentProblem
from kiosk.paths import DEVICE_KEY_NAME

KEY_BYTES = 32


DEVICE_KEY_CREDENTIAL = "device-key"


def load_or_create_device_key(data_dir: Path) -> bytes:
    credentials = os.environ.get("CREDENTIALS_DIRECTORY")
    if credentials and (Path(credentials) / DEVICE_KEY_CREDENTIAL).is_file():
        return _checked(Path(credentials) / DEVICE_KEY_CREDENTIAL)
    path = data_dir / DEVICE_KEY_NAME
    data_dir.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        # Written aside, then linked into place: link() fails if another process got there
        # first, and no reader ever sees a half-written key.
        tmp = data_dir / f".{DEVICE_KEY_NAME}.{os.getpid()}"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(secrets.token_bytes(KEY_BYTES))
            f.flush()
            os.fsync(f.fileno())
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    key = _checked(path)
    if path.stat().st_mode & 0o077:
        path.chmod(0o600)
    return key


def _checked(path: Path) -> bytes:
    key = path.read_bytes()
    if len(key) != KEY_BYTES:
        raise EnvironmentProblem(
            f"{path}: the device key is damaged ({len(key)} bytes, expected {KEY_BYTES});"
            " codes synced so far cannot be checked: restore the key or resync"
        )
    return key


class OtpHasher:
    def __init__(self, key: bytes) -> None:
        self._key = key

    def hash(self, otp: str) -> str:
        # hmac.digest: the same HMAC as hmac.new(...).hexdigest(), by OpenSSL's one-shot path.
        return hmac.digest(self._key, otp.encode(), "sha256").hex()
