"""Alembic's environment for the hub: the engine comes from hub.migrate (never from a file)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Engine

from hub.schema import metadata

engine: Engine = context.config.attributes["engine"]
with engine.begin() as connection:
    if engine.dialect.name == "postgresql":
        # Several serve processes starting at once: one migrates, the others wait and find
        # the schema current.
        connection.exec_driver_sql("SELECT pg_advisory_xact_lock(27182818)")
    context.configure(
        connection=connection,
        target_metadata=metadata,
        # SQLite cannot ALTER most things: later revisions use batch mode there.
        render_as_batch=engine.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()
