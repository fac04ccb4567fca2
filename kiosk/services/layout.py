"""The configured doors in the ``compartments`` table: the rows the other services then change."""

from __future__ import annotations

from kiosk.services.context import ServiceContext, record
from kiosk.settings import CompartmentConfig


def sync_layout(ctx: ServiceContext, compartments: list[CompartmentConfig]) -> None:
    """Make the table match the configured doors; a door that disappears from the
    configuration but still holds something stays, disabled, so nothing is lost track of.
    Writes (and audits) only what changed, so opening the store is otherwise read-only."""
    clock = ctx.clock
    stored = {
        r["label"]: (
            r["size"],
            r["board"],
            r["lock"],
            r["col"],
            r["row"],
            r["height"],
            r["disabled"],
        )
        for r in ctx.store.query("SELECT * FROM compartments")
    }
    wanted = {
        c.label: (
            c.size.value,
            c.board,
            c.lock,
            c.column,
            c.row,
            c.height.value,
            int(c.disabled),
        )
        for c in compartments
    }
    changed = sorted(label for label, row in wanted.items() if stored.get(label) != row)
    retired = sorted(label for label, row in stored.items() if label not in wanted and not row[-1])
    if not changed and not retired:
        return
    with ctx.store.transaction() as conn:
        for label in changed:
            conn.execute(
                "INSERT INTO compartments (label, size, board, lock, col, row, height,"
                " disabled, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (label) DO UPDATE SET size = excluded.size,"
                " board = excluded.board, lock = excluded.lock, col = excluded.col,"
                " row = excluded.row, height = excluded.height,"
                " disabled = excluded.disabled, updated_at = excluded.updated_at",
                (label, *wanted[label], clock.iso()),
            )
        for label in retired:
            conn.execute(
                "UPDATE compartments SET disabled = 1, updated_at = ? WHERE label = ?",
                (clock.iso(), label),
            )
        record(
            conn,
            clock,
            actor="system",
            action="layout.changed",
            subject="locker",
            details={"changed": changed, "retired": retired},
        )
