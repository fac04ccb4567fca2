"""The base of every settings section: frozen, no unknown keys, units in the schema."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict
from pydantic.config import JsonDict


class Section(BaseModel):
    # Frozen: settings are read by several threads; forbid: a misspelt key is an error at load.
    model_config = ConfigDict(extra="forbid", frozen=True)


def unit(name: str) -> JsonDict:
    """A field's unit, for docs/config.md (``json_schema_extra=unit("s")``)."""
    return {"unit": name}
