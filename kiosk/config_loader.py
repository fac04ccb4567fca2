"""Reading the configuration: defaults, the user's file, the environment; errors that say the fix.

Every mistake becomes one ``ConfigError`` whose message names the file (or the environment
variable), the key, what is wrong and what would be right: the CLI prints it and exits with 2.

The kiosk's bearer token comes, first found: from ``KIOSK_TOKEN``; from the systemd credential
``$CREDENTIALS_DIRECTORY/kiosk-token`` (``LoadCredentialEncrypted=`` in the units, sealed with
the TPM where there is one: docs/deployment.md "Secrets at rest"); from ``central.token_file``;
from ``central.token`` in the file. A file that holds the token (the configuration with a
``central.token``, or the token file) must not be readable by other users: mode bits for
"others", or for a group other than the kiosk's own, refuse it with the ``chmod`` that fixes it
(``secret_file_problems``; ``kiosk doctor`` reports the same as a FAIL).
"""

from __future__ import annotations

import os
import stat
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from kiosk.errors import ConfigError
from kiosk.paths import default_config_path
from kiosk.settings import Settings

# Deployment overrides: environment variable → key path in the configuration.
ENV_OVERRIDES: dict[str, tuple[str, ...]] = {
    "KIOSK_CENTRAL_URL": ("central", "url"),
    "KIOSK_ID": ("kiosk", "id"),
    "KIOSK_TOKEN": ("central", "token"),
    "KIOSK_DATA_DIR": ("data_dir",),
}
CONFIG_ENV = "KIOSK_CONFIG"
CREDENTIALS_ENV = "CREDENTIALS_DIRECTORY"  # set by systemd for a unit with credentials
TOKEN_CREDENTIAL = "kiosk-token"


def load_settings(
    path: str | None = None,
    env: Mapping[str, str] | None = None,
    *,
    check_modes: bool = True,
) -> Settings:
    """The effective settings: defaults ← the user's file ← the environment, the token from
    where the module's docstring says. ``check_modes=False``: a file holding the token may be
    readable by others (``kiosk doctor``, which reports it instead)."""
    env = os.environ if env is None else env
    default_file = default_config_path()
    merged = _read_toml(default_file)
    sources: dict[tuple[str, ...], str] = {}
    user_path = path or env.get(CONFIG_ENV) or None
    user: dict[str, Any] = {}
    if user_path:
        user = _read_toml(Path(user_path))
        _merge(merged, user, (), sources, str(user_path))
    for var, keys in ENV_OVERRIDES.items():
        if var in env:
            _merge(merged, _nest(keys, env[var]), (), sources, f"environment variable {var}")
    if check_modes:
        problems = secret_file_problems(user_path, user, merged, env)
        if problems:
            raise ConfigError("\n".join(str(p) for p in problems))
    _take_token(merged, sources, env)
    try:
        return Settings.model_validate(merged)
    except ValidationError as exc:
        raise ConfigError(_describe(exc, sources, str(default_file))) from None


def secret_file_problems(
    user_path: str | None,
    user: Mapping[str, Any],
    merged: Mapping[str, Any],
    env: Mapping[str, str],
) -> list[LooseSecret]:
    """The files holding the token that other users could read, each with its fix."""
    central = user.get("central")
    problems = []
    if user_path and isinstance(central, dict) and central.get("token"):
        problems.append(loose_mode(Path(user_path), "configuration file (it holds central.token)"))
    token_file = _token_file(merged)
    if token_file is not None and _credential(env) is None:
        problems.append(loose_mode(token_file, "token file (central.token_file)"))
    return [p for p in problems if p is not None]


def secret_file_report(
    path: str | None = None, env: Mapping[str, str] | None = None
) -> list[LooseSecret]:
    """``secret_file_problems`` for the files ``load_settings`` would read (``kiosk doctor``)."""
    env = os.environ if env is None else env
    user_path = path or env.get(CONFIG_ENV) or None
    user = _read_toml(Path(user_path)) if user_path else {}
    return secret_file_problems(user_path, user, user, env)


@dataclass(frozen=True)
class LooseSecret:
    """A file holding the token that others can read, and the fix."""

    found: str
    fix: str

    def __str__(self) -> str:
        return f"{self.found}; {self.fix}"


