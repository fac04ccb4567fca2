"""Reading the configuration: defaults, the user's file, the environment; errors that say the fix.

Every mistake becomes one ``ConfigError`` whose message names the file (or the environment
variable), the key, what is wrong and what would be right: the CLI prints it and exits with 2.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
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


def load_settings(path: str | None = None, env: Mapping[str, str] | None = None) -> Settings:
    """The effective settings: defaults ← the user's file ← the environment."""
    env = os.environ if env is None else env
    default_file = default_config_path()
    merged = _read_toml(default_file)
    sources: dict[tuple[str, ...], str] = {}
    user_path = path or env.get(CONFIG_ENV) or None
    if user_path:
        user = _read_toml(Path(user_path))
        _merge(merged, user, (), sources, str(user_path))
    for var, keys in ENV_OVERRIDES.items():
        if var in env:
            _merge(merged, _nest(keys, env[var]), (), sources, f"environment variable {var}")
    try:
        return Settings.model_validate(merged)
    except ValidationError as exc:
        raise ConfigError(_describe(exc, sources, str(default_file))) from None


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
