"""Keeping the database small: events the central system has acknowledged are dropped after
``retention.sent_events_days``. Pending and rejected events are never dropped (a technician
must see a rejected one), and the audit log is never pruned."""

from __future__ import annotations

from kiosk.services.context import ServiceContext, record


def prune_sent_events(ctx: ServiceContext) -> int:
    cutoff = ctx.clock.iso(ctx.clock.timestamp() - ctx.settings.retention.sent_events_days * 86400)
    with ctx.store.transaction() as conn:
        cur = conn.execute(
            "DELETE FROM outbox WHERE state = 'sent' AND julianday(sent_at) < julianday(?)",
            (cutoff,),
        )
        if cur.rowcount:
            record(
                conn,
                ctx.clock,
                actor="system",
                action="outbox.pruned",
                subject="outbox",
                details={"deleted": cur.rowcount, "sent_before": cutoff},
            )
        return cur.rowcount