def loose_mode(path: Path, what: str) -> LooseSecret | None:
    """Why ``path`` is readable beyond the kiosk's own user and group, or None when it is not."""
    try:
        st = path.stat()
    except OSError:
        return None  # reading it says what is wrong
    mode = stat.S_IMODE(st.st_mode)
    others = mode & 0o007
    foreign_group = mode & 0o070 and st.st_gid not in (os.getegid(), *os.getgroups())
    if not others and not foreign_group:
        return None
    who = "every user" if others else f"group {st.st_gid}"
    return LooseSecret(
        f"{path}: the {what} has mode {mode:04o}, so {who} can read the kiosk's token",
        f"run `chmod 600 {path}` (or `chmod 640` with the kiosk's own group, as"
        " deploy/install.sh sets it), and ask the central system for a new token if others may"
        " have read it",
    )


def _credential(env: Mapping[str, str]) -> Path | None:
    directory = env.get(CREDENTIALS_ENV)
    if not directory:
        return None
    path = Path(directory) / TOKEN_CREDENTIAL
    return path if path.is_file() else None


def _token_file(merged: Mapping[str, Any]) -> Path | None:
    central = merged.get("central")
    name = central.get("token_file") if isinstance(central, dict) else None
    return Path(name) if isinstance(name, str) and name else None


def _take_token(
    merged: dict[str, Any], sources: dict[tuple[str, ...], str], env: Mapping[str, str]
) -> None:
    """``central.token`` from the credential or the token file unless ``KIOSK_TOKEN`` set it."""
    if "KIOSK_TOKEN" in env:
        return
    found = _credential(env)
    origin = f"systemd credential {TOKEN_CREDENTIAL}"
    if found is None:
        found = _token_file(merged)
        origin = f"{found} (central.token_file)"
    if found is None:
        return
    try:
        token = found.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{origin}: cannot read the kiosk's token ({exc})") from None
    if not token:
        raise ConfigError(f"{origin}: the file is empty; it must hold the kiosk's bearer token")
    _merge(merged, {"central": {"token": token}}, (), sources, origin)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such configuration file") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the configuration file ({exc.strerror})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None


def _nest(keys: tuple[str, ...], value: Any) -> dict[str, Any]:
    for key in reversed(keys):
        value = {key: value}
    return dict(value)


def _merge(
    base: dict[str, Any],
    over: Mapping[str, Any],
    prefix: tuple[str, ...],
    sources: dict[tuple[str, ...], str],
    origin: str,
) -> None:
    """Overlay ``over`` on ``base`` table by table; lists (like compartments) replace whole."""
    for key, value in over.items():
        here = (*prefix, key)
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            _merge(base[key], value, here, sources, origin)
        else:
            base[key] = value
            sources[here] = origin


def _describe(exc: ValidationError, sources: Mapping[tuple[str, ...], str], default: str) -> str:
    lines = []
    for error in exc.errors():
        loc = tuple(str(part) for part in error["loc"])
        origin = _origin(loc, sources, default)
        key = _dotted(loc)
        if error["type"] == "extra_forbidden":
            what = "unknown key: remove it or check its spelling (see docs/config.md)"
        else:
            given = error.get("input")
            shown = "" if isinstance(given, dict | list) else f" (got {given!r})"
            hint = _description(loc)
            what = f"{error['msg']}{shown}" + (f"; expected: {hint}" if hint else "")
        lines.append(f"{origin}: {key}: {what}" if key else f"{origin}: {what}")
    return "invalid configuration:\n  " + "\n  ".join(lines)


def _description(loc: tuple[str, ...]) -> str:
    """The field's own description: the best statement of what a right value looks like."""
    model: Any = Settings
    info = None
    for part in loc:
        if part.isdigit():
            continue
        fields = getattr(model, "model_fields", None)
        if not fields or part not in fields:
            return ""
        info = fields[part]
        annotation = info.annotation
        args = getattr(annotation, "__args__", ())
        model = args[0] if args and hasattr(args[0], "model_fields") else annotation
    return (info.description or "") if info else ""


def _origin(loc: tuple[str, ...], sources: Mapping[tuple[str, ...], str], default: str) -> str:
    for depth in range(len(loc), 0, -1):
        if loc[:depth] in sources:
            return sources[loc[:depth]]
    # A check of a whole table (unique labels) blames whoever set something inside it.
    inside = [origin for key, origin in sources.items() if key[: len(loc)] == loc]
    return inside[-1] if inside else default


def _dotted(loc: tuple[str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if part.isdigit() else (f".{part}" if out else part)
    return out
