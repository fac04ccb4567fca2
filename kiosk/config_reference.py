"""The configuration reference (docs/config.md), generated from the settings models.

Run ``python -m kiosk.config_reference > docs/config.md`` after changing a setting; a test fails
when the file and the models disagree.
"""

from __future__ import annotations

import sys
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from kiosk.config_loader import ENV_OVERRIDES
from kiosk.settings import Settings

HEADER = """# Configuration reference

Generated from `kiosk/settings/` and `drivers/config.py` by
`python -m kiosk.config_reference > docs/config.md`; do not edit by hand.

The defaults run the demo. A deployment's TOML file (`kiosk --config FILE` or `KIOSK_CONFIG`)
overrides them key by key; tables merge, lists (the compartments) replace whole. These
environment variables override both:

| variable | key |
| --- | --- |
"""


def render() -> str:
    out = [HEADER]
    out += [f"| `{var}` | `{'.'.join(keys)}` |\n" for var, keys in ENV_OVERRIDES.items()]
    out.append("\n")
    _section(out, Settings, "")
    return "".join(out)


def _section(out: list[str], model: type[BaseModel], prefix: str) -> None:
    rows: list[tuple[str, FieldInfo]] = []
    nested: list[tuple[str, type[BaseModel], bool]] = []
    for name, info in model.model_fields.items():
        sub, is_list = _model_of(info.annotation)
        if sub is not None:
            nested.append((name, sub, is_list))
        else:
            rows.append((name, info))
    title = f"`[{prefix}]`" if prefix else "Top level"
    out.append(f"## {title}\n\n{(model.__doc__ or '').strip()}\n\n")
    if rows:
        out.append("| key | default | unit | meaning |\n| --- | --- | --- | --- |\n")
        for name, info in rows:
            unit = (info.json_schema_extra or {}).get("unit", "")  # type: ignore[union-attr]
            text = (info.description or "").replace("|", "\\|")
            out.append(f"| `{name}` | {_default(info)} | {unit} | {text} |\n")
        out.append("\n")
    for name, sub, is_list in nested:
        key = f"{prefix}.{name}" if prefix else name
        if is_list:
            out.append(f"`{key}` is a list of `[[{key}]]` tables: {nested_doc(model, name)}\n\n")
            key = f"[{key}]"
        _section(out, sub, key)


def nested_doc(model: type[BaseModel], name: str) -> str:
    return model.model_fields[name].description or ""


def _model_of(annotation: Any) -> tuple[type[BaseModel] | None, bool]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation, False
    args = getattr(annotation, "__args__", ())
    if (
        getattr(annotation, "__origin__", None) is list
        and args
        and isinstance(args[0], type)
        and issubclass(args[0], BaseModel)
    ):
        return args[0], True
    return None, False


def _default(info: FieldInfo) -> str:
    if info.default is PydanticUndefined and info.default_factory is None:
        return "required"
    value = info.get_default(call_default_factory=True)
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, str):
        return f'`"{value}"`'
    if value is None:
        return "none"
    return f"`{getattr(value, 'value', value)}`"


if __name__ == "__main__":
    sys.stdout.write(render())
