"""``atm-hub migrate``: the schema brought to the newest revision with Alembic (migrations/).

The same revisions run on SQLite and PostgreSQL. Every ``atm-hub`` command runs them first (a
no-op on a current schema), so ``migrate`` is for doing it ahead, e.g. before a deployment.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

HERE = Path(__file__).parent


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(HERE / "migrations"))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine) -> None:
    command.upgrade(alembic_config(engine), "head")
